/**
 * GET /join: the page an organisation hands its reporters. Its "Use this collector in Blockwatch"
 * button is read by Blockwatch (which then asks the user to confirm on a page of its own); the
 * page carries no script, and shows the address to enter by hand where Blockwatch is not installed.
 */
import { createHash } from 'node:crypto';
import type { Context } from 'hono';

type Language = 'en' | 'ru' | 'kk';

const TEXT: Record<Language, { title: string; intro: string; button: string; confirm: string; manual: string; privacy: string }> = {
  en: {
    title: 'Send your Blockwatch reports here',
    intro:
      'This server collects reports of blocked websites sent by Blockwatch, the browser extension that notices blocking while you browse.',
    button: 'Use this collector in Blockwatch',
    confirm: 'Blockwatch then shows a page of its own naming this server; nothing changes until you confirm there.',
    manual: 'Nothing happens? Install Blockwatch first and open this page again, or enter this address in Blockwatch’s options:',
    privacy: 'This collector keeps the reports you send. It never stores or logs your IP address.',
  },
  ru: {
    title: 'Отправляйте сюда отчёты Blockwatch',
    intro:
      'Этот сервер собирает отчёты о заблокированных сайтах от Blockwatch — расширения браузера, которое замечает блокировки, пока вы пользуетесь интернетом.',
    button: 'Использовать этот сборщик в Blockwatch',
    confirm: 'Затем Blockwatch покажет собственную страницу с именем этого сервера; ничего не изменится, пока вы не подтвердите там.',
    manual:
      'Ничего не происходит? Сначала установите Blockwatch и откройте эту страницу снова или введите этот адрес в настройках Blockwatch:',
    privacy: 'Этот сборщик хранит отчёты, которые вы отправляете. Он никогда не сохраняет и не записывает в журнал ваш сетевой адрес.',
  },
  kk: {
    title: 'Blockwatch хабарламаларын осында жіберіңіз',
    intro:
      'Бұл сервер Blockwatch жіберген бұғатталған сайттар туралы хабарламаларды жинайды. Blockwatch — интернетті пайдаланып жүргенде бұғаттауларды байқайтын браузер кеңейтімі.',
    button: 'Бұл жинаушыны Blockwatch-та қолдану',
    confirm: 'Содан кейін Blockwatch осы сервердің атауы жазылған өз бетін көрсетеді; сол жерде растамайынша ештеңе өзгермейді.',
    manual: 'Ештеңе болмай ма? Алдымен Blockwatch орнатып, бұл бетті қайта ашыңыз немесе осы мекенжайды Blockwatch баптауларына енгізіңіз:',
    privacy: 'Бұл жинаушы сіз жіберген хабарламаларды сақтайды. Ол желілік мекенжайыңызды ешқашан сақтамайды және журналға жазбайды.',
  },
};

const STYLE =
  'body{font:17px/1.5 system-ui,sans-serif;color:#1b1b1b;margin:0}main{max-width:40rem;margin:2rem auto;padding:0 1rem}' +
  'button{font:inherit;font-weight:600;padding:.7rem 1.2rem;border:0;border-radius:6px;background:#0b57d0;color:#fff;cursor:pointer;max-width:100%}' +
  'button:focus-visible{outline:3px solid #0b57d0;outline-offset:2px}code{font-size:1rem;overflow-wrap:anywhere;background:#f2f4f7;padding:.1rem .3rem}.hint{color:#4a4a4a}';
const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');

const HEADERS = {
  // No script at all; the one inline style is allowed by its hash.
  'Content-Security-Policy': `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-cache',
};

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The first of the page's languages the reader's browser asks for, by its order of preference. */
export function pickLanguage(acceptLanguage: string | undefined): Language {
  const wanted = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = Number(
        params
          .find((p) => p.trim().startsWith('q='))
          ?.trim()
          .slice(2) ?? 1,
      );
      return { language: tag.split('-')[0], q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((w) => w.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return (wanted.find((w) => w.language === 'kk' || w.language === 'ru' || w.language === 'en')?.language as Language | undefined) ?? 'en';
}

/**
 * The address to show for entering by hand: where this page was asked for, without `/join`.
 * Behind our own TLS proxy (`trustProxy` > 0) the scheme is the one the proxy reports.
 */
export function shownEndpoint(requestUrl: string, forwardedProto: string | undefined, trustProxy: number): string {
  const url = new URL(requestUrl);
  const proto = trustProxy > 0 ? forwardedProto?.split(',').at(-1)?.trim().toLowerCase() : undefined;
  const scheme = proto === 'https' || proto === 'http' ? `${proto}:` : url.protocol;
  return `${scheme}//${url.host}${url.pathname.replace(/\/join$/, '')}`;
}

export function joinPageHtml(language: Language, endpoint: string): string {
  const text = TEXT[language];
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="blockwatch-collector" content="1">
<title>${escapeHtml(text.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${escapeHtml(text.title)}</h1>
<p>${escapeHtml(text.intro)}</p>
<p><button type="button" id="blockwatch-join">${escapeHtml(text.button)}</button></p>
<p>${escapeHtml(text.confirm)}</p>
<p class="hint">${escapeHtml(text.manual)} <code id="endpoint">${escapeHtml(endpoint)}</code></p>
<p class="hint">${escapeHtml(text.privacy)}</p>
</main>
</body>
</html>
`;
}

/** GET /join, in the reader's language (English, Russian or Kazakh). */
export function joinPage({ trustProxy = 0 }: { trustProxy?: number } = {}) {
  return (c: Context) => {
    for (const [name, value] of Object.entries(HEADERS)) c.header(name, value);
    c.header('Vary', 'Accept-Language');
    const endpoint = shownEndpoint(c.req.url, c.req.header('x-forwarded-proto'), trustProxy);
    return c.html(joinPageHtml(pickLanguage(c.req.header('accept-language')), endpoint));
  };
}
