/**
 * Networks over real HTTP on loopback, against the embedded database and PostgreSQL: GET
 * /v1/network behind a proxy, the delivery network stored beside each report (never the address),
 * the signed `network` counted before the delivery's, the asn/cc filters, stats, grid and exports.
 */
import { readFileSync } from 'node:fs';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp, type AppOptions } from '../../../collector/app';
import { createLookup, readTestRanges } from '../../../collector/network/lookup';
import { serveApp, type ServedApp } from '../../../collector/server';
import { openStore, type ReportStore, type StoredReport } from '../../../collector/store';
import { BACKENDS, freshStoreOptions } from '../backends';
import { makeReporter, type Reporter } from '../fixtures';
import { TOKEN, postBatch, read, readJson } from '../http';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

const networks = createLookup(
  null,
  readTestRanges(readFileSync(new URL('../../fixtures/networks/test-ranges.csv', import.meta.url), 'utf8')),
);
const KAZAKHTELECOM = { asn: 9198, name: 'JSC Kazakhtelecom', cc: 'KZ' };
const KCELL = { asn: 29355, name: 'Kcell JSC', cc: 'KZ' };
const BEELINE = { asn: 21299, name: 'Kar-Tel LLC', cc: 'KZ' };
const ROSTELECOM = { asn: 12389, name: 'PJSC "Rostelecom"', cc: 'RU' };
const WITHHELD = { asn: null, name: null, cc: null };
/** Our proxy in front wrote the last entry: the Kcell subscriber's address. */
const VIA_KCELL = { 'x-forwarded-for': '6.6.6.6, 198.51.100.7' };

let alice: Reporter;
let bob: Reporter;
let carol: Reporter;
beforeAll(async () => {
  [alice, bob, carol] = await Promise.all([makeReporter(), makeReporter(), makeReporter()]);
});

describe.each(BACKENDS)('networks on %s', (backend) => {
  let store: ReportStore;
  const served: ServedApp[] = [];
  let direct: string;
  let proxied: string;

  async function serve(options: AppOptions): Promise<string> {
    const app = await serveApp(createApp(store, { token: TOKEN, networks, ...options }));
    served.push(app);
    return app.url;
  }
  const networkOf = async (base: string, headers: Record<string, string>) => (await read(base, '/v1/network', null, headers)).json();
  const byId = async (id: string): Promise<StoredReport> => (await store.list({ limit: 1000 })).find((r) => r.id === id)!;

  beforeAll(async () => {
    store = await openStore(await freshStoreOptions(backend));
    direct = await serve({});
    proxied = await serve({ trustProxy: 1 });
  });
  afterAll(async () => {
    await Promise.all(served.map((s) => s.close()));
    await store?.close();
  });

  describe('GET /v1/network', () => {
    it('names the network of the address the request came from, and is never cached', async () => {
      const res = await read(direct, '/v1/network', null);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(await res.json()).toEqual(KAZAKHTELECOM);
    });

    it('behind a proxy, believes only the entry our proxy added to X-Forwarded-For', async () => {
      expect(await networkOf(proxied, VIA_KCELL)).toEqual(KCELL);
      expect(await networkOf(proxied, { 'x-forwarded-for': '198.51.100.7, 2001:db8:1::9' })).toEqual(BEELINE);
      // Without TRUST_PROXY the header is anyone's word: the connection's own address counts.
      expect(await networkOf(direct, VIA_KCELL)).toEqual(KAZAKHTELECOM);
    });

    it('answers all null for an address with no public network', async () => {
      expect(await networkOf(proxied, { 'x-forwarded-for': '10.0.0.7' })).toEqual(WITHHELD);
      expect(await networkOf(proxied, { 'x-forwarded-for': 'not-an-address' })).toEqual(WITHHELD);
    });

    it('is not offered (404) by a collector without network lookups', async () => {
      const plain = await serveApp(createApp(store, { token: TOKEN }));
      served.push(plain);
      expect((await read(plain.url, '/v1/network', null)).status).toBe(404);
    });
  });

  describe('ingest', () => {
    it('stores the delivery network beside a report that names none, and counts the report on it', async () => {
      const entry = await alice.signed({ host: 'net-a.kz', url: 'https://net-a.kz/' });
      expect((await postBatch(proxied, [entry], VIA_KCELL)).body.accepted).toEqual([entry.report.id]);
      const row = await byId(entry.report.id);
      expect(row.receivedNetwork).toEqual(KCELL);
      expect(row.network).toEqual(KCELL);
      expect(row.networkSource).toBe('received');
      expect(row.report).not.toHaveProperty('network');
    });

    it('counts a report on its own signed network, keeping the delivery one beside it', async () => {
      const entry = await bob.signed({ host: 'net-a.kz', url: 'https://net-a.kz/', network: BEELINE });
      await postBatch(proxied, [entry], VIA_KCELL);
      const row = await byId(entry.report.id);
      expect(row.report.network).toEqual(BEELINE);
      expect(row.network).toEqual(BEELINE);
      expect(row.networkSource).toBe('report');
      expect(row.receivedNetwork).toEqual(KCELL);
    });

    it('records no delivery network for a report whose reporter withheld its own', async () => {
      const entry = await carol.signed({ host: 'net-a.kz', url: 'https://net-a.kz/', network: WITHHELD });
      await postBatch(proxied, [entry], VIA_KCELL);
      const row = await byId(entry.report.id);
      expect(row.receivedNetwork).toBeNull();
      expect(row.network).toEqual(WITHHELD);
      expect(row.networkSource).toBe('report');
    });

    it('refuses a network changed after signing, and one that is not the protocol’s shape', async () => {
      const signed = await alice.signed({ host: 'net-b.kz', url: 'https://net-b.kz/', network: BEELINE });
      const forged = { ...signed, report: { ...signed.report, network: KAZAKHTELECOM } };
      const badShape = await alice.signed({ host: 'net-b.kz', url: 'https://net-b.kz/', network: { asn: 'AS9198', name: null, cc: 'kz' } });
      const extraKey = await alice.signed({ host: 'net-b.kz', url: 'https://net-b.kz/', network: { ...BEELINE, city: 'Almaty' } });
      const { body } = await postBatch(direct, [forged, badShape, extraKey]);
      expect(body.accepted).toEqual([]);
      const reasons = Object.fromEntries(body.rejected.map((r) => [r.id, r.reason]));
      expect(reasons[forged.report.id]).toBe('bad signature');
      expect(reasons[badShape.report.id]).toMatch(/report\.network\.asn/);
      expect(reasons[extraKey.report.id]).toMatch(/report\.network/);
    });

    it('keeps no address anywhere in what it stores', async () => {
      const everything = JSON.stringify(await store.list({ limit: 1000 }));
      for (const address of ['198.51.100.7', '6.6.6.6', '127.0.0.1', '::1']) expect(everything).not.toContain(address);
    });
  });

  describe('the read side by network', () => {
    const at = (n: number) => new Date(Date.UTC(2024, 4, 1, n)).toISOString();
    const window = `since=2024-05-01&until=2024-05-02`;

    beforeAll(async () => {
      // Through Kcell, except one that names Beeline and one from Russia; a report offline names none.
      const kcell = await Promise.all([
        alice.signed({ createdAt: at(1), host: 'grid-a.kz', url: 'https://grid-a.kz/', verdict: { kind: 'dns', confirmed: true } }),
        bob.signed({ createdAt: at(2), host: 'grid-a.kz', url: 'https://grid-a.kz/', verdict: { kind: 'dns', confirmed: true } }),
        carol.signed({
          createdAt: at(3),
          host: 'grid-b.kz',
          url: 'https://grid-b.kz/',
          verdict: { kind: 'tcp_reset', confirmed: true },
          network: BEELINE,
        }),
      ]);
      const russia = [
        await alice.signed({
          createdAt: at(4),
          host: 'grid-b.kz',
          url: 'https://grid-b.kz/',
          verdict: { kind: 'blockpage', confirmed: true },
        }),
      ];
      expect((await postBatch(proxied, kcell, VIA_KCELL)).body.accepted).toHaveLength(3);
      expect((await postBatch(proxied, russia, { 'x-forwarded-for': '203.0.113.5' })).body.accepted).toHaveLength(1);
    });

    it('GET /v1/stats counts by network and by country, on the signed network first', async () => {
      const { status, body } = await readJson(direct, `/v1/stats?${window}`);
      expect(status).toBe(200);
      expect(body.byNetwork).toEqual([
        { ...KCELL, count: 2, reporters: 2 },
        // Equal counts in order of AS number.
        { ...ROSTELECOM, count: 1, reporters: 1 },
        { ...BEELINE, count: 1, reporters: 1 },
      ]);
      expect(body.byCountry).toEqual([
        { cc: 'KZ', count: 3, reporters: 3 },
        { cc: 'RU', count: 1, reporters: 1 },
      ]);
    });

    it('every read endpoint takes asn= and cc=', async () => {
      const ids = async (query: string) =>
        (await readJson(direct, `/v1/reports?${window}&${query}`)).body.reports.map((r: StoredReport) => r.host);
      expect(await ids('asn=29355')).toEqual(['grid-a.kz', 'grid-a.kz']);
      expect(await ids('asn=AS21299')).toEqual(['grid-b.kz']);
      expect(await ids('cc=ru')).toEqual(['grid-b.kz']);
      expect(await ids('cc=KZ&kind=tcp_reset')).toEqual(['grid-b.kz']);
      expect((await readJson(direct, `/v1/stats?${window}&cc=RU`)).body.total).toBe(1);
      expect((await readJson(direct, `/v1/stats/grid?${window}&asn=29355`)).body.hosts).toEqual([{ host: 'grid-a.kz', count: 2 }]);
      const csv = parseCsv(await (await read(direct, `/v1/export/reports?${window}&asn=12389`)).text(), { columns: true }) as Record<
        string,
        string
      >[];
      expect(csv.map((r) => r.host)).toEqual(['grid-b.kz']);
      for (const bad of ['asn=Kcell', 'asn=-1', 'cc=KAZ', 'cc=1']) expect((await read(direct, `/v1/reports?${bad}`)).status, bad).toBe(400);
    });

    it('each row of GET /v1/reports carries network, where it came from, and receivedNetwork', async () => {
      const { body } = await readJson(direct, `/v1/reports?${window}&host=grid-b.kz`);
      expect(body.reports.map((r: StoredReport) => [r.network, r.networkSource, r.receivedNetwork])).toEqual([
        [ROSTELECOM, 'received', ROSTELECOM],
        [BEELINE, 'report', KCELL],
      ]);
    });

    it('GET /v1/stats/grid shows which site fails on which network, by kind', async () => {
      const { body } = await readJson(direct, `/v1/stats/grid?${window}`);
      expect(body.hosts).toEqual([
        { host: 'grid-a.kz', count: 2 },
        { host: 'grid-b.kz', count: 2 },
      ]);
      expect(body.networks.map((n: { asn: number }) => n.asn)).toEqual([29355, 12389, 21299]);
      expect(body.cells).toEqual(
        expect.arrayContaining([
          { host: 'grid-a.kz', asn: 29355, cc: 'KZ', count: 2, byKind: { dns: 2 } },
          { host: 'grid-b.kz', asn: 21299, cc: 'KZ', count: 1, byKind: { tcp_reset: 1 } },
          { host: 'grid-b.kz', asn: 12389, cc: 'RU', count: 1, byKind: { blockpage: 1 } },
        ]),
      );
      expect(body.cells).toHaveLength(3);
    });

    it('the exports carry the network columns, and the networks and countries datasets', async () => {
      const rows = parseCsv(await (await read(direct, `/v1/export/reports?${window}&host=grid-b.kz`)).text(), { columns: true }) as Record<
        string,
        string
      >[];
      expect(
        rows.map((r) => [r.network_asn, r.network_name, r.network_cc, r.network_source, r.received_asn, r.received_name, r.received_cc]),
      ).toEqual([
        ['12389', 'PJSC "Rostelecom"', 'RU', 'received', '12389', 'PJSC "Rostelecom"', 'RU'],
        ['21299', 'Kar-Tel LLC', 'KZ', 'report', '29355', 'Kcell JSC', 'KZ'],
      ]);
      const json = (await readJson(direct, `/v1/export/reports?${window}&format=json&asn=21299`)).body;
      expect(json.map((r: StoredReport) => [r.network, r.receivedNetwork])).toEqual([[BEELINE, KCELL]]);
      const byNetwork = parseCsv(await (await read(direct, `/v1/export/networks?${window}`)).text(), { columns: true });
      expect(byNetwork[0]).toEqual({ asn: '29355', name: 'Kcell JSC', cc: 'KZ', count: '2', reporters: '2' });
      expect((await readJson(direct, `/v1/export/countries?${window}&format=json`)).body).toEqual([
        { cc: 'KZ', count: 3, reporters: 3 },
        { cc: 'RU', count: 1, reporters: 1 },
      ]);
    });
  });
});
