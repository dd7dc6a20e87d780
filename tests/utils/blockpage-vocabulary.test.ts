import { describe, expect, it } from 'vitest';
import { FINGERPRINT_ROWS } from '../../utils/blockpage/fingerprint-data';
import { assessPage, matchHeuristic, unquoted } from '../../utils/blockpage/heuristic';
import { pageShape } from '../../utils/blockpage/html-text';
import { saysBlocked } from '../../utils/blockpage/precheck';
import { AUTHORITY, BLOCKING, BLOCKING_ANY, CANDIDATE_STEMS } from '../../utils/blockpage/vocabulary';
import { NEGATIVES } from '../fixtures/blockpages/negatives';
import { POSITIVES } from '../fixtures/blockpages/positives';

const doc = (title: string, body: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`;

/** The languages the issue names, and a notice in each: a title, and a sentence naming an authority. */
const NOTICES: Record<string, [string, string]> = {
  az: ['Sayt bloklanıb', 'Bu sayta giriş məhkəmənin qərarı ilə məhdudlaşdırılıb.'],
  hy: ['Մուտքն արգելափակված է', 'Կայքի հասանելիությունը սահմանափակված է դատարանի որոշմամբ։'],
  ka: ['წვდომა შეზღუდულია', 'ვებგვერდზე წვდომა შეზღუდულია კომისიის გადაწყვეტილებით.'],
  tg: ['Сомона баста шуд', 'Дастрасӣ ба сомона бо қарори суд маҳдуд карда шудааст.'],
  tk: ['Saýt petiklendi', 'Bu saýta girmek kazyýetiň karary bilen çäklendirildi.'],
  be: ['Сайт заблакіраваны', 'Доступ да рэсурсу абмежаваны паводле рашэння суда.'],
  ky: ['Кирүү чектелди', 'Сайтка жетүү соттун чечими менен чектелди.'],
  vi: ['Trang bị chặn', 'Trang web này đã bị chặn theo quy định của pháp luật.'],
  zh: ['网站已被屏蔽', '根据相关法律法规，该网站已被依法屏蔽。'],
  ko: ['차단 안내', '요청하신 사이트는 법령에 따라 접속이 차단되었습니다.'],
  hi: ['साइट ब्लॉक', 'सरकार के आदेश से इस साइट तक पहुंच अवरुद्ध है।'],
  ur: ['سائٹ بند', 'عدالت کے حکم پر اس ویب سائٹ تک رسائی بند کر دی گئی ہے۔'],
  bn: ['সাইট বন্ধ', 'সরকারের নির্দেশে এই সাইটে প্রবেশ বন্ধ করা হয়েছে।'],
  ms: ['Laman disekat', 'Laman web ini disekat mengikut arahan kerajaan.'],
  my: ['ပိတ်ပင်ထားသည်', 'ဥပဒေအရ ဤဝက်ဘ်ဆိုက်ကို ပိတ်ပင်ထားပါသည်။'],
  km: ['គេហទំព័រត្រូវបានបិទ', 'គេហទំព័រនេះត្រូវបានបិទ តាមសេចក្តីសម្រេចរបស់តុលាការ។'],
  am: ['ገጹ ታግዷል', 'ይህ ድረ-ገጽ በፍርድ ቤት ውሳኔ ታግዷል።'],
  sw: ['Tovuti imezuiwa', 'Tovuti hii imezuiwa kwa amri ya mahakama.'],
  pt: ['Página bloqueada', 'Este site foi bloqueado por ordem judicial.'],
  it: ['Sito oscurato', 'Questo sito è stato oscurato su provvedimento del tribunale.'],
};

/** Sentences ordinary pages say in the same languages: shops, news, forms. */
const ORDINARY = [
  'Giỏ hàng của bạn đang trống. Tiếp tục mua sắm.',
  'Доставка по городу бесплатно. Количество товара ограничено.',
  '会员登录后可查看更多内容。',
  '로그인 후 이용하실 수 있습니다.',
  'Il negozio è chiuso la domenica.',
  'Frete grátis para compras acima de R$ 100.',
  'Sayta xoş gəlmisiniz! Yeni məhsullar.',
  'Karibu kwenye duka letu la mtandaoni.',
  'Access to your account settings',
  'Limited time offer: 20% off all items.',
];

describe('the vocabulary covers the languages of the fingerprint database', () => {
  it.each(Object.keys(NOTICES))('%s: phrases, authorities and stems', (lang) => {
    expect(BLOCKING[lang], lang).toBeTruthy();
    expect(AUTHORITY[lang], lang).toBeTruthy();
    expect(CANDIDATE_STEMS[lang] ?? /^(zh|my|km|th)$/.test(lang), lang).toBeTruthy();
  });

  it.each(Object.entries(NOTICES))('%s: a short notice is recognised by the heuristic, in its language', (lang, [title, sentence]) => {
    const shape = pageShape(doc(title, `<p>${sentence}</p>`));
    expect(assessPage(shape).signals, lang).toContain(`blocking:${lang}`);
    expect(matchHeuristic(shape), lang).not.toBeNull();
    expect(saysBlocked(sentence) || saysBlocked(title), lang).toBe(true);
  });

  it.each(ORDINARY)('says nothing of an ordinary sentence: %s', (sentence) => {
    expect(new RegExp(BLOCKING_ANY, 'iu').test(sentence)).toBe(false);
    expect(saysBlocked(sentence)).toBe(false);
  });
});

describe('the content script’s stems find at least what the phrases find', () => {
  const phrases = new RegExp(BLOCKING_ANY, 'iu');
  const sentences = FINGERPRINT_ROWS.filter((r) => r[1] === 'body' && r[3] === 'contains').map((r) => r[4].replace(/<[^>]*>/g, ' '));
  const texts = [
    ...POSITIVES.map((p) => pageShape(p.html)).flatMap((s) => [s.title, s.text]),
    ...NEGATIVES.map((p) => pageShape(p.html)).flatMap((s) => [s.title, s.text]),
    ...Object.values(NOTICES).flat(),
    ...sentences,
  ];

  it('on every corpus page, notice above and recorded sentence', () => {
    const missed = texts.filter((t) => phrases.test(t) && !saysBlocked(t));
    expect(missed).toEqual([]);
    // The check is not empty: most of these say "blocked" in some language.
    expect(texts.filter((t) => phrases.test(t)).length).toBeGreaterThan(200);
  });
});

describe('quotations', () => {
  it('takes out what a page quotes, in the quotation marks of many languages', () => {
    expect(unquoted('Readers saw “Access to this website has been blocked” on Monday')).not.toMatch(/blocked/);
    expect(unquoted('Читатели видят «Доступ к ресурсу ограничен»')).not.toMatch(/ограничен/);
    expect(unquoted('页面显示「该网站已被屏蔽」')).not.toMatch(/屏蔽/);
    expect(unquoted('Доступ к ресурсу ограничен')).toMatch(/ограничен/);
  });

  it('does not count blocking words a short item only quotes, even with the law and the authority named', () => {
    const brief = doc(
      'Форум недоступен',
      '<p>Пользователи видят надпись «Доступ к ресурсу ограничен на основании решения суда». В Роскомнадзоре не ответили.</p>',
    );
    expect(matchHeuristic(pageShape(brief))).toBeNull();
    const notice = doc('Доступ ограничен', '<p>Доступ к ресурсу ограничен на основании решения суда (закон «Об информации»).</p>');
    expect(matchHeuristic(pageShape(notice))).toMatchObject({ fingerprint: 'heuristic.ru' });
  });
});
