// Block pages and articles about blocking for the censorship simulator: plain-HTTP loopback sites.
// Known block pages carry text recorded in the fingerprint database; unknown ones carry none and
// are for the heuristic; articles use the same vocabulary and must never be reported.
import type http from 'node:http';
import { MAX_BLOCKPAGE_BYTES } from '../../utils/blockpage/limits';
import { NEGATIVES } from '../fixtures/blockpages/negatives';
import { POSITIVES } from '../fixtures/blockpages/positives';

export interface BlockpageSite {
  host: string;
  /** What Blockwatch must conclude: the fingerprint's source, or nothing at all. */
  expect: 'body' | 'header' | 'heuristic' | 'none';
  handle(req: http.IncomingMessage, res: http.ServerResponse): void;
}

const html = (title: string, body: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`;

const serve =
  (page: string, status = 200) =>
  (_req: http.IncomingMessage, res: http.ServerResponse) => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(page);
  };

const fixture = (list: { name: string; html: string }[], name: string) => list.find((p) => p.name === name)!.html;

/** The block host the redirect case sends visitors to; a real provider's, mapped to loopback. */
export const BLOCK_HOST = 'warning.rt.ru';

export const BLOCKPAGE_SITES: BlockpageSite[] = [
  {
    host: 'ru-provider.test',
    expect: 'body',
    handle: serve(
      html(
        'Доступ ограничен',
        '<h1>Доступ к ресурсу ограничен</h1><p>Ресурс внесён в Единый реестр: <a href="http://eais.rkn.gov.ru/">eais.rkn.gov.ru</a></p>',
      ),
    ),
  },
  {
    host: 'tr-national.test',
    expect: 'body',
    handle: serve(
      html(
        'Erişim Engellendi',
        '<p>Bu internet sitesi hakkında 12.03.2024 tarihli ve 490.05.01.2024.1234 sayılı Telekomünikasyon İletişim Başkanlığı kararıyla erişime engellenmiştir.</p>',
      ),
    ),
  },
  {
    host: 'kg-provider.test',
    expect: 'body',
    handle: serve(html('Blocked', '<p class="error">Access to the requested website has been blocked by judicial decision!</p>')),
  },
  {
    host: 'th-ministry.test',
    expect: 'body',
    handle: serve(
      html(
        'Blocked',
        '<p>Sorry. Access to this website has been disabled because the Ministry of Digital Economic and Society has received a court order.</p>',
      ),
    ),
  },
  {
    host: 'redirected.test',
    expect: 'header',
    handle: (_req, res) => {
      res.writeHead(302, {
        location: `http://${BLOCK_HOST}/?id=17&st=0&dt=10.0.0.1&rs=http://redirected.test/`,
        'cache-control': 'no-store',
      });
      res.end();
    },
  },
  {
    host: BLOCK_HOST,
    expect: 'none',
    handle: serve(html('Доступ ограничен', '<p>Доступ к запрашиваемому ресурсу ограничен по решению уполномоченного органа.</p>')),
  },
  // Unknown notices count only with more than their words: served with an error status, as an
  // operator's notice is, not as the site's own 200 page.
  { host: 'kz-unknown.test', expect: 'heuristic', handle: serve(fixture(POSITIVES, 'kk-law'), 403) },
  { host: 'ru-unknown.test', expect: 'heuristic', handle: serve(fixture(POSITIVES, 'ru-federal-law'), 403) },
  { host: 'news-ru.test', expect: 'none', handle: serve(fixture(NEGATIVES, 'ru-article-0-site')) },
  { host: 'news-kk.test', expect: 'none', handle: serve(fixture(NEGATIVES, 'kk-article-2-print')) },
  { host: 'news-en.test', expect: 'none', handle: serve(fixture(NEGATIVES, 'en-article-1-bare')) },
  { host: 'brief-ru.test', expect: 'none', handle: serve(fixture(NEGATIVES, 'ru-brief-9')) },
  { host: 'brief-kk.test', expect: 'none', handle: serve(fixture(NEGATIVES, 'kk-brief-0')) },
  // The Russian brief again, grown past any block page's size by a comment: not even a candidate.
  {
    host: 'padded-ru.test',
    expect: 'none',
    handle: serve(fixture(NEGATIVES, 'ru-brief-9').replace('</body>', `<!-- ${'.'.repeat(MAX_BLOCKPAGE_BYTES)} --></body>`)),
  },
];
