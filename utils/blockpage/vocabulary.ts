/**
 * The words block pages use, per language. The content script carries only BLOCKING_ANY (one
 * precompiled expression); the background's heuristic uses the per-language lists to name what
 * matched. Phrases, not single words, where a language allows: "blocked" alone is in every article
 * about blocking, "access to this site is restricted" is mostly on block pages.
 */

const S = '[\\s\\u00a0\\u200c]+';

export const BLOCKING: Record<string, string> = {
  en:
    `(?:access|entry)${S}to${S}(?:this|the|that)(?:${S}requested)?${S}(?:web(?:${S})?site|site|page|resource|url|domain|content|address)[^.]{0,60}?(?:blocked|restricted|denied|prohibited|disabled|limited|suspended)` +
    `|(?:this|the)(?:${S}requested)?${S}(?:web(?:${S})?site|site|page|resource|url|domain)(?:${S}you${S}(?:are${S}trying${S}to${S}(?:reach|open|visit|access)|have${S}(?:requested|attempted${S}to${S}reach)))?${S}(?:has${S}been|is|was)${S}(?:blocked|restricted|banned|suspended|disabled)` +
    `|blocked${S}(?:as${S}per|by${S}(?:order|decision|direction)|pursuant${S}to|in${S}accordance${S}with)` +
    `|unavailable${S}for${S}legal${S}reasons|(?:website|site|page)${S}blocked`,
  ru:
    `доступ${S}(?:к${S}[^.]{0,60}?)?(?:ограничен|заблокирован|закрыт|запрещ[её]н|прекращ[её]н)` +
    `|(?:сайт|ресурс|страниц|адрес)[а-яё]*${S}(?:был[аои]?${S})?(?:заблокирован|ограничен)` +
    `|заблокирован[а-яё]*${S}(?:по${S}решению|в${S}соответствии|на${S}основании|по${S}требованию)|ограничени[ея]${S}доступа`,
  uk: `доступ${S}(?:до${S}[^.]{0,60}?)?(?:обмежен(?:о|ий)|заблоковано|закрито)|(?:сайт|ресурс)[а-яіїє]*${S}заблоковано|блокування${S}(?:сайт|ресурс)|ресурсу${S}заборонено`,
  kk: `қолжетімділік[^.]{0,30}?шектел|бұғатта(?:лған|лды|у)|қол${S}жеткізу[^.]{0,30}?шектел|кіру[^.]{0,30}?шектел|сайт[а-яәіңғүұқөһ]*${S}жабылған`,
  ky: `бөгөттөл(?:гөн|дү)|жеткиликтүүлүк[^.]{0,30}?чектел|кирүү[^.]{0,30}?чектел`,
  uz: `bloklan(?:gan|di)|kirish${S}(?:cheklangan|taqiqlangan)|блоклан(?:ган|ди)|кириш${S}чеклан`,
  tr: `erişim(?:e|in|iniz)?${S}(?:engellen|kısıtlan|sağlanamamaktadır)|erişime${S}engellenmiştir|engellenmiştir`,
  fa: `دسترسی${S}به${S}این${S}(?:تارنما|سایت|وب(?:${S})?سایت|صفحه)|امکان[\\s\\u200c]*پذیر${S}نمی[\\s\\u200c]*باشد|فیلتر${S}شده|مسدود${S}شده`,
  th: `ถูกระงับ|ระงับการเข้าถึง|ถูกปิดกั้น|ปิดกั้นการเข้าถึง`,
  ar: `تم${S}حجب|محجوب|محتوى${S}محظور`,
  id: `(?:situs|laman|konten)${S}(?:ini${S})?diblokir|internet${S}positif|akses${S}(?:diblokir|ditolak)`,
  de: `(?:seite|website|webseite|zugriff)${S}(?:wurde${S}|ist${S})?gesperrt`,
  fr: `(?:site|page|accès)${S}(?:a${S}été${S}|est${S})?bloqué`,
  es: `(?:sitio|página|acceso)${S}(?:ha${S}sido${S}|está${S})?bloquead`,
};

export const AUTHORITY: Record<string, string> = {
  en: `court|judicial|decision|\\border\\b|ministry|government|regulator|authorit|\\blaw\\b|legislation|prosecutor|commission|pursuant|decree`,
  ru: `суд|решени|роскомнадзор|(?<!\\p{L})ркн(?!\\p{L})|закон|федеральн|прокуратур|министерств|реестр|149-фз|постановлени|уполномоченн`,
  uk: `суд|рішенн|рнбо|указ|закон|міністерств|уповноважен`,
  kk: `(?<!\\p{L})сот\\p{L}{0,5}(?!\\p{L})|шешім|заң|министрлі|прокуратура|уәкілетті`,
  ky: `(?<!\\p{L})сот\\p{L}{0,5}(?!\\p{L})|чечим|мыйзам|министрлиг`,
  uz: `\\bsud|qaror|qonun|vazirlig|қарор|қонун`,
  tr: `karar|mahkeme|kanun|\\bbtk\\b|sulh|başkanlığ|5651`,
  fa: `قانون|کارگروه|مصادیق|قضایی|دادستان`,
  th: `กระทรวง|ศาล|คำสั่ง|พระราชบัญญัติ|กฎหมาย`,
  ar: `قانون|وزارة|هيئة|محكمة`,
  id: `kominfo|kementerian|undang|peraturan`,
  de: `gericht|behörde|gesetz|verfügung`,
  fr: `tribunal|autorité|décision|\\bloi\\b|ministère`,
  es: `judicial|autoridad|ley\\b|ministerio|resolución`,
};

/** Everything in BLOCKING as one expression: the content script's single pre-check. */
export const BLOCKING_ANY = Object.values(BLOCKING).join('|');
