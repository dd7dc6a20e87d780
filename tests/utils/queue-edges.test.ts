/**
 * Edges of the delivery queue that mutation testing found unguarded: the order claimed reports go
 * out in, the earliest retry a failure answers, reports held back with a failed batch (only those
 * being sent, keeping a Retry-After they had), and the words and storage key a user and an
 * installed version depend on.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { getDb } from '../../utils/storage/db';
import {
  claimDue,
  enqueue,
  listReports,
  markForRetry,
  markSent,
  postpone,
  QueueFullError,
  releaseInterrupted,
  SENDING_LEASE_MS,
} from '../../utils/queue/queue';
import type { SignedReport } from '../../utils/protocol/report-schema';
import { makeKeys, makeSigned, resetDb, type TestKeys } from '../support/fixtures';

const T0 = Date.parse('2024-03-01T10:00:00.000Z');
let keys: TestKeys;
beforeAll(async () => {
  keys = await makeKeys();
});
beforeEach(async () => {
  fakeBrowser.reset();
  await resetDb();
});

const signed = (host: string): Promise<SignedReport> => makeSigned(keys, { host });
const byId = async (id: string) => (await listReports()).find((e) => e.id === id)!;

describe('claimDue order', () => {
  it('sends the oldest report first, whatever its retry time or state', async () => {
    // Queued first, but its retry falls due later than the newer one's.
    const old = await enqueue(await signed('old.example.kz'), { now: T0 });
    const newer = await enqueue(await signed('newer.example.kz'), { now: T0 + 1_000 });
    await markForRetry([old.id], 'x', { now: T0 + 2_000, random: () => 1 });
    await markForRetry([newer.id], 'x', { now: T0 + 2_000, random: () => 0 });
    // A send that died before either was queued, its lease run out.
    const stuck = await enqueue(await signed('stuck.example.kz'), { now: T0 - 5_000 });
    await claimDue(10, T0 - 4_000);
    const claimed = await claimDue(10, T0 + 10 * 60_000);
    expect(claimed.map((e) => e.signed.report.host)).toEqual(['stuck.example.kz', 'old.example.kz', 'newer.example.kz']);
    expect(stuck.queuedAt).toBeLessThan(old.queuedAt);
    expect(T0 + 10 * 60_000 - (T0 - 4_000)).toBeGreaterThan(SENDING_LEASE_MS);
  });
});

describe('markForRetry', () => {
  it('answers the earliest of the new retry times, for the wake-up alarm', async () => {
    const a = await enqueue(await signed('a.example.kz'), { now: T0 });
    const b = await enqueue(await signed('b.example.kz'), { now: T0 });
    const draws = [1, 0];
    const earliest = await markForRetry([a.id, b.id], 'x', { now: T0, random: () => draws.shift()! });
    const due = (await listReports()).map((e) => e.nextAttemptAt);
    expect(new Set(due).size).toBe(2);
    expect(earliest).toBe(Math.min(...due));
  });
});

describe('postpone', () => {
  const wait = { until: T0 + 60_000, error: 'the collector answered HTTP 503', failure: 'server' as const };

  it('holds back only reports being sent: a sent or queued one is left as it is', async () => {
    const sent = await enqueue(await signed('sent.example.kz'), { now: T0 });
    const queued = await enqueue(await signed('queued.example.kz'), { now: T0 });
    await markSent([sent.id], T0);
    await postpone([sent.id, queued.id], wait);
    expect(await byId(sent.id)).toMatchObject({ status: 'sent' });
    expect(await byId(queued.id)).toEqual(queued);
  });

  it('records the batch’s Retry-After, and keeps one the report already had when the batch gave none', async () => {
    const a = await enqueue(await signed('a.example.kz'), { now: T0 });
    const b = await enqueue(await signed('b.example.kz'), { now: T0 });
    const db = await getDb();
    await db.put('reports', { ...(await byId(b.id)), retryAfterUntil: T0 + 90_000 });
    await claimDue(10, T0);
    await postpone([a.id], { ...wait, retryAfterUntil: T0 + 120_000 });
    await postpone([b.id], wait);
    expect(await byId(a.id)).toMatchObject({ status: 'queued', retryAfterUntil: T0 + 120_000, nextAttemptAt: T0 + 60_000 });
    expect(await byId(b.id)).toMatchObject({ status: 'queued', retryAfterUntil: T0 + 90_000, nextAttemptAt: T0 + 90_000 });
  });
});

describe('what users and installed versions read', () => {
  it('says why a report was refused at the cap and what to do about it', async () => {
    const error = new QueueFullError(10_000);
    expect(error.name).toBe('QueueFullError');
    expect(error.message).toMatch(/10,000 reports waiting/);
    expect(error.message).toMatch(/Check that the collection endpoint is reachable, or delete waiting reports in the report history\./);
  });

  it('keeps the refusal count under the storage key earlier versions wrote', async () => {
    await enqueue(await signed('a.example.kz'), { now: T0, cap: 1 });
    await expect(enqueue(await signed('b.example.kz'), { now: T0, cap: 1 })).rejects.toBeInstanceOf(QueueFullError);
    expect(await fakeBrowser.storage.local.get('deliveryRefused')).toEqual({ deliveryRefused: 1 });
  });

  it('tells the user a send was cut short by Blockwatch stopping', async () => {
    const a = await enqueue(await signed('a.example.kz'), { now: T0 });
    await claimDue(10, T0);
    await releaseInterrupted(T0 + 1_000);
    expect(await byId(a.id)).toMatchObject({
      lastFailure: 'interrupted',
      lastError: expect.stringMatching(/interrupted when Blockwatch stopped/),
    });
  });
});
