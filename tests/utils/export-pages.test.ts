/**
 * The history's CSV export takes every matching report, not the page of 50 the history shows,
 * and every cell a spreadsheet would run as a formula (= + - @ tab CR) comes out defused. Goes
 * through the message handler the history page calls, over IndexedDB, and parses the file back.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { csvCell, CSV_COLUMNS, reportsToCsv } from '../../utils/ui-api/export';
import { enqueue, markSent } from '../../utils/queue/queue';
import { queryReports } from '../../utils/ui-api/report-query';
import { exportReports } from '../../utils/pipeline/ui-handlers';
import { makeKeys, makeSigned, resetDb, type TestKeys } from '../support/fixtures';

let keys: TestKeys;
beforeAll(async () => {
  keys = await makeKeys();
});
beforeEach(async () => {
  fakeBrowser.reset();
  await resetDb();
});

const T0 = Date.parse('2024-03-01T10:00:00.000Z');
const rowsOf = (csv: string) => parseCsv(csv, { columns: true }) as Record<string, string>[];

describe('the history export as CSV', () => {
  it('holds every report past the first page of 50, newest first, once each', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 137; i++) {
      const entry = await enqueue(await makeSigned(keys, { host: `site-${i % 3}.example.kz` }), { now: T0 + i * 1_000 });
      ids.push(entry.id);
    }
    await markSent(ids.slice(0, 60));
    expect((await queryReports({}, 0, 50)).items).toHaveLength(50);

    const rows = rowsOf(reportsToCsv(await exportReports({})));
    expect(rows.map((r) => r.id)).toEqual([...ids].reverse());
    expect(rows.filter((r) => r.status === 'sent')).toHaveLength(60);

    // A filter narrows the export the same way, still beyond one page.
    const filtered = rowsOf(reportsToCsv(await exportReports({ host: 'site-1' })));
    expect(filtered.map((r) => r.id)).toEqual(ids.filter((_, i) => i % 3 === 1).reverse());
    expect(filtered.length).toBeGreaterThan(0);
    const page = await queryReports({ host: 'site-1' }, 0, 50);
    expect(page.total).toBe(filtered.length);
  });

  it.each([
    ['=', '=HYPERLINK("http://evil.test","x")'],
    ['+', '+1+cmd|"/c calc"!A0'],
    ['-', '-2+3'],
    ['@', '@SUM(A1:A9)'],
    ['tab', '\t=1+1'],
    ['carriage return', '\r=1+1'],
  ])('defuses a note that starts with %s and keeps the rest as it was', async (_name, note) => {
    const entry = await enqueue(await makeSigned(keys, { note }), { now: T0 });
    const csv = reportsToCsv(await exportReports({}));
    const [row] = rowsOf(csv);
    expect(row!.note).toBe(`'${note}`);
    expect(row!.id).toBe(entry.id);
    // Nothing else moved: every column still lines up under its header.
    expect(Object.keys(row!)).toEqual([...CSV_COLUMNS]);
  });

  it('leaves other notes and numbers alone', () => {
    expect(csvCell('Blocked since Monday = today')).toBe('Blocked since Monday = today');
    expect(csvCell(' =padded')).toBe(' =padded');
    // A negative number is a number, not a formula.
    expect(csvCell(-5)).toBe('-5');
  });
});
