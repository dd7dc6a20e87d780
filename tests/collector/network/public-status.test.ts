/**
 * The public status per site, over real HTTP on both databases: off unless turned on, the
 * threshold of distinct reporters, whole hours, outages shown apart from blocking, the cache, the
 * rate limit, the pages in three languages, and that nothing identifying a reporter leaks out.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp, type AppOptions } from '../../../collector/app';
import { createLookup, readTestRanges } from '../../../collector/network/lookup';
import { CACHE_MS } from '../../../collector/network/public-status';
import { serveApp, type ServedApp } from '../../../collector/server';
import { openStore, type ReportStore } from '../../../collector/store';
import { BACKENDS, freshStoreOptions } from '../backends';
import { makeReporter, type Reporter, type SignedEntry } from '../fixtures';
import { TOKEN, postBatch, read } from '../http';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

const networks = createLookup(
  null,
  readTestRanges(readFileSync(new URL('../../fixtures/networks/test-ranges.csv', import.meta.url), 'utf8')),
);
const KCELL = { 'x-forwarded-for': '198.51.100.7' };
const ROSTELECOM = { 'x-forwarded-for': '203.0.113.5' };
const BEELINE = { asn: 21299, name: 'Kar-Tel LLC', cc: 'KZ' };
const HOST = 'public.kz';
const SECRET_NOTE = 'my name is Aigerim, call me';
const SECRET_PATH = 'secret-path-xyz';

const _HOUR = 3_600_000;
const NOW = Date.UTC(2026, 4, 20, 12, 34, 56);
const minutesAgo = (m: number) => new Date(NOW - m * 60_000).toISOString();

let people: Reporter[];
beforeAll(async () => {
  people = await Promise.all(Array.from({ length: 9 }, () => makeReporter()));
});

const report = (who: Reporter, kind: string, minutes: number, extra: Record<string, unknown> = {}) =>
  who.signed({ host: HOST, url: `https://${HOST}/`, createdAt: minutesAgo(minutes), verdict: { kind, confirmed: true }, ...extra });

describe.each(BACKENDS)('public status on %s', (backend) => {
  let store: ReportStore;
  let clock = NOW;
  const served: ServedApp[] = [];
  let base: string;
  let sent: SignedEntry[] = [];

  async function serve(options: AppOptions): Promise<string> {
    const app = await serveApp(createApp(store, { token: TOKEN, networks, trustProxy: 1, now: () => clock, ...options }));
    served.push(app);
    return app.url;
  }
  const site = async (url: string, query = '') => {
    const res = await read(url, `/v1/public/sites/${HOST}${query}`, null);
    return { status: res.status, text: await res.text(), headers: res.headers };
  };

  beforeAll(async () => {
    store = await openStore(await freshStoreOptions(backend));
    base = await serve({ publicStatus: { minReporters: 3 } });
    const [a, b, c, d, e, f, g, h] = people as [Reporter, Reporter, Reporter, Reporter, Reporter, Reporter, Reporter, Reporter];
    // Kcell: three people see DNS blocking, one of them also found it down everywhere.
    const kcell = await Promise.all([
      report(a, 'dns', 50, { note: SECRET_NOTE, trigger: 'manual', url: `https://${HOST}/${SECRET_PATH}` }),
      report(b, 'dns', 70),
      report(c, 'dns', 125),
      report(a, 'down_everywhere', 30),
    ]);
    // Beeline, named by the reports themselves: only two people, below the threshold.
    const beeline = await Promise.all([report(d, 'tcp_reset', 20, { network: BEELINE }), report(e, 'tcp_reset', 21, { network: BEELINE })]);
    // Rostelecom: three people, ten days ago.
    const rostelecom = await Promise.all([report(f, 'blockpage', 14_400), report(g, 'blockpage', 14_460), report(h, 'blockpage', 14_500)]);
    // Kazakhtelecom (the direct connection): an outage, three people.
    const kazakhtelecom = await Promise.all([report(f, 'outage', 300), report(g, 'outage', 301), report(h, 'down_everywhere', 302)]);
    expect((await postBatch(base, [...kcell, ...beeline], KCELL)).body.accepted).toHaveLength(6);
    expect((await postBatch(base, rostelecom, ROSTELECOM)).body.accepted).toHaveLength(3);
    expect((await postBatch(base, kazakhtelecom, { 'x-forwarded-for': '127.0.0.1' })).body.accepted).toHaveLength(3);
    sent = [...kcell, ...beeline, ...rostelecom, ...kazakhtelecom];
  });
  afterAll(async () => {
    await Promise.all(served.map((s) => s.close()));
    await store?.close();
  });

  it('answers 404 on every public path unless the operator turned it on', async () => {
    const off = await serve({});
    for (const path of [`/v1/public/sites/${HOST}`, '/v1/public/sites', `/status/${HOST}`, '/status'])
      expect((await read(off, path, null)).status, path).toBe(404);
  });

  it('shows only networks with enough distinct reporters, with kinds and whole hours', async () => {
    const { status, text, headers } = await site(base);
    expect(status).toBe(200);
    expect(headers.get('cache-control')).toBe(`public, max-age=${CACHE_MS / 1000}`);
    const body = JSON.parse(text);
    expect(body).toMatchObject({ host: HOST, days: 30, minReporters: 3, from: '2026-04-20T13:00:00Z', to: '2026-05-20T13:00:00Z' });
    expect(body.networks).toEqual([
      {
        asn: 29355,
        name: 'Kcell JSC',
        cc: 'KZ',
        reporters: 3,
        kinds: { dns: 3, down_everywhere: 1 },
        firstSeen: '2026-05-20T10:00:00Z',
        lastSeen: '2026-05-20T12:00:00Z',
      },
      {
        asn: 9198,
        name: 'JSC Kazakhtelecom',
        cc: 'KZ',
        reporters: 3,
        kinds: { outage: 2, down_everywhere: 1 },
        firstSeen: '2026-05-20T07:00:00Z',
        lastSeen: '2026-05-20T07:00:00Z',
      },
      {
        asn: 12389,
        name: 'PJSC "Rostelecom"',
        cc: 'RU',
        reporters: 3,
        kinds: { blockpage: 3 },
        firstSeen: '2026-05-10T10:00:00Z',
        lastSeen: '2026-05-10T12:00:00Z',
      },
    ]);
    // Blocking apart from the site or the network being down.
    expect(body.summary).toEqual({
      blocked: { networks: 2, countries: ['KZ', 'RU'], reporters: 6 },
      downEverywhere: { networks: 2, reporters: 2 },
      outage: { networks: 1, reporters: 2 },
    });
  });

  it('covers the last day or week when asked, and refuses other periods and non-hosts', async () => {
    const day = JSON.parse((await site(base, '?days=1')).text);
    expect(day.networks.map((n: { asn: number }) => n.asn)).toEqual([29355, 9198]);
    expect(day.summary.blocked).toEqual({ networks: 1, countries: ['KZ'], reporters: 3 });
    expect((await site(base, '?days=2')).status).toBe(400);
    expect((await read(base, '/v1/public/sites/not_a host!', null)).status).toBe(400);
    // A Unicode host is looked up as its punycode.
    expect(JSON.parse(await (await read(base, `/v1/public/sites/${encodeURIComponent('Пример.KZ')}`, null)).text()).host).toBe(
      'xn--e1afmkfd.kz',
    );
  });

  it('never shows an id, key, fingerprint, signature, note, URL path or a time finer than the hour', async () => {
    const stored = await store.list({ limit: 1000, host: HOST });
    const secrets = [
      SECRET_NOTE,
      SECRET_PATH,
      ...sent.flatMap((e) => [e.report.id, e.signature, e.report.publicKey.x, e.report.publicKey.y]),
      ...stored.map((r) => r.keyFingerprint),
      ...sent.map((e) => e.report.createdAt.slice(0, 16)),
    ];
    const views = [
      (await site(base)).text,
      (await site(base, '?days=1')).text,
      await (await read(base, '/v1/public/sites', null)).text(),
      await (await read(base, `/status/${HOST}`, null)).text(),
      await (await read(base, `/status/${HOST}?lang=ru`, null)).text(),
      await (await read(base, '/status', null)).text(),
    ];
    for (const view of views) {
      for (const secret of secrets) expect(view).not.toContain(secret);
      for (const time of view.match(/\d\d:\d\d(:\d\d)?/g) ?? []) expect(time).toMatch(/^\d\d:00(:00)?$/);
    }
  });

  it('takes the threshold the operator set', async () => {
    const lower = await serve({ publicStatus: { minReporters: 2 } });
    const body = JSON.parse((await site(lower)).text);
    expect(body.networks.map((n: { asn: number }) => n.asn)).toContain(21299);
    expect(body.minReporters).toBe(2);
  });

  it('serves from its cache for a few minutes', async () => {
    const cached = await serve({ publicStatus: { minReporters: 3 } });
    const other = (who: Reporter) =>
      who.signed({ host: 'cached.kz', url: 'https://cached.kz/', createdAt: minutesAgo(10), network: BEELINE });
    const shown = async () => JSON.parse(await (await read(cached, '/v1/public/sites/cached.kz', null)).text()).networks.length;
    await postBatch(base, [await other(people[0]!), await other(people[1]!)]);
    expect(await shown()).toBe(0);
    // A third person: the public view changes only once the cached answer expires.
    await postBatch(base, [await other(people[2]!)]);
    expect(await shown()).toBe(0);
    clock += CACHE_MS + 1;
    try {
      expect(await shown()).toBe(1);
    } finally {
      clock = NOW;
    }
  });

  it('limits how often one address may ask', async () => {
    const limited = await serve({
      publicStatus: { minReporters: 3 },
      rateLimits: { addressPerMinute: 1000, keyPerHour: 1000, authFailuresPer10Minutes: 20 },
    });
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) statuses.push((await read(limited, `/v1/public/sites/${HOST}`, null, KCELL)).status);
    expect(statuses.slice(0, 60).every((s) => s === 200)).toBe(true);
    expect(statuses[60]).toBe(429);
    // Another address still gets its answer.
    expect((await read(limited, `/v1/public/sites/${HOST}`, null, ROSTELECOM)).status).toBe(200);
  });

  describe('pages for people', () => {
    it('the site page in English, Russian and Kazakh, blocking apart from outages, and only our own style', async () => {
      const en = await read(base, `/status/${HOST}`, null);
      expect(en.status).toBe(200);
      expect(en.headers.get('content-security-policy')).toMatch(/default-src 'none'; style-src 'sha256-/);
      const html = await en.text();
      expect(html).toContain('<html lang="en">');
      expect(html).toContain('Status of public.kz');
      expect(html).toContain('Reported blocked on 2 networks in Kazakhstan and Russia by 6 people.');
      expect(html).toContain('AS29355 Kcell JSC');
      expect(html).toContain('AS12389 PJSC &quot;Rostelecom&quot;');
      expect(html).not.toContain('Kar-Tel');
      const [blocked, apart] = html.split('Down everywhere, or the whole network down');
      expect(blocked).not.toContain('Kazakhtelecom');
      expect(apart).toContain('AS9198 JSC Kazakhtelecom');
      expect(html).toContain('<a href="https://db-ip.com">IP Geolocation by DB-IP</a>');

      const ru = await (await read(base, `/status/${HOST}`, null, { 'accept-language': 'ru-RU,ru;q=0.9,en;q=0.5' })).text();
      expect(ru).toContain('<html lang="ru">');
      expect(ru).toContain('О блокировке сообщили 6 человек в 2 сетях (Казахстан и Россия).');
      const kk = await (await read(base, `/status/${HOST}?lang=kk`, null)).text();
      expect(kk).toContain('<html lang="kk">');
      expect(kk).toContain('public.kz күйі');
    });

    it('the index lists sites with something to show, and finds a typed host', async () => {
      const html = await (await read(base, '/status?lang=en', null)).text();
      expect(html).toContain(`<a href="/status/${HOST}?lang=en">${HOST}</a>`);
      const res = await fetch(`${base}/status?host=${encodeURIComponent('Public.KZ.')}&lang=ru`, { redirect: 'manual' });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(`/status/${HOST}?lang=ru`);
      // Two people only: not enough to be listed.
      const quiet = (who: Reporter) => who.signed({ host: 'quiet.kz', url: 'https://quiet.kz/', createdAt: minutesAgo(5) });
      await postBatch(base, [await quiet(people[0]!), await quiet(people[1]!)], KCELL);
      const index = JSON.parse(await (await read(await serve({ publicStatus: { minReporters: 3 } }), '/v1/public/sites', null)).text());
      expect(index.sites).toContainEqual({ host: HOST, networks: 3, reports: 10, lastSeen: '2026-05-20T12:00:00Z' });
      expect(index.sites.map((s: { host: string }) => s.host)).not.toContain('quiet.kz');
    });
  });
});
