/**
 * The words block pages use, per language. The background's heuristic reads the phrases, per
 * language, to name what matched; the content script carries only NOSPACE_ANY and hashes of
 * CANDIDATE_STEMS (see below). Phrases, not single words, where a language allows: "blocked" alone is in every article
 * about blocking, "access to this site is restricted" is mostly on block pages. The words only
 * ever point: a page's shape, a recorded fingerprint or the control decides.
 */

/** Whitespace, the no-break space included (`\\s` has it), and the zero-width non-joiner of Persian. */
const S = '[\\s\\u200c]+';
/** Up to 60 characters within one sentence: "access to <the site you asked for> is restricted". */
const G = '[^.!?\\u3002\\u0964\\u06d4\\u1362]{0,60}?';

// Scripts written without spaces between words: the content script tests these phrases as they are.
const TH = `ถูกระงับ|ระงับการเข้าถึง|ถูกปิดกั้น|ปิดกั้นการเข้าถึง|ระงับการเผยแพร่|ระงับการให้บริการ`;
const MY = `ပိတ်ပင်|ပိတ်ဆို့`;
const KM = `ត្រូវបាន(?:បិទ|រារាំង|ហាមឃាត់)|ការចូល${G}(?:បិទ|រារាំង|ហាមឃាត់)`;
const ZH = `(?:已|已经)?被(?:依法)?(?:屏蔽|封锁|封鎖|封堵|封停|查封|拦截|攔截)|依法(?:屏蔽|封堵|关闭)|未备案`;

export const BLOCKING: Record<string, string> = {
  en:
    `(?:access|entry)${S}to${S}(?:this|the|that)(?:${S}requested)?${S}(?:web(?:${S})?site|site|page|resource|url|domain|content|address|location)${G}(?:blocked|restricted|denied|prohibited|disabled|limited|suspended)` +
    `|(?:this|the)(?:${S}requested)?${S}(?:web(?:${S})?site|site|page|resource|url|domain)(?:${S}you${S}(?:are${S}trying${S}to${S}(?:reach|open|visit|access)|have${S}(?:requested|attempted${S}to${S}reach)))?${S}(?:has${S}been|is|was)${S}(?:blocked|restricted|banned|suspended|disabled)` +
    `|blocked${S}(?:as${S}per|by${S}(?:an?${S}|the${S})?(?:order|decision|direction)|pursuant${S}to|in${S}(?:accordance|compliance)${S}with|for${S}(?:your${S})?viewing)` +
    `|unavailable${S}for${S}legal${S}reasons|(?:website|site|page)${S}blocked|block(?:ed)?${S}page` +
    `|(?:is${S})?(?:unavailable|inaccessible|not${S}accessible)${S}(?:as|because)${S}it${S}(?:contains|violates)|not${S}accessible${S}(?:from|through|via|on)${S}this${S}network`,
  ru:
    `доступ${S}(?:к${S}${G})?(?:ограничен|заблокирован|закрыт|запрещ[её]н|прекращ[её]н)` +
    `|(?:сайт|ресурс|страниц|адрес)[а-яё]*${S}(?:(?:вс[её]${S})?ещ[её]${S})?(?:был[аои]?${S})?(?:заблокирован|ограничен)` +
    `|заблокирован[а-яё]*${S}(?:по${S}решению|в${S}соответствии|на${S}основании|по${S}требованию|роскомнадзор)|ограничени[ея]${S}доступа` +
    `|(?:включ[её]н|внес[её]н)[а-яё]*${S}в${S}(?:един[а-яё]*${S})?реестр`,
  uk:
    `доступ${S}(?:до${S}${G})?(?:обмежен(?:о|ий)|заблоковано|закрито|заборонено)|(?:сайт|ресурс)[а-яіїє]*${S}заблоковано` +
    `|блокування${S}(?:сайт|ресурс)|ресурсу${S}заборонено`,
  be: `доступ${S}(?:да${S}${G})?(?:абмежаван|заблакіраван|закрыт)|(?:сайт|рэсурс)[а-яіў]*${S}(?:быў${S})?заблакіраван|абмежаванне${S}доступу`,
  kk:
    `қолжетімділік${G}шектел|бұғатта(?:лған|лды|у)|қол${S}жеткізу${G}шектел|кіру${G}шектел|сайт[а-яәіңғүұқөһ]*${S}жабылған` +
    `|(?:кіруге|қол${S}жеткізуге)${G}тыйым${S}салын`,
  ky: `бөгөттөл(?:гөн|дү)|жеткиликтүүлүк${G}чектел|(?:кирүү|жетүү)${G}(?:чектел|токтотул|бөгөттөл)|сайт[а-яөүң]*${S}(?:убактылуу${S})?жабыл(?:ды|ган)`,
  uz: `bloklan(?:gan|di)|kirish${S}(?:cheklangan|taqiqlangan|cheklandi)|блоклан(?:ган|ди)|кириш${S}(?:чеклан|тақиқлан)`,
  tg: `дастрасӣ${S}(?:ба${S}${G})?маҳдуд|(?:сомона|сайт)${G}(?:баста|маҳдуд|манъ)${S}(?:карда${S})?шуд|бастани${S}сомона`,
  tk: `saýt[a-zçäžňöşüý]*${S}(?:petiklen|çäklendiril|ýapyl)|(?:girmek|giriş|elýeterlilik)${G}(?:çäklendiril|gadagan|petiklen)`,
  az: `(?:giriş|daxil${S}olmaq|çıxış)${G}(?:məhdudlaşdırıl|bloklan|qadağan)|(?:sayt|internet${S}informasiya${S}ehtiyat)[a-zəığöşçü]*${G}bloklan`,
  hy: `(?:հասանելիություն|մուտք)${G}(?:սահմանափակ|արգելափակ)|արգելափակված${S}է`,
  ka: `დაბლოკილ|წვდომა${G}შეზღუდულ|შეზღუდულია${S}წვდომა`,
  tr: `erişim(?:e|in|iniz)?${S}(?:engellen|kısıtlan|sağlanamamaktadır)|erişime${S}(?:engellenmiştir|kapatılmıştır)|engellenmiştir`,
  fa: `دسترسی${S}به${S}این${S}(?:تارنما|سایت|وب(?:${S})?سایت|صفحه)|امکان[\\s\\u200c]*پذیر${S}نمی[\\s\\u200c]*باشد|فیلتر${S}شده|مسدود${S}شده`,
  ar:
    `تم${S}(?:حجب|إيقاف${S}الوصول|منع${S}الوصول|تقييد${S}الوصول)|محجوب|محتوى${S}محظور` +
    `|(?:الوصول|الدخول)${S}(?:إلى|الى)${G}(?:محظور|ممنوع|غير${S}مسموح)|(?:الموقع|الصفحة)${S}(?:المطلوب(?:ة)?${S})?(?:محجوب|محظور|مخالف)`,
  ur: `(?:ویب(?:${S})?سائٹ|سائٹ|رسائی)${G}(?:بلاک|بند${S}کر|محدود${S}کر|ممنوع)`,
  hi: `(?:वेबसाइट|साइट|पहुंच|पहुँच|यूआरएल)${G}(?:अवरुद्ध|प्रतिबंधित|ब्लॉक)`,
  ne: `(?:पहुँच|साइट|वेबसाइट)${G}(?:रोकिएको|बन्द${S}गरिएको|अवरुद्ध|प्रतिबन्धित)`,
  bn: `(?:ওয়েবসাইট|সাইট|প্রবেশ|অ্যাক্সেস)${G}(?:বন্ধ${S}(?:করা|রাখা)|ব্লক|সীমিত${S}করা|নিষিদ্ধ)`,
  th: TH,
  my: MY,
  km: KM,
  vi: `(?:trang${S}web|website|trang|truy${S}cập|tên${S}miền)${G}(?:đã${S})?bị${S}(?:chặn|khóa|hạn${S}chế|cấm)|chặn${S}truy${S}cập`,
  zh: ZH,
  ko: `(?:접속|접근)(?:이|을)?(?:${S})?(?:차단|제한)|차단(?:되었습니다|된${S}사이트|${S}안내)`,
  id: `(?:situs|laman|konten)${S}(?:ini${S}|yang${S}anda${S}akses${S})?di(?:${S})?blokir|internet${S}positif|akses${S}(?:diblokir|ditolak)|telah${S}di(?:${S})?blokir`,
  ms: `(?:laman(?:${S}web)?|akses|tapak)${G}disekat|disekat${S}(?:kerana|atas|mengikut)`,
  fil: `naka-?block|hinarang${G}(?:website|site|access)|(?:website|site)${S}(?:na${S}ito${S})?ay${S}(?:naka-?block|hinarang)`,
  am: `(?:ድረ-?ገጽ|ገጽ|መግባት|መድረስ)${G}(?:ታግዷል|ተከልክሏል|ተዘግቷል)`,
  sw: `(?:tovuti|ukurasa|ufikiaji)${G}(?:imezuiwa|umezuiwa|imefungwa|umefungwa|imepigwa${S}marufuku)`,
  de: `(?:seite|website|webseite|zugriff|zugang|domain)${S}${G}(?:gesperrt|blockiert)`,
  fr: `(?:site|page|accès)${G}(?:a${S}été${S}|est${S})(?:bloqué|suspendu|restreint|interdit)|(?:site|page|accès)${S}bloqué`,
  es: `(?:sitio|página|acceso|contenido)${G}(?:ha${S}sido${S}|está${S}|fue${S})(?:bloquead|restringid|suspendid)|(?:sitio|página)${S}(?:web${S})?bloquead`,
  pt: `(?:site|sítio|página|acesso|conteúdo)${G}(?:foi|está|encontra-se)${S}(?:bloquead|suspens|restrit)|(?:site|página)${S}bloquead|bloquead[oa]${S}por${S}(?:determinação|ordem|decisão)`,
  it: `(?:sito|pagina|accesso)${G}(?:inibit|bloccat|oscurat|interdett)|pagina${S}bloccata`,
  pl: `(?:strona|dostęp|witryna)${G}(?:zablokowan|ograniczon)`,
  cs: `(?:přístup|stránka|prístup|stránk)${G}(?:zablokován|blokován|zablokovan|obmedzen|omezen)`,
  ro: `(?:accesul|site-ul|pagina)${G}(?:restricționat|restricţionat|restrictionat|blocat)`,
  bg: `(?:достъпът|сайтът)${G}(?:блокиран|ограничен|спрян)`,
  sr: `zabranjen${S}pristup|pristup${G}(?:zabranjen|blokiran|onemogućen)|забрањен${S}приступ|приступ${G}(?:забрањен|блокиран)`,
  el: `(?:πρόσβαση|ιστότοπο|ιστοσελίδα)${G}(?:αποκλει|μπλοκαρ|περιορ)|έχει${S}αποκλειστεί`,
  he: `(?:הגישה|האתר)${G}(?:נחסמ|חסומ|הוגבל)`,
  hu: `(?:hozzáférés|oldal)${G}(?:letiltva|korlátozva|blokkolva)|elérhetetlenné${S}tétel`,
  nl: `(?:website|site|toegang|pagina)${G}(?:geblokkeerd|afgeschermd)|stoppagina`,
  da: `adgang(?:en)?${S}til${G}(?:blokeret|spærret)`,
  no: `(?:nettsted|nettside|side)${G}(?:blokkert|sperret)`,
  sv: `(?:sidan|webbplatsen)${G}(?:blockerad|spärrad)|blockerad${S}efter${S}ett${S}beslut`,
  is: `lögbann`,
  lv: `(?:piekļuve|vietne)${G}(?:bloķēta|ierobežota|slēgta)`,
  lt: `(?:prieiga|svetainė)${G}(?:apribota|užblokuota)`,
  et: `(?:juurdepääs|veebileht)${G}(?:piiratud|blokeeritud)`,
  mn: `(?:хандах|хандалт)${G}(?:хязгаарла|хаасан|блоклосон)`,
};

export const AUTHORITY: Record<string, string> = {
  en: `court|judicial|decision|\\border\\b|ministry|government|regulator|authorit|\\blaw\\b|legislation|prosecutor|commission|pursuant|decree|directive|regulation|department${S}of`,
  ru: `суд|решени|роскомнадзор|(?<!\\p{L})ркн(?!\\p{L})|закон|федеральн|прокуратур|министерств|реестр|149-фз|постановлени|уполномоченн`,
  uk: `суд|рішенн|рнбо|указ|закон|міністерств|уповноважен`,
  be: `суд|рашэнн|закон|міністэрств|указ|упаўнаважан`,
  kk: `(?<!\\p{L})сот\\p{L}{0,5}(?!\\p{L})|шешім|заң|министрлі|прокуратура|уәкілетті|нұсқама`,
  ky: `(?<!\\p{L})сот\\p{L}{0,5}(?!\\p{L})|чечим|мыйзам|министрлиг|ыйгарым`,
  uz: `\\bsud|qaror|qonun|vazirlig|қарор|қонун|ваколатли`,
  tg: `қарор|(?<!\\p{L})суд|қонун|вазорат|мақомот|ваколатдор`,
  tk: `kanun|karar|kazyýet|ministrlig`,
  az: `qərar|məhkəmə|qanun|nazirli`,
  hy: `դատարան|որոշմ|օրենք|նախարարություն|հանձնաժողով`,
  ka: `სასამართლ|გადაწყვეტილ|კანონ|სამინისტრო|კომისი`,
  tr: `karar|mahkeme|kanun|\\bbtk\\b|sulh|başkanlığ|5651|kurum`,
  fa: `قانون|کارگروه|مصادیق|قضایی|دادستان`,
  ar: `قانون|وزارة|هيئة|محكمة|قرار|تعليمات|الأنظمة`,
  ur: `اتھارٹی|حکومت|عدالت|قانون|وزارت|احکامات`,
  hi: `सरकार|मंत्रालय|विभाग|आदेश|न्यायालय|अदालत|कानून|अधिनियम`,
  ne: `प्राधिकरण|निर्देशन|सरकार|मन्त्रालय|अदालत|(?<!\\p{L})ऐन`,
  bn: `কমিশন|সরকার|নির্দেশ|আদালত|আইন|মন্ত্রণালয়`,
  th: `กระทรวง|ศาล|คำสั่ง|พระราชบัญญัติ|กฎหมาย`,
  my: `ဝန်ကြီးဌာန|ညွှန်ကြား|ဥပဒေ|တရားရုံး`,
  km: `ក្រសួង|តុលាការ|ច្បាប់|ការណែនាំ|សេចក្តីសម្រេច`,
  vi: `bộ${S}thông${S}tin|pháp${S}luật|quy${S}định|nghị${S}định|cơ${S}quan|tòa${S}án|yêu${S}cầu${S}của`,
  zh: `法律|法规|通信管理局|工信部|公安|监管|主管部门|依法|政策`,
  ko: `방송통신심의위원회|심의|법률|법령|경찰청|위원회`,
  id: `kominfo|kementerian|undang|peraturan|pemerintah`,
  ms: `suruhanjaya|akta|kerajaan|mahkamah|kementerian|\\bskmm\\b|\\bmcmc\\b`,
  fil: `kautusan|batas|\\bntc\\b|komisyon|korte|alinsunod`,
  am: `ባለሥልጣን|ውሳኔ|ሕግ|አዋጅ|ፍርድ|ሚኒስቴር`,
  sw: `mamlaka|agizo|sheria|mahakama|wizara|serikali`,
  de: `gericht|behörde|gesetz|verfügung|anordnung`,
  fr: `tribunal|autorité|décision|\\bloi\\b|ministère|arcom|administrative`,
  es: `judicial|autoridad|ley\\b|ministerio|resolución|disposición|comisión`,
  pt: `judicial|justiça|tribunal|anatel|\\blei\\b|decreto|determinação|ministério|autoridade`,
  it: `autorità|giudiziari|provvedimento|decreto|agcom|\\badm\\b|polizia|tribunale|legge|normativa|ai${S}sensi`,
  pl: `rejestr|ustaw|ministr|(?<!\\p{L})sąd|decyzj|urząd`,
  cs: `(?<!\\p{L})soud|rozhodnut|zákon|ministerstv|úřad`,
  ro: `oficiul|decizi|autorit|(?<!\\p{L})leg(?:e|ii)(?!\\p{L})|onjn|instanț`,
  bg: `(?<!\\p{L})съд|решение|закон|министерств|комисия`,
  sr: `zakon|(?<!\\p{L})sud|rešenj|ministarstv|закон|(?<!\\p{L})суд`,
  el: `επιτροπή|απόφαση|νόμο|υπουργ|δικαστ`,
  he: `בית${S}משפט|(?<!\\p{L})צו(?!\\p{L})|חוק|משרד|רשות`,
  hu: `(?<!\\p{L})bíróság|határozat|törvény|hatóság|minisztérium`,
  nl: `rechter|gerecht|kansspelautoriteit|(?<!\\p{L})wet(?!\\p{L})|ministerie|overheid|besluit|wetgeving`,
  da: `retten|domstol|kendelse|(?<!\\p{L})lov(?!\\p{L})|myndighed`,
  no: `tingretten|domstol|(?<!\\p{L})lov(?!\\p{L})|myndighet|pålagt`,
  sv: `beslut|domstol|(?<!\\p{L})lag(?!\\p{L})|myndighet|patent`,
  is: `sýslumað|dómstól|(?<!\\p{L})lög(?!\\p{L})`,
  lv: `inspekcij|pieprasījum|likum|tiesa`,
  lt: `teism|sprendim|įstatym|tarnyb`,
  et: `kohus|otsus|seadus|amet`,
  mn: `хороо|шийдвэр|хууль|шүүх|яам`,
};

/**
 * Phrasings taken from recorded block pages that are too particular to help find unseen ones in
 * the page: the background's heuristic and the recorded-sentence figure use them, the content
 * script does not need them (their pages carry recorded fingerprints, which it looks up).
 */
export const BLOCKING_RECORDED: Record<string, string> = {
  en:
    `not${S}available${S}in${S}\\p{L}+${S}as${S}it${S}violat|violating${S}the${S}regulations${S}of|prohibited${S}for${S}view` +
    `|ordered${S}(?:a${S})?blocking${S}of${S}access|forced${S}to${S}block${S}the${S}site|we${S}are${S}blocking${S}this|has${S}therefore${S}been${S}blocked` +
    `|ceased${S}the${S}service${S}to${S}access|considered${S}illegal${S}according|restricted${S}for${S}browsing|(?:disabled|blocked|restricted)${S}because${S}${G}court|blocked${S}from${S}the${S}\\p{L}+${S}network`,
  ru: `распространение${S}которой${S}${G}запрещено`,
  uk: `відвідування${S}${G}заборонено|обмеження${S}(?:надання${S}послуг${S})?доступу`,
  id: `internet${S}sehat|tidak${S}(?:bisa|dapat)${S}diakses${S}(?:melalui|dari)${S}jaringan${S}ini|tidak${S}diperkenankan${S}pemerintah|mengandung${S}unsur${S}(?:ilegal|pornografi|perjudian)`,
  sr: `zakonom${S}je${S}zabranjeno`,
  no: `dns-blokkering`,
  is: `aðgang${S}að${S}þessu${S}vefsvæði`,
  da: `blokere${G}adgang|ingen${S}adgang${S}til${S}denne${S}side`,
  es: `no${S}puedo${S}mostrar${S}este${S}sitio`,
};

/** Per language, everything the heuristic counts as blocking words (a function: the content script must not build it). */
export function blockingAll(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(BLOCKING).map(([lang, core]) => [lang, BLOCKING_RECORDED[lang] ? `${core}|${BLOCKING_RECORDED[lang]}` : core]),
  );
}

/** Everything in BLOCKING as one expression, for tests and the corpus figures. */
export const BLOCKING_ANY = /* @__PURE__ */ Object.values(BLOCKING).join('|');

/** The content script's phrases for scripts without spaces; other languages it reads by CANDIDATE_STEMS. */
export const NOSPACE_ANY = [TH, MY, KM, ZH].join('|');

/**
 * For the content script, which cannot carry the phrases above to every page: word beginnings, per
 * language, as space-separated lists (two words may form one stem: "internet positif"). A page is a
 * candidate when a word begins with a `strong` stem, or one word with a `weak` stem and another with
 * an `access` stem. Every BLOCKING phrase holds a strong stem, or a weak and an access one: the
 * stems find at least what the phrases find (tests/utils/blockpage-vocabulary.test.ts), and the
 * background's heuristic then reads the phrases. scripts/blockpage-precheck hashes these into
 * precheck-data.ts.
 */
export const CANDIDATE_STEMS: Record<string, { strong?: string; weak?: string; access?: string }> = {
  en: {
    strong: 'blocked legal_reasons',
    weak: 'block restrict denied prohibited disabled limited suspended banned unavailable inaccessible accessible',
    access: 'access entry site website web page resource url domain content address location network',
  },
  ru: {
    strong: 'заблокирован',
    weak: 'ограничен закрыт запрещ прекращ включен включён внесен внесён',
    access: 'доступ сайт ресурс страниц адрес реестр',
  },
  uk: { strong: 'заблоковано заблокован', weak: 'обмежен закрито заборонено блокуванн', access: 'доступ сайт ресурс' },
  be: { strong: 'заблакіраван', weak: 'абмежаван закрыт', access: 'доступ сайт рэсурс' },
  kk: { strong: 'бұғатта', weak: 'шектел жабылған тыйым', access: 'қолжетімділік жеткізу кіру сайт' },
  ky: { strong: 'бөгөттөл', weak: 'чектел токтотул жабыл', access: 'жеткиликтүүлүк кирүү жетүү сайт' },
  uz: { strong: 'bloklan блоклан', weak: 'cheklan taqiqlan чеклан тақиқлан', access: 'kirish кириш' },
  tg: { weak: 'маҳдуд баста бастани манъ', access: 'дастрасӣ сомона сайт' },
  tk: { strong: 'petiklen', weak: 'çäklendiril ýapyl gadagan', access: 'saýt girmek giriş elýeterlilik' },
  az: { weak: 'məhdudlaşdırıl qadağan', access: 'giriş daxil çıxış sayt ehtiyat' },
  hy: { strong: 'արգելափակ', weak: 'սահմանափակ', access: 'հասանելիություն մուտք' },
  ka: { strong: 'დაბლოკილ', weak: 'შეზღუდულ', access: 'წვდომა' },
  tr: { strong: 'engellen', weak: 'kısıtlan sağlanamamaktadır kapatıl', access: 'erişim' },
  fa: { strong: 'فیلتر مسدود', weak: 'دسترسی', access: 'تارنما سایت وب صفحه' },
  ar: { strong: 'حجب محجوب محظور', weak: 'إيقاف منع تقييد ممنوع مخالف', access: 'الوصول الدخول الموقع الصفحة' },
  ur: { strong: 'بلاک', weak: 'بند محدود ممنوع', access: 'سائٹ رسائی ویب' },
  hi: { strong: 'अवरुद्ध ब्लॉक', weak: 'प्रतिबंधित', access: 'वेबसाइट साइट पहुंच पहुँच यूआरएल' },
  ne: { strong: 'अवरुद्ध', weak: 'रोकिएको बन्द प्रतिबन्धित', access: 'पहुँच साइट वेबसाइट' },
  bn: { strong: 'ব্লক', weak: 'বন্ধ সীমিত নিষিদ্ধ', access: 'ওয়েবসাইট সাইট প্রবেশ অ্যাক্সেস' },
  vi: { strong: 'bị_chặn chặn_truy', weak: 'bị_khóa bị_hạn bị_cấm', access: 'truy trang website tên' },
  ko: { strong: '차단', weak: '제한', access: '접속 접근' },
  id: { strong: 'diblokir blokir internet_positif', weak: 'ditolak', access: 'akses situs laman konten' },
  ms: { strong: 'disekat' },
  fil: { strong: 'naka_block nakablock hinarang' },
  am: { strong: 'ታግዷል', weak: 'ተከልክሏል ተዘግቷል', access: 'ድረ ገጽ መግባት መድረስ' },
  sw: { strong: 'imezuiwa umezuiwa', weak: 'imefungwa umefungwa marufuku', access: 'tovuti ukurasa ufikiaji' },
  de: { weak: 'gesperrt blockiert', access: 'seite website webseite zugriff zugang domain' },
  fr: { weak: 'bloqué suspendu restreint interdit', access: 'site page accès' },
  es: { weak: 'bloquead restringid suspendid', access: 'sitio página acceso contenido' },
  pt: { strong: 'bloqueado_por bloqueada_por', weak: 'bloquead suspens restrit', access: 'site sítio página acesso conteúdo' },
  it: { weak: 'inibit bloccat oscurat interdett', access: 'sito pagina accesso' },
  pl: { weak: 'zablokowan ograniczon', access: 'strona dostęp witryna' },
  cs: { weak: 'zablokován blokován zablokovan obmedzen omezen', access: 'přístup stránk prístup' },
  ro: { weak: 'restricționat restricţionat restrictionat blocat', access: 'accesul site pagina' },
  bg: { weak: 'блокиран ограничен спрян', access: 'достъп сайт' },
  sr: { weak: 'zabranjen blokiran onemogućen забрањен блокиран', access: 'pristup приступ' },
  el: { weak: 'αποκλει μπλοκαρ περιορ', access: 'πρόσβαση ιστότοπ ιστοσελίδ' },
  he: { weak: 'נחסמ חסומ הוגבל', access: 'הגישה האתר' },
  hu: { strong: 'elérhetetlenné_tétel', weak: 'letiltva korlátozva blokkolva', access: 'hozzáférés oldal' },
  nl: { strong: 'stoppagina', weak: 'geblokkeerd afgeschermd', access: 'website site toegang pagina' },
  da: { weak: 'blokeret spærret', access: 'adgang' },
  no: { weak: 'blokkert sperret', access: 'nettsted nettside side' },
  sv: { strong: 'blockerad_efter', weak: 'blockerad spärrad', access: 'sidan webbplatsen' },
  is: { strong: 'lögbann' },
  lv: { weak: 'bloķēta ierobežota slēgta', access: 'piekļuve vietne' },
  lt: { weak: 'apribota užblokuota', access: 'prieiga svetainė' },
  et: { weak: 'piiratud blokeeritud', access: 'juurdepääs veebileht' },
  mn: { weak: 'хязгаарла хаасан блоклосон', access: 'хандах хандалт' },
};
