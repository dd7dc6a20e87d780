import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import {
  dismissRefused,
  QUEUE_CAP,
  QueueFullError,
  queueStatus,
  refusedCount,
  resendReport,
  backoffMs,
  claimDue,
  countByStatus,
  deleteAllReports,
  deleteReport,
  enqueue,
  listReports,
  markForRetry,
  markRejected,
  markSent,
  MAX_BACKOFF_MS,
  nextDueAt,
  release,
  SENDING_LEASE_MS,
  type QueuedReport,
} from '../../utils/queue';
import type { SignedReport } from '../../utils/report-schema';
import { closeDb } from '../../utils/db';
import { makeKeys, makeSigned, resetDb, type TestKeys } from '../support/fixtures';

const T0 = 1_700_000_000_000;
let keys: TestKeys;

beforeAll(async () => {
  keys = await makeKeys();
});

beforeEach(async () => {
  fakeBrowser.reset();
  await resetDb();
});

async function signedReports(n: number): Promise<SignedReport[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => makeSigned(keys, { host: `site${i}.example.kz` })));
}

async function byId(id: string): Promise<QueuedReport> {
  const found = (await listReports()).find((e) => e.id === id);
  if (!found) throw new Error(`no report ${id}`);
  return found;
}

describe('enqueue', () => {
  it('stores a queued report, due at once', async () => {
    const [signed] = await signedReports(1);
    const entry = await enqueue(signed!, { now: T0 });
    expect(entry).toEqual({ id: signed!.report.id, signed, status: 'queued', attempts: 0, nextAttemptAt: T0, queuedAt: T0 });
    expect(await listReports()).toEqual([entry]);
  });

  it('holds a report for review when asked', async () => {
    const [signed] = await signedReports(1);
    expect((await enqueue(signed!, { hold: true, now: T0 })).status).toBe('held');
  });

  it('refuses the same report twice', async () => {
    const [signed] = await signedReports(1);
    await enqueue(signed!, { now: T0 });
    await expect(enqueue(signed!, { now: T0 + 1 })).rejects.toThrow();
    expect(await listReports()).toHaveLength(1);
  });
});

describe('claimDue', () => {
  it('claims due reports oldest first and marks them sending', async () => {
    const reports = await signedReports(3);
    await enqueue(reports[2]!, { now: T0 + 2 });
    await enqueue(reports[0]!, { now: T0 });
    await enqueue(reports[1]!, { now: T0 + 1 });
    const claimed = await claimDue(10, T0 + 10);
    expect(claimed.map((e) => e.id)).toEqual(reports.map((r) => r.report.id));
    expect(claimed.every((e) => e.status === 'sending' && e.nextAttemptAt === T0 + 10)).toBe(true);
    expect((await countByStatus()).sending).toBe(3);
    // Claimed reports are not claimed again while their lease runs.
    expect(await claimDue(10, T0 + 20)).toEqual([]);
  });

  it('respects the limit', async () => {
    for (const [i, signed] of (await signedReports(5)).entries()) await enqueue(signed, { now: T0 + i });
    expect(await claimDue(2, T0 + 10)).toHaveLength(2);
    expect(await claimDue(10, T0 + 10)).toHaveLength(3);
  });

  it('does not claim reports that are not yet due', async () => {
    const [signed] = await signedReports(1);
    await enqueue(signed!, { now: T0 + 1_000 });
    expect(await claimDue(10, T0)).toEqual([]);
    expect(await claimDue(10, T0 + 1_000)).toHaveLength(1);
  });

  it('claims again a report whose send died, once the lease ran out', async () => {
    const [signed] = await signedReports(1);
    await enqueue(signed!, { now: T0 });
    await claimDue(10, T0);
    await closeDb(); // the service worker stopped mid-send
    expect(await claimDue(10, T0 + SENDING_LEASE_MS - 1)).toEqual([]);
    const again = await claimDue(10, T0 + SENDING_LEASE_MS);
    expect(again.map((e) => e.id)).toEqual([signed!.report.id]);
    expect(again[0]).toMatchObject({ status: 'sending', nextAttemptAt: T0 + SENDING_LEASE_MS });
  });

  it('never claims held, sent or rejected reports', async () => {
    const [held, sent, rejected] = await signedReports(3);
    await enqueue(held!, { hold: true, now: T0 });
    await enqueue(sent!, { now: T0 });
    await enqueue(rejected!, { now: T0 });
    await markSent([sent!.report.id], T0);
    await markRejected(rejected!.report.id, 'bad');
    expect(await claimDue(10, T0 + 365 * 24 * 3_600_000)).toEqual([]);
  });

  it('lets two concurrent claims share nothing', async () => {
    for (const [i, signed] of (await signedReports(6)).entries()) await enqueue(signed, { now: T0 + i });
    const [a, b] = await Promise.all([claimDue(10, T0 + 10), claimDue(10, T0 + 10)]);
    const ids = [...a!, ...b!].map((e) => e.id);
    expect(ids).toHaveLength(6);
    expect(new Set(ids).size).toBe(6);
  });
});

describe('marking outcomes', () => {
  it('markSent records the time and counts the attempt', async () => {
    const [signed] = await signedReports(1);
    await enqueue(signed!, { now: T0 });
    await claimDue(10, T0);
    await markSent([signed!.report.id], T0 + 500);
    expect(await byId(signed!.report.id)).toMatchObject({ status: 'sent', sentAt: T0 + 500, attempts: 1 });
  });

  it('markRejected keeps the reason', async () => {
    const [signed] = await signedReports(1);
    await enqueue(signed!, { now: T0 });
    await markRejected(signed!.report.id, 'bad signature');
    expect(await byId(signed!.report.id)).toMatchObject({ status: 'rejected', rejectedReason: 'bad signature', attempts: 1 });
  });

  it('markForRetry puts the report back with backoff and the error', async () => {
    const [signed] = await signedReports(1);
    await enqueue(signed!, { now: T0 });
    await claimDue(10, T0);
    await markForRetry([signed!.report.id], 'HTTP 500', { now: T0, random: () => 0 });
    const entry = await byId(signed!.report.id);
    expect(entry).toMatchObject({ status: 'queued', attempts: 1, lastError: 'HTTP 500', nextAttemptAt: T0 + backoffMs(1, () => 0) });
    expect(entry.nextAttemptAt).toBeGreaterThan(T0);
    expect(await claimDue(10, entry.nextAttemptAt - 1)).toEqual([]);
    expect(await claimDue(10, entry.nextAttemptAt)).toHaveLength(1);
  });

  it('markForRetry waits longer after every failure, up to one hour', async () => {
    const [signed] = await signedReports(1);
    const id = signed!.report.id;
    await enqueue(signed!, { now: T0 });
    const waits: number[] = [];
    let now = T0;
    for (let attempt = 1; attempt <= 14; attempt++) {
      await markForRetry([id], 'HTTP 503', { now, random: () => 1 });
      const entry = await byId(id);
      expect(entry.attempts).toBe(attempt);
      waits.push(entry.nextAttemptAt - now);
      now = entry.nextAttemptAt;
    }
    for (let i = 1; i < waits.length; i++) expect(waits[i]).toBeGreaterThanOrEqual(waits[i - 1]!);
    expect(waits[1]).toBe(2 * waits[0]!);
    expect(Math.max(...waits)).toBe(MAX_BACKOFF_MS);
    expect(waits.at(-1)).toBe(60 * 60_000);
  });

  it('markForRetry honours Retry-After when it is longer than the backoff, capped at one hour', async () => {
    const [a, b, c] = await signedReports(3);
    for (const s of [a, b, c]) await enqueue(s!, { now: T0 });
    await markForRetry([a!.report.id], '429', { now: T0, retryAfterMs: 120_000, random: () => 0 });
    await markForRetry([b!.report.id], '429', { now: T0, retryAfterMs: 1_000, random: () => 0 });
    await markForRetry([c!.report.id], '429', { now: T0, retryAfterMs: 5 * 3_600_000, random: () => 0 });
    expect((await byId(a!.report.id)).nextAttemptAt).toBe(T0 + 120_000);
    expect((await byId(b!.report.id)).nextAttemptAt).toBe(T0 + backoffMs(1, () => 0));
    expect((await byId(c!.report.id)).nextAttemptAt).toBe(T0 + MAX_BACKOFF_MS);
  });

  it('release puts claimed reports back without counting an attempt', async () => {
    const [signed] = await signedReports(1);
    await enqueue(signed!, { now: T0 });
    await claimDue(10, T0);
    await release([signed!.report.id]);
    expect(await byId(signed!.report.id)).toMatchObject({ status: 'queued', attempts: 0 });
    expect(await claimDue(10, T0)).toHaveLength(1);
  });

  it('ignores ids that are not in the queue', async () => {
    await expect(markSent(['missing'])).resolves.toBeUndefined();
    await expect(markForRetry([], 'x')).resolves.toBeUndefined();
    expect(await listReports()).toEqual([]);
  });
});

describe('backoffMs', () => {
  it('doubles from 15 s with equal jitter and caps at one hour', () => {
    expect(backoffMs(1, () => 0)).toBe(7_500);
    expect(backoffMs(1, () => 1)).toBe(15_000);
    expect(backoffMs(2, () => 1)).toBe(30_000);
    expect(backoffMs(3, () => 0.5)).toBe(45_000);
    expect(backoffMs(50, () => 1)).toBe(MAX_BACKOFF_MS);
    expect(backoffMs(50, () => 0)).toBe(MAX_BACKOFF_MS / 2);
    for (let i = 0; i < 100; i++) {
      const wait = backoffMs(4);
      expect(wait).toBeGreaterThanOrEqual(60_000);
      expect(wait).toBeLessThanOrEqual(120_000);
    }
  });
});

describe('history', () => {
  it('lists reports newest first', async () => {
    const reports = await signedReports(3);
    await enqueue(reports[1]!, { now: T0 + 1 });
    await enqueue(reports[0]!, { now: T0 });
    await enqueue(reports[2]!, { hold: true, now: T0 + 2 });
    expect((await listReports()).map((e) => e.id)).toEqual([reports[2], reports[1], reports[0]].map((r) => r!.report.id));
  });

  it('counts reports by status', async () => {
    const reports = await signedReports(5);
    for (const r of reports) await enqueue(r, { now: T0 });
    const held = await makeSigned(keys, { host: 'held.example.kz' });
    await enqueue(held, { hold: true, now: T0 });
    await markSent([reports[0]!.report.id, reports[1]!.report.id], T0);
    await markRejected(reports[2]!.report.id, 'bad');
    await claimDue(1, T0);
    expect(await countByStatus()).toEqual({ held: 1, queued: 1, sending: 1, sent: 2, rejected: 1 });
  });

  it('deletes one report or all of them', async () => {
    const reports = await signedReports(3);
    for (const r of reports) await enqueue(r, { now: T0 });
    expect(await deleteReport(reports[1]!.report.id)).toBe(true);
    expect(await deleteReport(reports[1]!.report.id)).toBe(false);
    expect((await listReports()).map((e) => e.id).sort()).toEqual([reports[0]!.report.id, reports[2]!.report.id].sort());
    expect(await deleteAllReports()).toBe(2);
    expect(await listReports()).toEqual([]);
    expect(await countByStatus()).toEqual({ held: 0, queued: 0, sending: 0, sent: 0, rejected: 0 });
  });
});

describe('nextDueAt', () => {
  it('is null for an empty queue or only held and finished reports', async () => {
    expect(await nextDueAt()).toBeNull();
    const [held, sent] = await signedReports(2);
    await enqueue(held!, { hold: true, now: T0 });
    await enqueue(sent!, { now: T0 });
    await markSent([sent!.report.id], T0);
    expect(await nextDueAt()).toBeNull();
  });

  it('is the earliest retry or lease expiry', async () => {
    const [a, b] = await signedReports(2);
    await enqueue(a!, { now: T0 });
    await enqueue(b!, { now: T0 + 100_000 });
    await claimDue(1, T0 + 10); // a is sending until its lease ends
    expect(await nextDueAt()).toBe(T0 + 100_000);
    await markForRetry([b!.report.id], 'x', { now: T0 + 200_000, random: () => 1 });
    expect(await nextDueAt()).toBe(T0 + 10 + SENDING_LEASE_MS);
  });
});

describe('resendReport', () => {
  it('puts a rejected report back in the queue, due now, with attempts and reasons cleared', async () => {
    const [signed] = await signedReports(1);
    const id = signed!.report.id;
    await enqueue(signed!, { now: T0 });
    await markForRetry([id], 'HTTP 500', { now: T0 });
    await markRejected(id, 'signature does not verify');
    expect(await resendReport(id, T0 + 5_000)).toBe(true);
    const entry = await byId(id);
    expect(entry).toMatchObject({ status: 'queued', attempts: 0, nextAttemptAt: T0 + 5_000 });
    expect(entry).not.toHaveProperty('rejectedReason');
    expect(entry).not.toHaveProperty('lastError');
    expect((await claimDue(10, T0 + 5_000)).map((e) => e.id)).toEqual([id]);
  });

  it('releases a held report for sending', async () => {
    const [signed] = await signedReports(1);
    await enqueue(signed!, { hold: true, now: T0 });
    expect(await resendReport(signed!.report.id, T0 + 1)).toBe(true);
    expect(await byId(signed!.report.id)).toMatchObject({ status: 'queued', nextAttemptAt: T0 + 1 });
  });

  it('answers false, changing nothing, for a missing, queued, sending or sent report', async () => {
    const [queued, sending, sent] = await signedReports(3);
    await enqueue(queued!, { now: T0 + 100 });
    await enqueue(sending!, { now: T0 });
    await enqueue(sent!, { now: T0 + 200 });
    await claimDue(1, T0);
    await markSent([sent!.report.id], T0);
    const before = await listReports();
    for (const id of ['missing', queued!.report.id, sending!.report.id, sent!.report.id]) expect(await resendReport(id, T0 + 1)).toBe(false);
    expect(await listReports()).toEqual(before);
  });
});

describe('the queue cap', () => {
  it('refuses a new report once the waiting reports reach the cap, keeping every waiting one', async () => {
    const reports = await signedReports(5);
    await enqueue(reports[0]!, { now: T0, cap: 3 });
    await enqueue(reports[1]!, { now: T0, cap: 3, hold: true });
    await enqueue(reports[2]!, { now: T0, cap: 3 });
    await claimDue(1, T0); // sending still counts as waiting
    await expect(enqueue(reports[3]!, { now: T0, cap: 3 })).rejects.toBeInstanceOf(QueueFullError);
    await expect(enqueue(reports[4]!, { now: T0, cap: 3 })).rejects.toThrow(/not saved/);
    expect((await listReports()).map((e) => e.id).sort()).toEqual(reports.slice(0, 3).map((r) => r.report.id).sort());
    expect(await refusedCount()).toBe(2);
    expect(await queueStatus(3)).toEqual({ counts: { held: 1, queued: 1, sending: 1, sent: 0, rejected: 0 }, cap: 3, full: true, refused: 2 });
  });

  it('makes room again as reports are sent, rejected or deleted; finished reports do not count', async () => {
    const reports = await signedReports(4);
    for (const r of reports.slice(0, 2)) await enqueue(r, { now: T0, cap: 2 });
    await expect(enqueue(reports[2]!, { now: T0, cap: 2 })).rejects.toBeInstanceOf(QueueFullError);
    await markSent([reports[0]!.report.id], T0);
    await enqueue(reports[2]!, { now: T0, cap: 2 });
    await markRejected(reports[1]!.report.id, 'bad');
    await enqueue(reports[3]!, { now: T0, cap: 2 });
    expect((await queueStatus(2)).full).toBe(true);
    expect(await deleteReport(reports[3]!.report.id)).toBe(true);
    expect((await queueStatus(2)).full).toBe(false);
    expect(await listReports()).toHaveLength(3);
  });

  it('counts refusals that happen at the same time', async () => {
    const [first, ...rest] = await signedReports(5);
    await enqueue(first!, { now: T0, cap: 1 });
    const results = await Promise.allSettled(rest.map((r) => enqueue(r, { now: T0, cap: 1 })));
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(await refusedCount()).toBe(4);
  });

  it('keeps the refusal count until the user dismisses it', async () => {
    const [a, b] = await signedReports(2);
    await enqueue(a!, { now: T0, cap: 1 });
    await expect(enqueue(b!, { now: T0, cap: 1 })).rejects.toBeInstanceOf(QueueFullError);
    await deleteAllReports();
    expect(await queueStatus(1)).toMatchObject({ full: false, refused: 1 });
    await dismissRefused();
    expect(await queueStatus(1)).toMatchObject({ full: false, refused: 0 });
  });

  it('defaults to 10,000 waiting reports', async () => {
    expect(QUEUE_CAP).toBe(10_000);
    expect(await queueStatus()).toEqual({ counts: { held: 0, queued: 0, sending: 0, sent: 0, rejected: 0 }, cap: 10_000, full: false, refused: 0 });
  });
});
