import { beforeAll, describe, expect, it } from 'vitest';
import { csvCell, CSV_COLUMNS, reportsToCsv, reportsToJson } from '../../utils/ui-api/export';
import { asEntry, makeKeys, makeSigned, type TestKeys } from '../support/fixtures';

let keys: TestKeys;
beforeAll(async () => {
  keys = await makeKeys();
});

describe('csvCell', () => {
  it('quotes commas, quotes and line breaks', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(true)).toBe('true');
  });

  it('keeps a note from running as a spreadsheet formula', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell(-5)).toBe('-5');
  });
});

describe('reportsToCsv and reportsToJson', () => {
  it('writes one row per report under a header', async () => {
    const entry = {
      ...asEntry(await makeSigned(keys, { host: 'example.kz', note: 'blocked, again' })),
      status: 'rejected' as const,
      rejectedReason: 'bad',
    };
    const lines = reportsToCsv([entry]).trimEnd().split('\r\n');
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    expect(lines[1]).toBe(
      [
        entry.id,
        entry.signed.report.createdAt,
        'example.kz',
        'https://example.kz/',
        'auto',
        'tcp_reset',
        'true',
        'rejected',
        '',
        'bad',
        'net::ERR_CONNECTION_RESET',
        'net::ERR_CONNECTION_RESET',
        '',
        '120',
        '"blocked, again"',
      ].join(','),
    );
  });

  it('exports the signed report and its signature untouched, with the delivery status', async () => {
    const entry = { ...asEntry(await makeSigned(keys)), status: 'sent' as const, sentAt: Date.parse('2026-01-01T00:00:00Z') };
    const parsed = JSON.parse(reportsToJson([entry]));
    expect(parsed.reports).toEqual([
      {
        status: 'sent',
        queuedAt: '1970-01-01T00:00:00.000Z',
        sentAt: '2026-01-01T00:00:00.000Z',
        report: entry.signed.report,
        signature: entry.signed.signature,
      },
    ]);
  });
});
