/**
 * The collector's CSV export past its first page of 500 (rows that share a timestamp straddle the
 * page boundary, where a wrong cursor would repeat or skip them), and every spreadsheet formula
 * prefix defused in the free-text cells. In-process HTTP over the embedded database: the paging is
 * the store's cursor, which conformance.test.ts runs on both databases.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../collector/app';
import { openStore, type ReportStore } from '../../collector/store';
import { keyFingerprint, verifyReport } from '../../utils/protocol/signing';
import { makeReporter, type Reporter, type SignedEntry } from './fixtures';
import { TOKEN } from './http';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let store: ReportStore;
let reporter: Reporter;
let get: (path: string) => Promise<Response>;

beforeAll(async () => {
  store = await openStore({});
  reporter = await makeReporter();
  const app = createApp(store, { token: TOKEN });
  get = async (path) => app.request(path, { headers: { authorization: `Bearer ${TOKEN}` } });
});
afterAll(() => store?.close());

async function insert(entries: SignedEntry[]): Promise<void> {
  const fingerprint = await keyFingerprint(reporter.publicKey);
  for (let i = 0; i < entries.length; i += 200) {
    await store.insertMany(entries.slice(i, i + 200).map((e) => ({ ...e, keyFingerprint: fingerprint })));
  }
}

const rowsOf = async (res: Response) => parseCsv(await res.text(), { columns: true }) as Record<string, string>[];

describe('GET /v1/export/reports as CSV', () => {
  it('exports every report once across pages, newest first, each verifiable from its row', async () => {
    // 1,234 reports in 2022: three pages of 500, and 300 of them on one instant across the first boundary.
    const same = '2022-06-01T12:00:00.000Z';
    const entries = await Promise.all(
      Array.from({ length: 1_234 }, (_, i) =>
        reporter.signed({
          createdAt: i >= 350 && i < 650 ? same : new Date(Date.parse('2022-01-01T00:00:00Z') + i * 60_000).toISOString(),
        }),
      ),
    );
    await insert(entries);
    const res = await get('/v1/export/reports?format=csv&since=2022-01-01&until=2023-01-01');
    expect(res.status).toBe(200);
    const rows = await rowsOf(res);
    expect(rows).toHaveLength(1_234);
    expect(new Set(rows.map((r) => r.id)).size).toBe(1_234);
    expect(new Set(rows.map((r) => r.id))).toEqual(new Set(entries.map((e) => e.report.id)));
    // Newest first by (created_at, id), the store's order, with no row out of place at a page edge.
    const order = rows.map((r) => [r.created_at!, r.id!] as const);
    for (let i = 1; i < order.length; i++) {
      const [a, b] = [order[i - 1]!, order[i]!];
      expect(a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]), `row ${i}`).toBe(true);
    }
    // Only one header line, though the file was written a page at a time.
    expect(rows.filter((r) => r.id === 'id')).toEqual([]);
    for (const row of [rows[0]!, rows[499]!, rows[500]!, rows[1_233]!]) {
      expect(await verifyReport(JSON.parse(row.report_jcs!), row.signature!)).toBe(true);
    }
  });

  it.each([
    ['=', '=HYPERLINK("http://evil.test","x")'],
    ['+', '+1+cmd|"/c calc"!A0'],
    ['-', '-2+3'],
    ['@', '@SUM(A1:A9)'],
    ['tab', '\t=1+1'],
    ['carriage return', '\r=1+1'],
  ])('defuses a note that starts with %s, keeping the rest of it as it was', async (_name, note) => {
    const entry = await reporter.signed({
      createdAt: '2019-05-05T05:05:05.000Z',
      trigger: 'manual',
      note,
      host: 'formula.kz',
      url: 'https://formula.kz/',
    });
    await insert([entry]);
    const rows = await rowsOf(await get(`/v1/export/reports?format=csv&host=formula.kz&since=2019-05-05&until=2019-05-06`));
    const row = rows.find((r) => r.id === entry.report.id)!;
    expect(row.note).toBe(`'${note}`);
    // The signed bytes stay untouched: the defused cell is for people, report_jcs for verification.
    expect(JSON.parse(row.report_jcs!).note).toBe(note);
  });

  it('leaves a note that starts any other way alone', async () => {
    const note = 'Blocked since Monday; "=" appears later = fine';
    const entry = await reporter.signed({
      createdAt: '2019-06-06T06:06:06.000Z',
      trigger: 'manual',
      note,
      host: 'plain.kz',
      url: 'https://plain.kz/',
    });
    await insert([entry]);
    const rows = await rowsOf(await get('/v1/export/reports?format=csv&host=plain.kz'));
    expect(rows.find((r) => r.id === entry.report.id)!.note).toBe(note);
  });
});
