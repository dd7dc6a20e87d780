import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import {
  dismissRefused,
  expediteUnreachable,
  releaseInterrupted,
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
} from '../../utils/queue/queue';
import type { SignedReport } from '../../utils/protocol/report-schema';
import { closeDb } from '../../utils/storage/db';
import { makeKeys, makeSigned, resetDb, type TestKeys } from '../support/fixtures';
import type { QueuedReport } from '../../utils/storage/records';

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
    await expect(markForRetry([], 'x')).resolves.toBeNull();
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
    for (const id of ['missing', queued!.report.id, sending!.report.id, sent!.report.id])
      expect(await resendReport(id, T0 + 1)).toBe(false);
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
    expect((await listReports()).map((e) => e.id).sort()).toEqual(
      reports
        .slice(0, 3)
        .map((r) => r.report.id)
        .sort(),
    );
    expect(await refusedCount()).toBe(2);
    expect(await queueStatus(3)).toEqual({
      counts: { held: 1, queued: 1, sending: 1, sent: 0, rejected: 0 },
      cap: 3,
      full: true,
      refused: 2,
    });
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
    expect(await queueStatus()).toEqual({
      counts: { held: 0, queued: 0, sending: 0, sent: 0, rejected: 0 },
      cap: 10_000,
      full: false,
      refused: 0,
    });
  });
});

describe('transitions that must not undo a finished report', () => {
  it('a sent report stays sent whatever a late or duplicate answer says', async () => {
    const [signed] = await signedReports(1);
    const id = signed!.report.id;
    await enqueue(signed!, { now: T0 });
    await claimDue(1, T0);
    await markSent([id], T0 + 1);
    await markForRetry([id], 'HTTP 500', { now: T0 + 2 });
    await markRejected(id, 'late');
    await release([id]);
    await markSent([id], T0 + 3);
    expect(await byId(id)).toMatchObject({ status: 'sent', sentAt: T0 + 1, attempts: 1 });
    expect(await byId(id)).not.toHaveProperty('rejectedReason');
  });

  it('markSent clears the failure left by earlier attempts', async () => {
    const [signed] = await signedReports(1);
    const id = signed!.report.id;
    await enqueue(signed!, { now: T0 });
    await markForRetry([id], 'HTTP 503', { now: T0, retryAfterMs: 60_000, failure: 'server' });
    await markSent([id], T0 + 70_000);
    const entry = await byId(id);
    expect(entry).toMatchObject({ status: 'sent', attempts: 2 });
    for (const key of ['lastError', 'lastFailure', 'retryAfterUntil']) expect(entry).not.toHaveProperty(key);
  });

  it('a rejected report is not put back in the queue by a retry', async () => {
    const [signed] = await signedReports(1);
    await enqueue(signed!, { now: T0 });
    await markRejected(signed!.report.id, 'bad');
    await markForRetry([signed!.report.id], 'x', { now: T0 });
    expect(await byId(signed!.report.id)).toMatchObject({ status: 'rejected', rejectedReason: 'bad' });
  });

  it('markForRetry keeps the failure kind and the Retry-After deadline, and forgets an old deadline', async () => {
    const [signed] = await signedReports(1);
    const id = signed!.report.id;
    await enqueue(signed!, { now: T0 });
    await markForRetry([id], 'HTTP 429', { now: T0, retryAfterMs: 90_000, failure: 'server', random: () => 0 });
    expect(await byId(id)).toMatchObject({ lastFailure: 'server', retryAfterUntil: T0 + 90_000, nextAttemptAt: T0 + 90_000 });
    await markForRetry([id], 'unreachable', { now: T0 + 90_000, failure: 'unreachable', random: () => 0 });
    const entry = await byId(id);
    expect(entry.lastFailure).toBe('unreachable');
    expect(entry).not.toHaveProperty('retryAfterUntil');
  });
});

describe('releaseInterrupted', () => {
  it('makes reports a stopped worker left sending due at once, without waiting out the lease', async () => {
    const [a, b, c] = await signedReports(3);
    await enqueue(a!, { now: T0 });
    await enqueue(b!, { now: T0 });
    await enqueue(c!, { now: T0 + 500_000 });
    await claimDue(2, T0);
    await closeDb(); // the worker stopped mid-request
    expect(await releaseInterrupted(T0 + 1_000)).toBe(2);
    expect(await byId(a!.report.id)).toMatchObject({
      status: 'queued',
      attempts: 0,
      nextAttemptAt: T0 + 1_000,
      lastFailure: 'interrupted',
    });
    expect((await claimDue(10, T0 + 1_000)).map((e) => e.id).sort()).toEqual([a!.report.id, b!.report.id].sort());
    expect(await byId(c!.report.id)).toMatchObject({ status: 'queued', nextAttemptAt: T0 + 500_000 });
  });

  it('still honours a Retry-After the collector gave before', async () => {
    const [signed] = await signedReports(1);
    await enqueue(signed!, { now: T0 });
    await markForRetry([signed!.report.id], '503', { now: T0, retryAfterMs: 600_000, random: () => 0 });
    await claimDue(1, T0 + 600_000);
    // The lease-expired path keeps the deadline too, through retryAfterUntil.
    expect(await releaseInterrupted(T0 + 600_001)).toBe(1);
    expect((await byId(signed!.report.id)).nextAttemptAt).toBe(T0 + 600_001);
  });

  it('touches nothing when no report is sending', async () => {
    const [signed] = await signedReports(1);
    await enqueue(signed!, { now: T0 });
    expect(await releaseInterrupted(T0)).toBe(0);
    expect(await byId(signed!.report.id)).toMatchObject({ status: 'queued', nextAttemptAt: T0 });
  });
});

describe('expediteUnreachable', () => {
  it('makes reports that could not reach the collector due now, but not those the collector itself failed', async () => {
    const [net, server, timeout] = await signedReports(3);
    for (const s of [net, server, timeout]) await enqueue(s!, { now: T0 });
    await markForRetry([net!.report.id], 'unreachable', { now: T0, failure: 'unreachable', random: () => 1 });
    await markForRetry([server!.report.id], 'HTTP 500', { now: T0, failure: 'server', random: () => 1 });
    await markForRetry([timeout!.report.id], 'timeout', { now: T0, failure: 'timeout', random: () => 1 });
    expect(await expediteUnreachable(T0 + 1_000)).toBe(1);
    expect((await claimDue(10, T0 + 1_000)).map((e) => e.id)).toEqual([net!.report.id]);
    expect((await byId(server!.report.id)).nextAttemptAt).toBe(T0 + 15_000);
  });

  it('never brings a report forward past the collector’s Retry-After', async () => {
    const [busy, mixed] = await signedReports(2);
    for (const s of [busy, mixed]) await enqueue(s!, { now: T0 });
    // The collector itself said "later": that wait stands, network or not.
    await markForRetry([busy!.report.id], 'HTTP 503', { now: T0, retryAfterMs: 120_000, failure: 'server', random: () => 0 });
    // Long backoff after many failures, with a Retry-After deadline sooner than it.
    for (let i = 0; i < 8; i++) await markForRetry([mixed!.report.id], 'unreachable', { now: T0, failure: 'unreachable', random: () => 1 });
    await markForRetry([mixed!.report.id], 'unreachable', { now: T0, retryAfterMs: 120_000, failure: 'unreachable', random: () => 1 });
    expect((await byId(mixed!.report.id)).nextAttemptAt).toBeGreaterThan(T0 + 120_000);
    expect(await expediteUnreachable(T0 + 1_000)).toBe(1);
    expect((await byId(busy!.report.id)).nextAttemptAt).toBe(T0 + 120_000);
    expect((await byId(mixed!.report.id)).nextAttemptAt).toBe(T0 + 120_000);
    expect(await claimDue(10, T0 + 119_999)).toEqual([]);
    expect(await expediteUnreachable(T0 + 2_000)).toBe(0);
  });

  it('leaves held, sent and rejected reports alone', async () => {
    const [held, sent, rejected] = await signedReports(3);
    await enqueue(held!, { hold: true, now: T0 });
    await enqueue(sent!, { now: T0 });
    await enqueue(rejected!, { now: T0 });
    await markForRetry([sent!.report.id, rejected!.report.id], 'unreachable', { now: T0, failure: 'unreachable' });
    await markSent([sent!.report.id], T0 + 1);
    await markRejected(rejected!.report.id, 'bad');
    expect(await expediteUnreachable(T0 + 2)).toBe(0);
    expect(await countByStatus()).toMatchObject({ held: 1, sent: 1, rejected: 1, queued: 0 });
  });
});
