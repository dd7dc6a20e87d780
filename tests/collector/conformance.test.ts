/**
 * The collector's contract, over real HTTP on loopback, against the embedded database and against
 * a real PostgreSQL server: every status code, every kind of bad input, the read side and its
 * token, the rate limits, and that no client address reaches storage or logs.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp, type AppOptions } from '../../collector/app';
import { serveApp, type ServedApp } from '../../collector/server';
import { openStore, type ReportStore } from '../../collector/store';
import { MAX_BATCH_BYTES } from '../../utils/protocol/report-schema';
import { keyFingerprint, verifyReport } from '../../utils/protocol/signing';
import { BACKENDS, freshStoreOptions } from './backends';
import { makeReporter, type Reporter, type SignedEntry } from './fixtures';
import { TOKEN, postBatch, postReports, read, readJson } from './http';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

let alice: Reporter;
let bob: Reporter;
beforeAll(async () => {
  [alice, bob] = await Promise.all([makeReporter(), makeReporter()]);
});

const batchOf = (reporter: Reporter, n: number, overrides: Record<string, unknown> = {}) =>
  Promise.all(Array.from({ length: n }, () => reporter.signed(overrides)));

describe.each(BACKENDS)('collector on %s', (backend) => {
  let store: ReportStore;
  let collector: ServedApp;
  const extra: ServedApp[] = [];
  let base: string;

  /** Another app over the same store, e.g. with tight rate limits. */
  async function serveWith(options: AppOptions): Promise<string> {
    const served = await serveApp(createApp(store, options));
    extra.push(served);
    return served.url;
  }

  async function isStored(id: string): Promise<boolean> {
    return (await store.list({ limit: 1000 })).some((r) => r.id === id);
  }

  beforeAll(async () => {
    store = await openStore(await freshStoreOptions(backend));
    collector = await serveApp(createApp(store, { token: TOKEN }));
    base = collector.url;
  });
  afterAll(async () => {
    await Promise.all([collector?.close(), ...extra.map((s) => s.close())]);
    await store?.close();
  });

  describe('POST /v1/reports: 200', () => {
    it('accepts a batch of correctly signed reports and stores each with its signature and key fingerprint', async () => {
      const entries = await batchOf(alice, 3);
      const before = await store.count();
      const { status, body } = await postBatch(base, entries);
      expect(status).toBe(200);
      expect(body).toEqual({ accepted: entries.map((e) => e.report.id), rejected: [] });
      expect(await store.count()).toBe(before + 3);
      const stored = (await store.list({ limit: 1000 })).find((r) => r.id === entries[0]!.report.id);
      expect(stored).toMatchObject({ signature: entries[0]!.signature, keyFingerprint: await keyFingerprint(alice.publicKey) });
      expect(stored?.report).toEqual(entries[0]!.report);
    });

    it('accepts exactly 50 reports', async () => {
      const { status, body } = await postBatch(base, await batchOf(alice, 50));
      expect(status).toBe(200);
      expect(body.accepted).toHaveLength(50);
      expect(body.rejected).toEqual([]);
    });

    it('takes a body of exactly 256 KiB', async () => {
      const entry = await alice.signed();
      const json = JSON.stringify({ reports: [entry] });
      const body = json + ' '.repeat(MAX_BATCH_BYTES - Buffer.byteLength(json));
      expect(Buffer.byteLength(body)).toBe(MAX_BATCH_BYTES);
      const res = await postReports(base, body);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { accepted: string[] }).accepted).toEqual([entry.report.id]);
    });

    it('replayed id, same report: accepted again, stored once', async () => {
      const [entry] = await batchOf(alice, 1);
      await postBatch(base, [entry]);
      const before = await store.count();
      expect((await postBatch(base, [entry, entry])).body).toEqual({ accepted: [entry!.report.id], rejected: [] });
      expect(await store.count()).toBe(before);
    });

    it('replayed id, different report: rejected, the stored one untouched', async () => {
      const original = await alice.signed();
      await postBatch(base, [original]);
      // Properly signed by someone else, reusing the id.
      const impostor = await bob.sign(bob.report({ id: original.report.id, verdict: { kind: 'ok', confirmed: true } }));
      const { status, body } = await postBatch(base, [impostor]);
      expect(status).toBe(200);
      expect(body).toEqual({ accepted: [], rejected: [{ id: original.report.id, reason: 'id already used by a different report' }] });
      const stored = (await store.list({ limit: 1000 })).find((r) => r.id === original.report.id);
      expect(stored?.report).toEqual(original.report);
    });

    it('the same id twice in one batch with different reports: the first is kept, the second rejected', async () => {
      const first = await alice.signed();
      const second = await alice.sign(alice.report({ id: first.report.id, host: 'other.kz', url: 'https://other.kz/' }));
      const { body } = await postBatch(base, [first, second]);
      expect(body).toEqual({
        accepted: [first.report.id],
        rejected: [{ id: first.report.id, reason: 'id repeated in this batch with a different report' }],
      });
      expect((await store.list({ host: 'other.kz' })).some((r) => r.id === first.report.id)).toBe(false);
    });

    it('rejects bad reports one by one with a reason, and stores the good ones beside them', async () => {
      const good = await alice.signed();
      const tampered = await alice.signed();
      const cases: [string, unknown, string | RegExp][] = [
        ['bad signature', { ...tampered, report: { ...tampered.report, verdict: { kind: 'ok', confirmed: true } } }, 'bad signature'],
        ['signed by another key', { report: alice.report(), signature: (await bob.signed()).signature }, 'bad signature'],
        [
          'unknown verdict kind',
          await alice.signed({ verdict: { kind: 'censored', confirmed: true } }),
          'report.verdict.kind: invalid option',
        ],
        ['note over 500 characters', await alice.signed({ trigger: 'manual', note: 'n'.repeat(501) }), /^report\.note: too big/],
        ['wrong type: v as a string', await alice.signed({ v: '1' }), /^report\.v: /],
        [
          'wrong type: confirmed as a string',
          await alice.signed({ verdict: { kind: 'dns', confirmed: 'yes' } }),
          /^report\.verdict\.confirmed: /,
        ],
        ['missing public key', await alice.signed({ publicKey: undefined }), /^report\.publicKey: /],
        ['missing signature', { report: alice.report() }, /^signature: /],
        [
          'unicode host',
          await alice.signed({ host: 'пример.kz', url: 'https://пример.kz/' }),
          'report.host: must be a lower-case punycode host name',
        ],
        ['upper-case host', await alice.signed({ host: 'Example.KZ' }), 'report.host: must be a lower-case punycode host name'],
        ['a query in the url', await alice.signed({ url: 'https://example.kz/?id=7' }), 'report.url: must not carry a query or fragment'],
        ['an unknown field', await alice.signed({ ip: '198.51.100.1' }), /^report: unrecognized key/],
        [
          'a NUL character',
          await alice.signed({ trigger: 'manual', note: 'x\u0000' }),
          'report.note: contains a NUL character or an unpaired surrogate',
        ],
        ['year 0', await alice.signed({ createdAt: '0000-01-01T00:00:00Z' }), 'report.createdAt: before the year 2000'],
        ['not an object', 'garbage', /.+/],
      ];
      const good2 = await alice.signed({ trigger: 'manual', note: 'n'.repeat(500) });
      const punycode = await alice.signed({ host: 'xn--e1afmkfd.kz', url: 'https://xn--e1afmkfd.kz/' });
      const before = await store.count();
      const { status, body } = await postBatch(base, [good, ...cases.map((c) => c[1]), good2, punycode]);
      expect(status).toBe(200);
      expect(body.accepted).toEqual([good.report.id, good2.report.id, punycode.report.id]);
      expect(body.rejected).toHaveLength(cases.length);
      cases.forEach(([name, entry, reason], i) => {
        const rejection = body.rejected[i]!;
        const id = typeof entry === 'object' && entry !== null ? (entry as SignedEntry).report.id : 'unknown';
        expect({ name, id: rejection.id }).toEqual({ name, id });
        if (typeof reason === 'string') expect({ name, reason: rejection.reason }).toEqual({ name, reason });
        else expect(rejection.reason, name).toMatch(reason);
      });
      expect(await store.count()).toBe(before + 3);
      for (const [, entry] of cases) {
        if (typeof entry === 'object' && entry !== null && (entry as SignedEntry).report.id !== undefined) {
          expect(await isStored((entry as SignedEntry).report.id)).toBe(false);
        }
      }
    });

    it('answers 200 with nothing accepted when every report is rejected', async () => {
      const bad = await alice.signed({ host: 'Example.KZ' });
      const before = await store.count();
      const { status, body } = await postBatch(base, [bad]);
      expect(status).toBe(200);
      expect(body).toEqual({ accepted: [], rejected: [{ id: bad.report.id, reason: expect.stringMatching(/^report\.host: /) }] });
      expect(await store.count()).toBe(before);
    });
  });

  describe('POST /v1/reports: 400 and 413', () => {
    it.each([
      ['malformed JSON', '{"reports": ['],
      ['bytes that are not UTF-8', new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])],
      ['an empty body', ''],
      ['an array', '[]'],
      ['no reports', '{}'],
      ['an empty batch', '{"reports":[]}'],
      ['reports not an array', '{"reports":"x"}'],
      ['reports null', '{"reports":null}'],
      ['an unknown top-level key', '{"reports":[{}],"extra":true}'],
    ])('400 for %s, with an error message, storing nothing', async (_name, body) => {
      const before = await store.count();
      const res = await postReports(base, body);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error: expect.any(String) });
      expect(await store.count()).toBe(before);
    });

    it('413 for more than 50 reports, storing none of them', async () => {
      const entries = await batchOf(alice, 51);
      const before = await store.count();
      const res = await postReports(base, JSON.stringify({ reports: entries }));
      expect(res.status).toBe(413);
      expect(await res.json()).toEqual({ error: 'more than 50 reports' });
      expect(await store.count()).toBe(before);
    });

    it('413 for a body over 256 KiB by its Content-Length', async () => {
      const entry = await alice.signed();
      const res = await postReports(base, JSON.stringify({ reports: [entry], pad: 'x'.repeat(MAX_BATCH_BYTES) }));
      expect(res.status).toBe(413);
      expect(await res.json()).toEqual({ error: expect.stringContaining(String(MAX_BATCH_BYTES)) });
      expect(await isStored(entry.report.id)).toBe(false);
    });

    it('413 for a body over 256 KiB sent chunked, counted from the bytes as they arrive', async () => {
      const entry = await alice.signed();
      const bytes = new TextEncoder().encode(JSON.stringify({ reports: [entry], pad: 'x'.repeat(MAX_BATCH_BYTES) }));
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < bytes.length; i += 16 * 1024) controller.enqueue(bytes.slice(i, i + 16 * 1024));
          controller.close();
        },
      });
      const res = await postReports(base, stream);
      expect(res.status).toBe(413);
      expect(await isStored(entry.report.id)).toBe(false);
    });
  });

  describe('other routes', () => {
    it('GET /healthz and GET /v1/schema', async () => {
      expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ ok: true });
      const schema = (await (await fetch(`${base}/v1/schema`)).json()) as { properties: Record<string, unknown> };
      expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['report', 'signature']));
    });

    it('404 JSON for unknown routes and methods', async () => {
      for (const [method, path] of [
        ['GET', '/nope'],
        ['DELETE', '/v1/reports'],
        ['PUT', '/v1/reports'],
        ['GET', '/dashboard/secrets.txt'],
      ] as const) {
        const res = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${TOKEN}` } });
        expect({ method, path, status: res.status }).toEqual({ method, path, status: 404 });
        expect(await res.json()).toEqual({ error: 'not found' });
      }
    });
  });

  describe('read side', () => {
    // A window of time of their own, so the counts are exact whatever else the suite stored.
    const window = 'since=2021-03-01&until=2021-04-01';
    let dataset: SignedEntry[];
    beforeAll(async () => {
      const at = (day: number, hour = 12) => `2021-03-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000Z`;
      dataset = [
        await alice.signed({ createdAt: at(1), host: 'alpha.read.kz', url: 'https://alpha.read.kz/' }),
        await alice.signed({
          createdAt: at(1, 13),
          host: 'alpha.read.kz',
          url: 'https://alpha.read.kz/',
          verdict: { kind: 'dns', confirmed: true },
        }),
        await bob.signed({
          createdAt: at(2),
          host: 'alpha.read.kz',
          url: 'https://alpha.read.kz/',
          verdict: { kind: 'tcp_reset', confirmed: false },
        }),
        await bob.signed({
          createdAt: at(4),
          host: 'xn--e1afmkfd.kz',
          url: 'https://xn--e1afmkfd.kz/',
          verdict: { kind: 'blockpage', confirmed: true },
          evidence: { httpStatus: 451, blockpage: { fingerprint: 'http-451', source: 'status' } },
        }),
        // A spreadsheet would run this note as a formula.
        await bob.signed({
          createdAt: at(5),
          host: 'beta.read.kz',
          url: 'https://beta.read.kz/',
          trigger: 'manual',
          note: '=HYPERLINK("http://evil.test","click")',
          verdict: { kind: 'ok', confirmed: true },
        }),
      ];
      const { body } = await postBatch(base, dataset);
      expect(body.accepted).toHaveLength(dataset.length);
    });

    describe('the token', () => {
      const paths = ['/v1/reports', '/v1/stats', '/v1/export/reports', '/v1/export/hosts?format=json'];

      it('401 without an Authorization header, with a Bearer challenge', async () => {
        for (const path of paths) {
          const res = await read(base, path, null);
          expect({ path, status: res.status }).toEqual({ path, status: 401 });
          expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
          expect(await res.json()).toEqual({ error: 'missing Authorization: Bearer token' });
        }
      });

      it('401 for a wrong token, another scheme, or the token in the URL', async () => {
        expect((await read(base, '/v1/reports', 'wrong-token-0123456789abcdef')).status).toBe(401);
        expect((await read(base, '/v1/reports', `${TOKEN}x`)).status).toBe(401);
        expect((await read(base, '/v1/reports', null, { authorization: `Basic ${btoa(`x:${TOKEN}`)}` })).status).toBe(401);
        expect((await read(base, `/v1/reports?token=${TOKEN}`, null)).status).toBe(401);
        expect((await read(base, `/v1/reports?access_token=${TOKEN}`, null)).status).toBe(401);
      });

      it('403 for everyone when the collector has no token configured: the read side is closed, not open', async () => {
        const closed = await serveWith({});
        for (const path of paths) {
          const res = await read(closed, path);
          expect({ path, status: res.status }).toEqual({ path, status: 403 });
          expect(((await res.json()) as { error: string }).error).toContain('COLLECTOR_TOKEN');
        }
        // Reporting still works.
        expect((await postBatch(closed, [await alice.signed()])).status).toBe(200);
      });
    });

    describe('GET /v1/reports', () => {
      it('returns the stored reports, newest first, each with a signature anyone can verify again', async () => {
        const { status, body } = await readJson(base, `/v1/reports?${window}`);
        expect(status).toBe(200);
        expect(body.reports.map((r: { id: string }) => r.id)).toEqual(dataset.map((e) => e.report.id).reverse());
        expect(body.next).toBeNull();
        for (const r of body.reports) {
          expect(await verifyReport(r.report, r.signature)).toBe(true);
          expect(Object.keys(r).sort()).toEqual([
            'createdAt',
            'host',
            'id',
            'keyFingerprint',
            'kind',
            'network',
            'networkSource',
            'receivedAt',
            'receivedNetwork',
            'report',
            'signature',
            'trigger',
          ]);
        }
      });

      it('filters by host (a unicode name is looked up as punycode), kind, since and until', async () => {
        const ids = async (query: string) => (await readJson(base, `/v1/reports?${query}`)).body.reports.map((r: { id: string }) => r.id);
        expect(await ids(`${window}&host=alpha.read.kz`)).toEqual([dataset[2], dataset[1], dataset[0]].map((e) => e!.report.id));
        expect(await ids(`${window}&host=${encodeURIComponent('Пример.KZ')}`)).toEqual([dataset[3]!.report.id]);
        expect(await ids(`${window}&host=xn--e1afmkfd.kz`)).toEqual([dataset[3]!.report.id]);
        expect(await ids(`${window}&kind=dns`)).toEqual([dataset[1]!.report.id]);
        expect(await ids('since=2021-03-02T00:00:00Z&until=2021-03-04T12:00:00.000Z')).toEqual([dataset[2]!.report.id]);
        expect(await ids(`${window}&kind=tls_mitm`)).toEqual([]);
      });

      it('pages with limit and the cursor it hands out', async () => {
        const seen: string[] = [];
        let next: string | null = null;
        do {
          const cursor: string = next ? `&cursor=${next}` : '';
          const { body } = await readJson(base, `/v1/reports?${window}&limit=2${cursor}`);
          expect(body.reports.length).toBeLessThanOrEqual(2);
          seen.push(...body.reports.map((r: { id: string }) => r.id));
          next = body.next;
        } while (next);
        expect(seen).toEqual(dataset.map((e) => e.report.id).reverse());
      });

      it.each([
        ['since=yesterday', /^since: /],
        ['until=2021-13-01', /^until: /],
        ['kind=censored', /^kind: /],
        [`host=${encodeURIComponent('bad host!')}`, /^host: /],
        ['limit=0', /^limit: /],
        ['limit=1001', /^limit: /],
        ['limit=ten', /^limit: /],
        ['cursor=nonsense', /^cursor: not a cursor/],
        ['sinse=2021-01-01', /unrecognized key/i],
      ])('400 for a bad parameter: %s', async (query, error) => {
        const { status, body } = await readJson(base, `/v1/reports?${query}`);
        expect(status).toBe(400);
        expect(body.error).toMatch(error);
      });
    });

    describe('GET /v1/stats', () => {
      it('counts by host, by kind and over time', async () => {
        const { status, body } = await readJson(base, `/v1/stats?${window}`);
        expect(status).toBe(200);
        expect(body.total).toBe(5);
        expect(body.reporters).toBe(2);
        expect(body.byHost).toEqual([
          { host: 'alpha.read.kz', count: 3, reporters: 2, lastSeen: '2021-03-02T12:00:00.000Z' },
          { host: 'beta.read.kz', count: 1, reporters: 1, lastSeen: '2021-03-05T12:00:00.000Z' },
          { host: 'xn--e1afmkfd.kz', count: 1, reporters: 1, lastSeen: '2021-03-04T12:00:00.000Z' },
        ]);
        expect(body.byKind).toEqual([
          { kind: 'blockpage', count: 1 },
          { kind: 'dns', count: 1 },
          { kind: 'ok', count: 1 },
          { kind: 'tcp_reset', count: 1 },
          { kind: 'timeout', count: 1 },
        ]);
        expect(body.overTime.map((b: { t: string; count: number }) => [b.t.slice(0, 10), b.count])).toEqual([
          ['2021-03-01', 2],
          ['2021-03-02', 1],
          ['2021-03-03', 0],
          ['2021-03-04', 1],
          ['2021-03-05', 1],
        ]);
        const weekly = (await readJson(base, `/v1/stats?${window}&bucket=week&top=1`)).body;
        expect(weekly.byHost).toHaveLength(1);
        expect(weekly.overTime.map((b: { t: string; count: number }) => [b.t, b.count])).toEqual([
          ['2021-03-01T00:00:00.000Z', 5], // a Monday
        ]);
      });

      it('400 for a bad bucket', async () => {
        expect((await readJson(base, '/v1/stats?bucket=minute')).status).toBe(400);
      });
    });

    describe('GET /v1/export', () => {
      it('reports as CSV: one row each, formulas defused, the signed JSON verifiable from the cell', async () => {
        const res = await read(base, `/v1/export/reports?${window}&format=csv`);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
        expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="blockwatch-reports-\d{4}-\d{2}-\d{2}\.csv"$/);
        const rows = parseCsv(await res.text(), { columns: true }) as Record<string, string>[];
        expect(rows.map((r) => r.id)).toEqual(dataset.map((e) => e.report.id).reverse());
        const noted = rows.find((r) => r.host === 'beta.read.kz')!;
        expect(noted.note).toBe(`'=HYPERLINK("http://evil.test","click")`);
        expect(noted).toMatchObject({ kind: 'ok', confirmed: 'true', trigger: 'manual', url: 'https://beta.read.kz/' });
        for (const row of rows) {
          const report = JSON.parse(row.report_jcs!);
          expect(await verifyReport(report, row.signature!)).toBe(true);
        }
        expect(JSON.parse(rows.find((r) => r.kind === 'blockpage')!.evidence!)).toEqual({
          httpStatus: 451,
          blockpage: { fingerprint: 'http-451', source: 'status' },
        });
      });

      it('reports as JSON, across more than one page of the export', async () => {
        // The export reads 500 at a time; make sure there is more than one page.
        for (let i = 0; i < 12; i++) {
          const rows = await batchOf(alice, 50, { createdAt: '2020-02-02T02:02:02.000Z' });
          const fingerprint = await keyFingerprint(alice.publicKey);
          await store.insertMany(rows.map((r) => ({ ...r, keyFingerprint: fingerprint })));
        }
        const res = await read(base, '/v1/export/reports?format=json');
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
        const all = (await res.json()) as { id: string; report: never; signature: string }[];
        expect(all).toHaveLength(await store.count());
        expect(all.length).toBeGreaterThan(500);
        expect(new Set(all.map((r) => r.id)).size).toBe(all.length);
        for (const r of all.slice(0, 20)) expect(await verifyReport(r.report, r.signature)).toBe(true);
        const empty = await read(base, '/v1/export/reports?format=json&since=1999-01-01&until=1999-01-02');
        expect(await empty.json()).toEqual([]);
      });

      it('aggregates as CSV and JSON', async () => {
        const hosts = parseCsv(await (await read(base, `/v1/export/hosts?${window}`)).text(), { columns: true });
        expect(hosts[0]).toEqual({ host: 'alpha.read.kz', count: '3', reporters: '2', lastSeen: '2021-03-02T12:00:00.000Z' });
        const kinds = (await readJson(base, `/v1/export/kinds?${window}&format=json`)).body;
        expect(kinds).toContainEqual({ kind: 'dns', count: 1 });
        const time = parseCsv(await (await read(base, `/v1/export/time?${window}`)).text(), { columns: true }) as Record<string, string>[];
        expect(time).toHaveLength(5);
        expect(time[0]).toMatchObject({ t: '2021-03-01T00:00:00.000Z', count: '2', timeout: '1', dns: '1', blockpage: '0' });
      });

      it('404 for an unknown dataset, 400 for an unknown format', async () => {
        expect((await read(base, '/v1/export/passwords')).status).toBe(404);
        expect((await read(base, '/v1/export/reports?format=xlsx')).status).toBe(400);
      });
    });

    describe('the dashboard', () => {
      it('serves a page and its scripts without data and without the token, under a strict content policy', async () => {
        const res = await fetch(`${base}/dashboard`);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toContain('text/html');
        expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
        const html = await res.text();
        expect(html).toContain('/dashboard/chart.umd.min.js');
        expect(html).not.toContain('alpha.read.kz');
        for (const file of ['dashboard.js', 'dashboard.css', 'chart.umd.min.js']) {
          const asset = await fetch(`${base}/dashboard/${file}`);
          expect({ file, status: asset.status }).toEqual({ file, status: 200 });
        }
        expect(await (await fetch(`${base}/dashboard/chart.umd.min.js`)).text()).toContain('Chart');
      });
    });
  });

  describe('rate limits', () => {
    const limits = { addressPerMinute: 1000, keyPerHour: 1000, authFailuresPer10Minutes: 1000 };

    it('429 with Retry-After once an address has used its submissions, bad requests included', async () => {
      const url = await serveWith({ rateLimits: { ...limits, addressPerMinute: 3 } });
      expect((await postBatch(url, [await alice.signed()])).status).toBe(200);
      expect((await postReports(url, 'not json')).status).toBe(400);
      expect((await postReports(url, '{}')).status).toBe(400);
      const entry = await alice.signed();
      const refused = await postReports(url, JSON.stringify({ reports: [entry] }));
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(await refused.json()).toEqual({ error: 'too many requests from this address' });
      expect(await isStored(entry.report.id)).toBe(false);
      // A forged X-Forwarded-For does not buy a fresh allowance when no proxy is trusted.
      expect((await postReports(url, JSON.stringify({ reports: [entry] }), { 'x-forwarded-for': '198.51.100.23' })).status).toBe(429);
      // The read side is not part of this allowance.
      expect((await read(url, '/healthz', null)).status).toBe(200);
    });

    it('behind a trusted proxy, each forwarded address has its own allowance', async () => {
      const url = await serveWith({ rateLimits: { ...limits, addressPerMinute: 1 }, trustProxy: 1 });
      const from = (address: string) => ({ 'x-forwarded-for': `10.9.9.9, ${address}` });
      expect((await postBatch(url, [await alice.signed()], from('198.51.100.1'))).status).toBe(200);
      expect((await postBatch(url, [await alice.signed()], from('198.51.100.1'))).status).toBe(429);
      expect((await postBatch(url, [await alice.signed()], from('198.51.100.2'))).status).toBe(200);
      // The same IPv6 /64 is one subscriber.
      expect((await postBatch(url, [await alice.signed()], from('2001:db8:5:6::1'))).status).toBe(200);
      expect((await postBatch(url, [await alice.signed()], from('2001:db8:5:6::ffff'))).status).toBe(429);
    });

    it('429 with Retry-After once a reporter key has sent its reports, storing nothing of that batch; other keys go on', async () => {
      const url = await serveWith({ rateLimits: { ...limits, keyPerHour: 50 } });
      const carol = await makeReporter();
      expect((await postBatch(url, await batchOf(carol, 30))).body.accepted).toHaveLength(30);
      const over = await batchOf(carol, 21);
      const refused = await postReports(url, JSON.stringify({ reports: [await bob.signed(), ...over] }));
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(await refused.json()).toEqual({ error: 'too many reports from this reporter key' });
      for (const e of over) expect(await isStored(e.report.id)).toBe(false);
      expect((await postBatch(url, await batchOf(carol, 20))).status).toBe(200);
      expect((await postBatch(url, [await carol.signed()])).status).toBe(429);
      expect((await postBatch(url, await batchOf(bob, 5))).status).toBe(200);
    });

    it('reports with a forged signature do not use up the allowance of the key they name', async () => {
      const url = await serveWith({ rateLimits: { ...limits, keyPerHour: 50 } });
      const victim = await makeReporter();
      const forged = await Promise.all(
        Array.from({ length: 50 }, async () => ({ report: victim.report(), signature: (await bob.signed()).signature })),
      );
      for (let i = 0; i < 3; i++) expect((await postBatch(url, forged)).body.rejected).toHaveLength(50);
      expect((await postBatch(url, await batchOf(victim, 50))).body.accepted).toHaveLength(50);
    });

    it('429 for wrong tokens after too many from one address, never for the right one, while reports still flow', async () => {
      const url = await serveWith({ token: TOKEN, rateLimits: { ...limits, authFailuresPer10Minutes: 3 } });
      expect((await read(url, '/v1/reports')).status).toBe(200);
      for (let i = 0; i < 3; i++) expect((await read(url, '/v1/reports', `guess-${i}-0123456789abcdef`)).status).toBe(401);
      const refused = await read(url, '/v1/reports', 'guess-3-0123456789abcdef');
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      // Whoever shares the address, the operator with the token is not locked out.
      expect((await read(url, '/v1/reports')).status).toBe(200);
      expect((await postBatch(url, [await alice.signed()])).status).toBe(200);
    });
  });

  describe('privacy', () => {
    it('writes no client address to storage or logs, whatever happens', async () => {
      const logged: string[] = [];
      const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) =>
        vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' '))),
      );
      const address = '203.0.113.77';
      try {
        const url = await serveWith({
          token: TOKEN,
          trustProxy: 1,
          rateLimits: { addressPerMinute: 2, keyPerHour: 1000, authFailuresPer10Minutes: 1 },
        });
        const headers = { 'x-forwarded-for': address };
        await postBatch(url, [await alice.signed(), await alice.signed({ host: 'Bad.Host' })], headers);
        await postReports(url, '{broken', headers);
        await postReports(url, '{}', headers); // 429
        await read(url, '/v1/reports', 'wrong-token-0123456789abcdef', headers);
        await read(url, '/v1/reports', 'wrong-token-again-0123456789', headers); // 429
      } finally {
        for (const spy of spies) spy.mockRestore();
      }
      const everything = JSON.stringify(await store.list({ limit: 1000 }));
      for (const text of [logged.join('\n'), everything]) {
        expect(text).not.toContain(address);
        expect(text).not.toContain('127.0.0.1');
        expect(text).not.toContain('::1');
      }
    });
  });

  it('keeps serving after everything above', async () => {
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ ok: true });
    const entry = await alice.signed();
    expect((await postBatch(base, [entry])).body.accepted).toEqual([entry.report.id]);
    const { body } = await readJson(base, `/v1/reports?host=example.kz&since=${entry.report.createdAt}`);
    expect(body.reports.map((r: { id: string }) => r.id)).toContain(entry.report.id);
  });
});
