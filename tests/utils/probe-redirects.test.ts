/**
 * The probe and redirects: a page that triggers a probe must not be able to send it into the
 * user's local network. Real fetch on loopback: the "site" redirects to a "router" that must never
 * see a request.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { probe, ProbeTracker } from '../../utils/confirm/probe';

let site: http.Server;
let router: http.Server;
let siteUrl: string;
let routerPort: number;
const routerHits: string[] = [];

const listen = (server: http.Server, host: string) =>
  new Promise<number>((resolve) => server.listen(0, host, () => resolve((server.address() as AddressInfo).port)));

beforeAll(async () => {
  router = http.createServer((req, res) => {
    routerHits.push(req.url ?? '');
    res.end('rebooting');
  });
  site = http.createServer((req, res) => {
    const to = new URL(req.url ?? '/', 'http://x').searchParams.get('to');
    res.writeHead(302, { location: to ?? '/' });
    res.end();
  });
  routerPort = await listen(router, '127.0.0.2');
  siteUrl = `http://127.0.0.1:${await listen(site, '127.0.0.1')}/`;
});

afterAll(async () => {
  site.closeAllConnections();
  router.closeAllConnections();
  await Promise.all([new Promise((r) => site.close(r)), new Promise((r) => router.close(r))]);
});

describe('4. the probe never follows a redirect into the local network', () => {
  it.each([
    ['a private address', () => `http://127.0.0.2:${routerPort}/cgi-bin/reboot`],
    ['localhost', () => `http://localhost:${routerPort}/cgi-bin/reboot`],
    ['a mapped IPv6 loopback', () => `http://[::ffff:127.0.0.2]:${routerPort}/cgi-bin/reboot`],
  ])('%s: recorded as a redirect, never requested', async (_what, target) => {
    const before = routerHits.length;
    const tracker = new ProbeTracker();
    const result = await probe(`${siteUrl}?to=${encodeURIComponent(target())}`, {
      timeoutMs: 5_000,
      tracker,
      maxBodyBytes: 1_000,
      errorWaitMs: 50,
    });
    expect(routerHits.length).toBe(before);
    expect(result).toMatchObject({ ok: true, status: 302 });
    expect(result.page?.redirects).toEqual([new URL(target()).href]);
    expect(result.page?.body).toBe('');
  });

  it('follows redirects between public sites, and keeps the chain for block-page matching', async () => {
    const fetchImpl = vi.fn(async (input: RequestInfo | URL) => {
      const url = String(input);
      if (url === 'http://blocked.example.kz/')
        return new Response(null, { status: 302, headers: { location: 'http://warning.rt.ru/?id=1' } });
      return new Response('<p>Доступ ограничен</p>', { status: 200 });
    });
    const result = await probe('http://blocked.example.kz/', {
      timeoutMs: 5_000,
      tracker: new ProbeTracker(),
      fetchImpl: fetchImpl as typeof fetch,
      maxBodyBytes: 1_000,
    });
    expect(fetchImpl).toHaveBeenCalledTimes(2);
    expect(result).toMatchObject({
      ok: true,
      status: 200,
      page: { redirects: ['http://warning.rt.ru/?id=1'], finalUrl: 'http://warning.rt.ru/?id=1' },
    });
  });

  it('learns the Location of an opaque redirect from webRequest, and follows the next hop with the same tracker', async () => {
    const tracker = new ProbeTracker();
    let n = 0;
    const fetchImpl = (async (input: RequestInfo | URL) => {
      const url = String(input);
      const requestId = `op-${++n}`;
      tracker.onBeforeRequest({ requestId, url, tabId: -1 });
      if (n === 1) {
        tracker.onHeadersReceived({ requestId, statusCode: 301, responseHeaders: [{ name: 'Location', value: '/next' }] });
        return { type: 'opaqueredirect', status: 0, headers: new Headers(), body: null } as unknown as Response;
      }
      tracker.onResponseStarted({ requestId, ip: '93.184.215.14' });
      return new Response('ok', { status: 200 });
    }) as typeof fetch;
    const result = await probe('https://site.example/', { timeoutMs: 5_000, tracker, fetchImpl, maxBodyBytes: 100 });
    expect(result).toMatchObject({ ok: true, status: 200, page: { redirects: ['https://site.example/next'], ip: '93.184.215.14' } });
  });

  it('fails a redirect loop as the browser would', async () => {
    let n = 0;
    const fetchImpl = (async () =>
      new Response(null, { status: 302, headers: { location: `https://loop.example/${++n}` } })) as typeof fetch;
    expect(await probe('https://loop.example/', { timeoutMs: 5_000, tracker: new ProbeTracker(), fetchImpl })).toMatchObject({
      ok: false,
      error: 'net::ERR_TOO_MANY_REDIRECTS',
    });
    expect(n).toBe(21);
  });

  it('names the network error of the hop that failed', async () => {
    const tracker = new ProbeTracker();
    let n = 0;
    const fetchImpl = (async (input: RequestInfo | URL) => {
      const url = String(input);
      const requestId = `e-${++n}`;
      tracker.onBeforeRequest({ requestId, url, tabId: -1 });
      if (n === 1) return new Response(null, { status: 302, headers: { location: 'https://site.example/' } });
      tracker.onErrorOccurred({ requestId, url, tabId: -1, error: 'net::ERR_CONNECTION_RESET' });
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    expect(await probe('http://site.example/', { timeoutMs: 5_000, tracker, fetchImpl })).toMatchObject({
      ok: false,
      error: 'net::ERR_CONNECTION_RESET',
    });
  });
});
