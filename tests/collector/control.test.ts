import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Hono } from 'hono';
import { measure, RateLimiter, registerControl, type ControlOptions } from '../../collector/control';
import type { Resolve } from '../../collector/ssrf-guard';

/**
 * The "public" site runs on 127.0.0.3, which only the test seam allows; the "private" victim runs
 * on 127.0.0.2, which nothing allows. Every redirect and rebinding trick aims at the victim, and
 * the victim must never see a request.
 */
const PUBLIC = '127.0.0.3';
const PRIVATE = '127.0.0.2';

let site: http.Server;
let victim: http.Server;
let sitePort: number;
let victimPort: number;
const victimHits: string[] = [];
const siteHits: string[] = [];

function listen(server: http.Server, host: string): Promise<number> {
  return new Promise((resolve) => server.listen(0, host, () => resolve((server.address() as AddressInfo).port)));
}

beforeAll(async () => {
  victim = http.createServer((req, res) => {
    victimHits.push(req.url ?? '');
    res.end('secret');
  });
  site = http.createServer((req, res) => {
    siteHits.push(`${req.headers.host} ${req.url}`);
    const target = new URL(req.url ?? '/', 'http://x').searchParams.get('to');
    if (target) {
      res.writeHead(302, { location: target });
      return res.end();
    }
    if (req.url === '/reset') return req.socket.destroy();
    if (req.url === '/hang') return;
    if (req.url === '/error') {
      res.writeHead(503);
      return res.end();
    }
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('x'.repeat(5_000_000));
  });
  [victimPort, sitePort] = await Promise.all([listen(victim, PRIVATE), listen(site, PUBLIC)]);
});

afterAll(async () => {
  site.closeAllConnections();
  victim.closeAllConnections();
  await Promise.all([new Promise((r) => site.close(r)), new Promise((r) => victim.close(r))]);
});

/** Names under .example resolve through this table only; the ports stand in for 80 and 443. */
function seam(extra: Partial<ControlOptions> = {}): ControlOptions {
  const table: Record<string, { address: string; port: number }> = {
    'site.example': { address: PUBLIC, port: sitePort },
    'victim.example': { address: PRIVATE, port: victimPort },
  };
  const resolve = vi.fn<Resolve>(async (name) => {
    const entry = table[name];
    if (!entry) throw Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' });
    return [{ ...entry, family: 4 as const }];
  });
  return { resolve, allowAddress: (a) => a === PUBLIC, ...extra };
}

describe('measure', () => {
  it('fetches a site it may reach and reports its status', async () => {
    const result = await measure('http://site.example/', seam());
    expect(result).toMatchObject({ ok: true, status: 200 });
    expect(siteHits.at(-1)).toBe('site.example /');
  });

  it('names the failure when the site resets, fails, hangs or does not resolve', async () => {
    expect(await measure('http://site.example/reset', seam())).toMatchObject({ ok: false, error: 'reset' });
    expect(await measure('http://site.example/error', seam())).toMatchObject({ ok: false, status: 503, error: 'http_error' });
    expect(await measure('http://site.example/hang', seam({ timeoutMs: 300 }))).toMatchObject({ ok: false, error: 'timeout' });
    expect(await measure('http://nowhere.example/', seam())).toMatchObject({ ok: false, error: 'dns' });
  });

  it('refuses the first URL when it is private', async () => {
    expect(await measure('http://victim.example/', seam())).toEqual({ refused: 'the name resolves to a private address' });
    expect(await measure(`http://${PRIVATE}/`, seam())).toMatchObject({ refused: expect.any(String) });
  });

  it.each([
    ['a name resolving to a private address', () => 'http://victim.example/admin'],
    ['the decimal form of loopback', () => 'http://2130706433/'],
    ['a hex shorthand of loopback', () => 'http://0x7f.1/'],
    ['a mapped IPv6 loopback', () => 'http://[::ffff:127.0.0.1]/'],
    ['the metadata service', () => 'http://169.254.169.254/latest/meta-data/'],
    ['the metadata host name', () => 'http://metadata.google.internal/'],
    ['a private address on its port', () => `http://${PRIVATE}:${victimPort}/`],
  ])('does not follow a redirect to %s', async (_what, target) => {
    const before = victimHits.length;
    const result = await measure(`http://site.example/?to=${encodeURIComponent(target())}`, seam());
    expect(result).toMatchObject({ ok: true, status: 302 });
    expect(victimHits.length).toBe(before);
  });

  it('follows a bounded number of redirects between allowed sites', async () => {
    const chain = (n: number): string => (n === 0 ? 'http://site.example/' : `http://site.example/?to=${encodeURIComponent(chain(n - 1))}`);
    expect(await measure(chain(2), seam())).toMatchObject({ ok: true, status: 200 });
    expect(await measure(chain(5), seam({ maxRedirects: 2 }))).toMatchObject({ ok: true, status: 302 });
  });

  it('resolves once and connects to the checked address, so a rebinding name cannot switch to a private one', async () => {
    let calls = 0;
    const resolve = vi.fn<Resolve>(async () => {
      calls++;
      // First answer allowed, every later one private: a second lookup anywhere would reach the victim.
      return [calls === 1 ? { address: PUBLIC, family: 4, port: sitePort } : { address: PRIVATE, family: 4, port: victimPort }];
    });
    const before = victimHits.length;
    const result = await measure('http://rebind.example/', { resolve, allowAddress: (a) => a === PUBLIC });
    expect(result).toMatchObject({ ok: true, status: 200 });
    expect(resolve).toHaveBeenCalledTimes(1);
    expect(siteHits.at(-1)).toBe('rebind.example /');
    expect(victimHits.length).toBe(before);
  });

  it('with the production defaults refuses the loopback site the seam let through', async () => {
    expect(await measure(`http://${PUBLIC}/`)).toMatchObject({ refused: expect.any(String) });
    expect(await measure('http://localhost/')).toMatchObject({ refused: expect.any(String) });
  });
});

describe('POST /v1/control', () => {
  function app(options: ControlOptions) {
    const hono = new Hono();
    registerControl(hono, options);
    return (body: unknown) =>
      hono.request('/v1/control', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  }

  it('answers a measurement in the protocol shape', async () => {
    const res = await app(seam())({ url: 'http://site.example/' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toEqual({
      ok: true,
      status: 200,
      ms: expect.any(Number),
      page: { status: 200, title: '', bytes: 256 * 1024, finalHost: 'site.example' },
    });
  });

  it('refuses private targets and malformed requests with 400', async () => {
    const post = app(seam());
    expect((await post({ url: 'http://169.254.169.254/' })).status).toBe(400);
    expect((await post({ url: 'http://victim.example/' })).status).toBe(400);
    expect((await post({ href: 'http://site.example/' })).status).toBe(400);
    expect((await post({ url: 'x'.repeat(5000) })).status).toBe(413);
  });

  it('is rate limited across all clients, with Retry-After', async () => {
    const post = app(seam({ perMinute: 2 }));
    expect((await post({ url: 'http://site.example/' })).status).toBe(200);
    expect((await post({ url: 'http://site.example/' })).status).toBe(200);
    const limited = await post({ url: 'http://site.example/' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('RateLimiter', () => {
  it('bounds measurements per minute and at once', () => {
    const limiter = new RateLimiter(3, 2);
    expect(limiter.take(0)).toBe(0);
    expect(limiter.take(0)).toBe(0);
    expect(limiter.take(0)).toBeGreaterThan(0); // two running
    limiter.done();
    expect(limiter.take(0)).toBe(0);
    limiter.done();
    limiter.done();
    expect(limiter.take(1_000)).toBe(59);
    expect(limiter.take(60_001)).toBe(0);
  });
});

describe('createApp', () => {
  it('offers the control measurement only when given its options', async () => {
    const { createApp } = await import('../../collector/app');
    const store = { close: async () => undefined } as unknown as Parameters<typeof createApp>[0];
    const post = (app: Hono) =>
      app.request('/v1/control', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url: 'http://169.254.169.254/' }),
      });
    expect((await post(createApp(store))).status).toBe(404);
    expect((await post(createApp(store, { control: false }))).status).toBe(404);
    expect((await post(createApp(store, { control: {} }))).status).toBe(400);
  });
});

describe('measure, odd answers', () => {
  it('stops at a redirect whose Location is not a URL', async () => {
    expect(await measure(`http://site.example/?to=${encodeURIComponent('http://[bad')}`, seam())).toMatchObject({ ok: true, status: 302 });
  });
});

describe('2. the control allowance cannot be spent for everyone', () => {
  const never: Resolve = () => new Promise(() => {});
  const hanging = (extra: Partial<ControlOptions> = {}) => {
    const options = seam(extra);
    const resolve = options.resolve!;
    return { ...options, resolve: (name: string) => (name.startsWith('hang') ? never(name) : resolve(name)) };
  };

  it('bounds the DNS lookup by the measurement deadline', async () => {
    const started = Date.now();
    const result = await measure('http://hang.example/', hanging({ timeoutMs: 200 }));
    expect(result).toMatchObject({ ok: false, error: 'dns' });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  async function appWith(options: ControlOptions) {
    const { createApp } = await import('../../collector/app');
    const store = { close: async () => undefined } as unknown as Parameters<typeof createApp>[0];
    const app = createApp(store, { control: options, trustProxy: 1 });
    return (url: string, from = '203.0.113.7') =>
      app.request('/v1/control', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
        body: JSON.stringify({ url }),
      });
  }

  it('does not charge refused targets to the allowance', async () => {
    const post = await appWith(seam({ perMinute: 2 }));
    for (const url of [
      'http://169.254.169.254/',
      'http://[::1]/',
      'http://printer.local/',
      'ftp://site.example/',
      'http://site.example:22/',
    ]) {
      expect((await post(url)).status, url).toBe(400);
    }
    expect((await post('http://site.example/')).status).toBe(200);
    expect((await post('http://site.example/')).status).toBe(200);
  });

  it('gives each address its own allowance, so one cannot spend it for all', async () => {
    const post = await appWith(seam({ perAddressPerMinute: 2 }));
    expect((await post('http://site.example/', '203.0.113.7')).status).toBe(200);
    expect((await post('http://site.example/', '203.0.113.7')).status).toBe(200);
    const limited = await post('http://site.example/', '203.0.113.7');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await post('http://site.example/', '198.51.100.9')).status).toBe(200);
  });

  it('never lets one address hold every slot, so names that never resolve cannot shut the others out', async () => {
    const post = await appWith(hanging({ timeoutMs: 400, concurrency: 4, perAddressConcurrency: 3 }));
    const slow = [1, 2, 3, 4].map((i) => post(`http://hang${i}.example/`, '203.0.113.7'));
    // While that address's lookups hang, a slot is still free for everyone else.
    await new Promise((r) => setTimeout(r, 50));
    expect((await post('http://site.example/', '198.51.100.9')).status).toBe(200);
    const answers = await Promise.all(slow);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 200, 200, 429]);
    for (const r of answers.filter((a) => a.status === 200)) expect(await r.json()).toMatchObject({ ok: false, error: 'dns' });
  });
});
