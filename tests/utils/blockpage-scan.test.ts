// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_BLOCKPAGE_BYTES } from '../../utils/blockpage/limits';
import { SCAN_ELEMENT_LIMIT, SCAN_TEXT_LIMIT, scanDocument } from '../../utils/blockpage/scan';
import { NEGATIVES } from '../fixtures/blockpages/negatives';
import { POSITIVES } from '../fixtures/blockpages/positives';

function load(html: string): Document {
  document.open();
  document.write(html);
  document.close();
  return document;
}

afterEach(() => load('<html><body></body></html>'));

describe('scanDocument (the content script)', () => {
  it.each(POSITIVES.map((p) => [p.name, p] as const))('flags the block page %s as a candidate', (_name, page) => {
    const signals = scanDocument(load(page.html));
    expect(signals).not.toBeNull();
    expect(signals!.some((s) => s === 'title' || s === 'text')).toBe(true);
  });

  it('passes over long articles without reading them to the end', () => {
    const articles = NEGATIVES.filter((p) => p.name.includes('-article-'));
    for (const page of articles) expect(scanDocument(load(page.html)), page.name).toBeNull();
  });

  it('passes over pages without blocking words', () => {
    expect(scanDocument(load('<html><head><title>Shop</title></head><body><p>Buy a kettle</p></body></html>'))).toBeNull();
  });

  it('ignores words in scripts and styles', () => {
    const html =
      '<html><head><title>App</title></head><body><script>const m = "Access to this website has been blocked";</script><p>Hello</p></body></html>';
    expect(scanDocument(load(html))).toBeNull();
  });

  it('gives up on an enormous text node, a page of links, a page of hundreds of elements, and does not enter shadow roots', () => {
    expect(scanDocument(load(`<html><body><p>Сайт заблокирован ${'я'.repeat(SCAN_TEXT_LIMIT * 10)}</p></body></html>`))).toBeNull();
    const links = Array.from({ length: 100 }, (_, i) => `<a href="/${i}">${i}</a>`).join('');
    expect(scanDocument(load(`<html><head><title>Сайт заблокирован</title></head><body>${links}</body></html>`))).toBeNull();
    // Hundreds of elements with little text (a gallery, an app's markup): a site, not a notice,
    // however its title reads; the element just under the limit still counts as a notice.
    const elements = (n: number) => Array.from({ length: n }, () => '<span></span>').join('');
    const titled = (body: string) =>
      `<html><head><title>Сайт заблокирован</title></head><body><p>Сайт заблокирован</p>${body}</body></html>`;
    expect(scanDocument(load(titled(elements(SCAN_ELEMENT_LIMIT))))).toBeNull();
    expect(scanDocument(load(titled(elements(SCAN_ELEMENT_LIMIT - 10))))).not.toBeNull();
    const doc = load('<html><head><title>Widget</title></head><body><div id="host"></div></body></html>');
    doc.getElementById('host')!.attachShadow({ mode: 'open' }).innerHTML = '<p>Access to this website has been blocked</p>';
    expect(scanDocument(doc)).toBeNull();
  });
});

describe('scanDocument: signs in any language', () => {
  const short = (body: string, title = 'Notice') => `<html><head><title>${title}</title></head><body>${body}</body></html>`;

  it('counts an HTTP 403 on a short page, and nothing for it on a long one', () => {
    expect(scanDocument(load(short('<p>Ndalohet.</p>')), 403)).toEqual(['status']);
    expect(scanDocument(load(short('<p>Ndalohet.</p>')), 200)).toBeNull();
    expect(scanDocument(load(short(`<p>${'Lorem ipsum dolor sit amet. '.repeat(400)}</p>`)), 403)).toBeNull();
  });

  it('turns away a document larger than a block page before reading it, and scans one the browser gave no size for', () => {
    const notice = short('<p>Доступ к сайту ограничен по решению суда.</p>', 'Доступ ограничен');
    expect(scanDocument(load(notice), 200, MAX_BLOCKPAGE_BYTES + 1)).toBeNull();
    expect(scanDocument(load(notice), 403, MAX_BLOCKPAGE_BYTES + 1)).toBeNull();
    expect(scanDocument(load(notice), 200, MAX_BLOCKPAGE_BYTES)).toContain('text');
    expect(scanDocument(load(notice), 200, undefined)).toContain('text');
  });

  it('counts a link to another site’s government domain, and a frame from a private address', () => {
    expect(scanDocument(load(short('<p>ແຈ້ງການ</p><a href="https://www.mtc.gov.la/">mtc</a>')))).toEqual(['gov-link']);
    expect(scanDocument(load(short('<iframe src="http://192.168.77.5/notice"></iframe>')))).toEqual(['private-frame']);
    expect(scanDocument(load(short('<a href="https://example.com/">x</a><iframe src="https://cdn.example.net/w"></iframe>')))).toBeNull();
  });

  it('finds a recorded fingerprint on a page without a single blocking word', () => {
    // A provider's block page that only links to its own recorded notice host.
    expect(scanDocument(load(short('<img src="http://warning.rt.ru/logo.png"><p>Уважаемый абонент!</p>', 'Ростелеком')))).toEqual([
      'fingerprint',
    ]);
  });

  it('sends nothing for ordinary short pages: a login form, an app shell, a product page, a search', () => {
    const pages = [
      short(
        '<form><h1>Sign in</h1><input name="u"><input type="password"><button>Sign in</button></form><a href="/reset">Forgot password?</a>',
        'Sign in',
      ),
      short(
        '<div id="root"></div><noscript>You need to enable JavaScript to run this app.</noscript><script type="module" src="/assets/index.js"></script>',
        'Mail',
      ),
      short('<h1>Чайник 1,7 л</h1><p>Цена: 12 990 ₸. Количество ограничено.</p><button>В корзину</button>', 'Чайник — Магазин'),
      short('<form action="/search"><input name="q"></form><p>Nothing found for “kettle”.</p>', 'Search'),
    ];
    for (const html of pages) expect(scanDocument(load(html))).toBeNull();
  });
});
