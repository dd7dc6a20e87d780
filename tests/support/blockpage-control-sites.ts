// Sites for the end-to-end tests of compare-then-decide (tests/e2e/blockpage-control.test.ts):
// what this browser gets, and, through `controlView`, which simulated server the collector's
// control reaches for the same name from "its own network". Plain-HTTP loopback sites, served by
// the censorship simulator beside blockpage-sites.ts.
import type http from 'node:http';
import type { BlockpageSite } from './blockpage-sites';

export interface ControlSite extends BlockpageSite {
  /** The simulated host that answers the control for this name; absent: the control cannot resolve it. */
  controlView?: string;
  /** Seen only with the deeper checks: the page shows the content script nothing. */
  deeperOnly?: boolean;
}

const html = (lang: string, title: string, body: string) =>
  `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`;

const serve =
  (page: string, status = 200, headers: Record<string, string> = {}) =>
  (_req: http.IncomingMessage, res: http.ServerResponse) => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers });
    res.end(page);
  };

/** The site as it is from elsewhere: a front page, long enough to differ in size from any notice. */
const FRONT_PAGE = html(
  'en',
  'Forum — front page',
  `<main>${Array.from({ length: 60 }, (_, i) => `<h2>Thread ${i}</h2><p>${'Replies, views and the latest post in this thread. '.repeat(12)}</p>`).join('')}</main>`,
);

export const CONTROL_SITES: ControlSite[] = [
  // The real site, for the control only: the browser never visits it under this name.
  { host: 'real.test', expect: 'none', handle: serve(FRONT_PAGE) },
  {
    // A notice in Lao, which no vocabulary of Blockwatch names, served with 403: only the comparison can tell.
    host: 'lao-notice.test',
    expect: 'heuristic',
    controlView: 'real.test',
    handle: serve(html('lo', 'ແຈ້ງການ', '<div class="box"><p>ເວັບໄຊນີ້ຖືກປິດກັ້ນ ຕາມຄຳສັ່ງຂອງເຈົ້າໜ້າທີ່.</p></div>'), 403),
  },
  {
    // A short item that reports a block in the words of one, without quotation marks: the heuristic
    // alone would take it for a notice; the control gets the same page.
    host: 'brief-unquoted.test',
    expect: 'none',
    controlView: 'brief-unquoted.test',
    handle: serve(
      html(
        'en',
        'Forum blocked, readers say',
        '<p>Readers say that access to this website has been blocked by order of the court since Monday.</p><p>The regulator has not commented.</p>',
      ),
    ),
  },
  {
    // A CDN's block page for this visitor's address; the control, asking from elsewhere, gets the site.
    host: 'waf.test',
    expect: 'none',
    controlView: 'real.test',
    handle: serve(
      html(
        'en',
        'Attention Required! | Cloudflare',
        '<div id="cf-wrapper"><h1>Sorry, you have been blocked</h1><h2>You are unable to access waf.test</h2><p>Cloudflare Ray ID: 8c2f1a9b0e4d5f6a</p></div>',
      ),
      403,
      { server: 'cloudflare', 'cf-ray': '8c2f1a9b0e4d5f6a-FRA' },
    ),
  },
  {
    // A provider's page that shows nothing but a recorded fingerprint (ooni.ru_28, its notice host's logo).
    host: 'fingerprint-only.test',
    expect: 'body',
    controlView: 'real.test',
    handle: serve(html('ru', 'Tele2', '<div><img src="//t2rkn.com/logo.png" alt=""><p>Уважаемый абонент!</p></div>')),
  },
  {
    // A filtering product's page, known by its recorded Server header, in words no vocabulary names.
    host: 'product-header.test',
    expect: 'header',
    controlView: 'real.test',
    handle: serve(html('sq', 'Njoftim', '<p>Faqja nuk mund të hapet nga ky rrjet.</p>'), 403, {
      server: 'Kerio Control Embedded Web Server',
    }),
  },
  {
    // The same product's page answering 200 with nothing the content script can read: only the
    // deeper checks (webRequest's response headers) see it.
    host: 'product-header-quiet.test',
    expect: 'header',
    deeperOnly: true,
    controlView: 'real.test',
    handle: serve(html('sq', 'Njoftim', '<p>Faqja nuk mund të hapet nga ky rrjet.</p>'), 200, {
      server: 'Kerio Control Embedded Web Server',
    }),
  },
  {
    // A notice in a language the vocabulary names, where the control cannot reach the site at all:
    // no comparison, the heuristic decides alone; served with 403, so its words are backed by how it
    // was served (a 200 page of the site's own is never reported on its words alone).
    host: 'vi-notice.test',
    expect: 'heuristic',
    handle: serve(html('vi', 'Trang web bị chặn', '<p>Trang web này đã bị chặn theo quyết định của cơ quan có thẩm quyền.</p>'), 403),
  },
];
