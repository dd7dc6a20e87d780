import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { enqueue, markRejected, markSent } from '../../utils/queue/queue';
import { exportableReports, getReport, latestReportFor, queryReports, summarize } from '../../utils/ui-api/report-query';
import { makeKeys, makeSigned, resetDb, type TestKeys } from '../support/fixtures';

let keys: TestKeys;
beforeAll(async () => {
  keys = await makeKeys();
});
beforeEach(resetDb);

async function seed(hosts: string[]) {
  const ids: string[] = [];
  for (const [i, host] of hosts.entries()) {
    const signed = await makeSigned(keys, { host });
    await enqueue(signed, { now: 1_000 + i });
    ids.push(signed.report.id);
  }
  return ids;
}

describe('queryReports', () => {
  it('pages newest first straight off the index, with the total', async () => {
    const ids = await seed(Array.from({ length: 7 }, (_, i) => `s${i}.example.kz`));
    const first = await queryReports({}, 0, 3);
    expect(first.total).toBe(7);
    expect(first.items.map((r) => r.id)).toEqual([ids[6], ids[5], ids[4]]);
    expect((await queryReports({}, 6, 3)).items.map((r) => r.id)).toEqual([ids[0]]);
    expect((await queryReports({}, 9, 3)).items).toEqual([]);
  });

  it('filters by status, kind, trigger and part of the host', async () => {
    const [a, b, c] = await seed(['news.example.kz', 'shop.example.kz', 'news.example.org']);
    await markSent([a!]);
    await markRejected(b!, 'bad signature');
    expect((await queryReports({ status: 'rejected' }, 0, 10)).items).toEqual([
      expect.objectContaining({ id: b, rejectedReason: 'bad signature' }),
    ]);
    expect((await queryReports({ host: 'NEWS' }, 0, 10)).items.map((r) => r.id)).toEqual([c, a]);
    expect((await queryReports({ host: 'news', status: 'queued' }, 0, 10)).total).toBe(1);
    expect((await queryReports({ kind: 'dns' }, 0, 10)).total).toBe(0);
    expect((await queryReports({ kind: 'tcp_reset', trigger: 'auto' }, 0, 10)).total).toBe(3);
  });

  it('summarises without the signed JSON', async () => {
    const [id] = await seed(['example.kz']);
    const entry = (await getReport(id!))!;
    expect(summarize(entry)).toEqual({
      id,
      host: 'example.kz',
      url: 'https://example.kz/',
      kind: 'tcp_reset',
      confirmed: true,
      trigger: 'auto',
      createdAt: entry.signed.report.createdAt,
      queuedAt: 1_000,
      status: 'queued',
      attempts: 0,
    });
    expect(await getReport('missing')).toBeNull();
  });
});

describe('exportableReports and latestReportFor', () => {
  it('exports whole reports matching the filter, newest first', async () => {
    const [a, , c] = await seed(['a.kz', 'b.kz', 'a.kz']);
    expect((await exportableReports({ host: 'a.kz' })).map((e) => e.signed.report.id)).toEqual([c, a]);
  });

  it('finds the latest report on a host within the window', async () => {
    const [, b] = await seed(['a.kz', 'a.kz', 'b.kz']);
    expect((await latestReportFor('a.kz'))?.id).toBe(b);
    expect(await latestReportFor('a.kz', 1)).toBeNull();
  });
});
