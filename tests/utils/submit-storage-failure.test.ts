/**
 * Storage failing in the middle of a flush: the reports not yet settled go back to the queue at
 * once, not left `sending` until their two-minute lease runs out.
 */
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { enqueue, listReports } from '../../utils/queue/queue';
import type { SignedReport } from '../../utils/protocol/report-schema';
import { flushQueue } from '../../utils/submit/submit';
import { jsonResponse, makeKeys, makeSigned, resetDb, type TestKeys } from '../support/fixtures';

const failing = vi.hoisted(() => ({ markSent: false }));
vi.mock('../../utils/queue/queue', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../utils/queue/queue')>();
  return {
    ...real,
    markSent: async (...args: Parameters<typeof real.markSent>) => {
      if (failing.markSent) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return real.markSent(...args);
    },
  };
});

let keys: TestKeys;
beforeAll(async () => {
  keys = await makeKeys();
});
beforeEach(async () => {
  failing.markSent = false;
  await resetDb();
});

describe('flushQueue when storage fails mid-way', () => {
  it('gives every claimed report back to the queue and reports the failure', async () => {
    const reports: SignedReport[] = await Promise.all(Array.from({ length: 60 }, (_, i) => makeSigned(keys, { host: `s${i}.example.kz` })));
    for (const [i, r] of reports.entries()) await enqueue(r, { now: Date.now() - 1_000 + i });
    const fetchImpl = vi.fn(async (_input: RequestInfo | URL, init?: RequestInit) =>
      jsonResponse({
        accepted: (JSON.parse(String(init?.body)) as { reports: SignedReport[] }).reports.map((r) => r.report.id),
        rejected: [],
      }),
    );
    failing.markSent = true;
    await expect(flushQueue('https://collector.example.org', fetchImpl as typeof fetch)).rejects.toThrow(/quota/);
    const entries = await listReports();
    expect(entries.filter((e) => e.status === 'sending')).toEqual([]);
    expect(entries.every((e) => e.status === 'queued' && e.attempts === 0)).toBe(true);
    // Nothing more was sent after the failure; the next flush sends them again (accepted, not duplicated).
    expect(fetchImpl).toHaveBeenCalledTimes(1);
    failing.markSent = false;
    expect(await flushQueue('https://collector.example.org', fetchImpl as typeof fetch)).toEqual({ sent: 60, rejected: 0, retried: 0 });
  });
});
