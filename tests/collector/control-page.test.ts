import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measure, type ControlOptions } from '../../collector/control';
import { CONTROL_PAGE_BYTES } from '../../collector/control-page';
import { pageTitle as titleOf } from '../../utils/protocol/page-title';
import { PageSummarySchema } from '../../utils/protocol/report-schema';

/** A "public" site on 127.0.0.3 (only the test seam allows it) serving the pages a control may meet. */
const PUBLIC = '127.0.0.3';
let site: http.Server;
let port: number;
const seen: { path: string; encoding?: string }[] = [];

const CP1251_TITLE = Buffer.from([0xc4, 0xee, 0xf1, 0xf2, 0xf3, 0xef]); // "Доступ" in windows-1251

beforeAll(async () => {
  site = http.createServer((req, res) => {
    const path = req.url ?? '/';
    seen.push({ path, encoding: req.headers['accept-encoding'] });
    if (path === '/notice') {
      res.writeHead(403, { 'content-type': 'text/html; charset=utf-8' });
      return res.end('<html><head><title>  Доступ &amp; ограничен\n  </title></head><body><p>…</p></body></html>');
    }
    if (path === '/cp1251') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end(Buffer.concat([Buffer.from('<meta charset="windows-1251"><title>'), CP1251_TITLE, Buffer.from('</title>')]));
    }
    if (path === '/huge') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write(`<title>${'T'.repeat(500)}</title>`);
      return res.end('x'.repeat(3 * CONTROL_PAGE_BYTES));
    }
    if (path === '/broken') {
      res.writeHead(200, { 'content-type': 'text/html', 'content-length': '100000' });
      res.write('<title>Cut short</title>');
      return setTimeout(() => req.socket.destroy(), 20);
    }
    if (path === '/slow-body') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.write('<title>Slow</title><p>first part');
    }
    if (path === '/json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end('{"title":"<title>not a page</title>"}');
    }
    if (path === '/moved') {
      res.writeHead(301, { location: 'http://other.example/landing' });
      return res.end('<title>Moved</title>');
    }
    if (path === '/landing') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end('<title>Landing</title>');
    }
    res.writeHead(404);
    res.end();
  });
  port = await new Promise<number>((resolve) => site.listen(0, PUBLIC, () => resolve((site.address() as AddressInfo).port)));
});

afterAll(async () => {
  site.closeAllConnections();
  await new Promise((r) => site.close(r));
});

const seam = (extra: Partial<ControlOptions> = {}): ControlOptions => ({
  resolve: async (name) => {
    if (!name.endsWith('.example')) throw Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' });
    return [{ address: PUBLIC, family: 4, port }];
  },
  allowAddress: (a) => a === PUBLIC,
  ...extra,
});

describe('the control sees the page', () => {
  it('reports status, title, size and final host of the page it got, in the protocol shape', async () => {
    const result = await measure('http://site.example/notice', seam());
    expect(result).toMatchObject({ ok: true, status: 403 });
    const page = (result as { page?: unknown }).page;
    expect(PageSummarySchema.parse(page)).toEqual({
      status: 403,
      title: 'Доступ & ограничен',
      bytes: Buffer.byteLength('<html><head><title>  Доступ &amp; ограничен\n  </title></head><body><p>…</p></body></html>'),
      finalHost: 'site.example',
    });
    // Sizes are compared with the reporter's: the body must come uncompressed.
    expect(seen.find((s) => s.path === '/notice')?.encoding).toBe('identity');
  });

  it('decodes the title in the charset a <meta> names', async () => {
    expect(await measure('http://site.example/cp1251', seam())).toMatchObject({ page: { title: 'Доступ' } });
  });

  it('reads at most 256 KiB and at most 200 characters of title, however much is sent', async () => {
    const result = await measure('http://site.example/huge', seam());
    expect(result).toMatchObject({ page: { bytes: CONTROL_PAGE_BYTES, title: 'T'.repeat(200) } });
  });

  it('keeps what arrived of a body that broke off or outlasted the time limit', async () => {
    expect(await measure('http://site.example/broken', seam())).toMatchObject({ ok: true, status: 200, page: { title: 'Cut short' } });
    const slow = await measure('http://site.example/slow-body', seam({ timeoutMs: 300 }));
    expect(slow).toMatchObject({
      ok: true,
      status: 200,
      page: { title: 'Slow', bytes: Buffer.byteLength('<title>Slow</title><p>first part') },
    });
  });

  it('names the host the redirects ended on, and reads no body of a redirect it follows', async () => {
    const result = await measure('http://site.example/moved', seam());
    expect(result).toMatchObject({ ok: true, status: 200, page: { title: 'Landing', finalHost: 'other.example' } });
  });

  it('finds no title in what is not HTML', async () => {
    expect(await measure('http://site.example/json', seam())).toMatchObject({ page: { title: '' } });
  });

  it('has no page when nothing answered', async () => {
    const result = await measure('http://nowhere.test/', seam());
    expect(result).toMatchObject({ ok: false, error: 'dns' });
    expect((result as { page?: unknown }).page).toBeUndefined();
  });
});

describe('pageTitle', () => {
  it('reads the title as the tab shows it, and nothing of markup inside it', () => {
    expect(titleOf('<TITLE lang="ru">\n Сайт&nbsp;<b>заблокирован</b> &#8212; ISP </TITLE>')).toBe('Сайт заблокирован — ISP');
    expect(titleOf('<p>no title here</p>')).toBe('');
    expect(titleOf(`<title>${'a'.repeat(5000)}</title>`)).toBe('a'.repeat(200));
    expect(titleOf(`<title>${'a'.repeat(70_000)}</title>`)).toBe('');
    expect(titleOf('<title>never closed<p>body')).toBe('');
  });
});
