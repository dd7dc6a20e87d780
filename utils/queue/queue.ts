import { browser } from 'wxt/browser';
import { getDb } from '../storage/db';
import type { SignedReport } from '../protocol/report-schema';
import type { DeliveryFailure, DeliveryStatus, QueuedReport } from '../storage/records';

/** A send that has not finished after this long died with its service worker; it is retried. */
export const SENDING_LEASE_MS = 2 * 60_000;
export const MAX_BACKOFF_MS = 60 * 60_000;
const BASE_BACKOFF_MS = 15_000;

/**
 * At most this many reports wait for delivery (held, queued or sending). Reports already waiting
 * are never dropped; a new one beyond the cap is refused, counted and shown to the user.
 */
export const QUEUE_CAP = 10_000;
const WAITING: readonly DeliveryStatus[] = ['held', 'queued', 'sending'];
const ALL_STATUSES: readonly DeliveryStatus[] = ['held', 'queued', 'sending', 'sent', 'rejected'];
/** storage.local key of the refusal count; the background watches it to show the warning. */
export const REFUSED_KEY = 'deliveryRefused';

export class QueueFullError extends Error {
  constructor(readonly cap: number) {
    super(
      `Blockwatch already keeps ${cap.toLocaleString('en')} reports waiting to be sent, its limit, so this report was not saved. ` +
        'Check that the collection endpoint is reachable, or delete waiting reports in the report history.',
    );
    this.name = 'QueueFullError';
  }
}

export interface QueueStatus {
  counts: Record<DeliveryStatus, number>;
  cap: number;
  /** The cap is reached: new reports are refused until some are sent or deleted. */
  full: boolean;
  /** Reports that could not be queued because of the cap, since the user last dismissed the warning. */
  refused: number;
}

/**
 * Stores a signed report for delivery. At the cap it stores nothing, counts the refusal and throws
 * QueueFullError, so a manual report gets a clear error and an automatic one is never lost unseen.
 */
export async function enqueue(signed: SignedReport, options: { hold?: boolean; now?: number; cap?: number } = {}): Promise<QueuedReport> {
  const now = options.now ?? Date.now();
  const cap = options.cap ?? QUEUE_CAP;
  const entry: QueuedReport = {
    id: signed.report.id,
    signed,
    status: options.hold ? 'held' : 'queued',
    attempts: 0,
    nextAttemptAt: now,
    queuedAt: now,
  };
  const tx = (await getDb()).transaction('reports', 'readwrite');
  // Counted and added in one transaction, so concurrent reports cannot overshoot the cap.
  const waiting = await Promise.all(WAITING.map((s) => tx.store.index('status').count(s)));
  if (waiting.reduce((a, b) => a + b, 0) >= cap) {
    tx.abort();
    await tx.done.catch(() => undefined);
    await countRefusal();
    throw new QueueFullError(cap);
  }
  // Both awaited together: a duplicate id fails the add and aborts the transaction.
  await Promise.all([tx.store.add(entry), tx.done]);
  return entry;
}

let refusals: Promise<unknown> = Promise.resolve();

/** Serialised, so two refusals at once both count. */
function countRefusal(): Promise<void> {
  const next = refusals.then(async () => {
    const stored = (await browser.storage.local.get(REFUSED_KEY))[REFUSED_KEY];
    const count = typeof stored === 'number' ? stored : 0;
    await browser.storage.local.set({ [REFUSED_KEY]: count + 1 });
  });
  refusals = next.catch(() => undefined);
  return next;
}

export async function refusedCount(): Promise<number> {
  const stored = (await browser.storage.local.get(REFUSED_KEY))[REFUSED_KEY];
  return typeof stored === 'number' ? stored : 0;
}

/** The user has seen the warning about refused reports. */
export async function dismissRefused(): Promise<void> {
  await refusals;
  await browser.storage.local.remove(REFUSED_KEY);
}

export async function queueStatus(cap = QUEUE_CAP): Promise<QueueStatus> {
  const [counts, refused] = await Promise.all([countByStatus(), refusedCount()]);
  const waiting = WAITING.reduce((sum, s) => sum + counts[s], 0);
  return { counts, cap, full: waiting >= cap, refused };
}

/**
 * The user asks to send a rejected report again, or approves a held one: it is queued, due now,
 * with its attempts and reasons cleared. False when there is no such report or it is not in one
 * of those states (queued, sending and sent reports need nothing).
 */
export async function resendReport(id: string, now = Date.now()): Promise<boolean> {
  const tx = (await getDb()).transaction('reports', 'readwrite');
  const entry = await tx.store.get(id);
  if (!entry || (entry.status !== 'rejected' && entry.status !== 'held')) {
    await tx.done;
    return false;
  }
  const { rejectedReason: _reason, lastError: _error, ...rest } = entry;
  await tx.store.put({ ...rest, status: 'queued', attempts: 0, nextAttemptAt: now });
  await tx.done;
  return true;
}

/** Reports in `status` whose nextAttemptAt lies in [from, to], through the [status, nextAttemptAt] index. */
function dueRange(status: DeliveryStatus, from: number, to: number, excludeFrom = false): IDBKeyRange {
  return IDBKeyRange.bound([status, from], [status, to], excludeFrom, false);
}

/**
 * Claims up to `limit` reports that are due, marking them `sending` in the same transaction, so
 * two flushes never send the same report at once. A `sending` report whose lease ran out is due.
 * Only due reports are read, however many wait for later.
 */
export async function claimDue(limit: number, now = Date.now()): Promise<QueuedReport[]> {
  const db = await getDb();
  const tx = db.transaction('reports', 'readwrite');
  const index = tx.store.index('statusDue');
  const claimed: QueuedReport[] = [];
  const ranges = [dueRange('queued', -Infinity, now), dueRange('sending', -Infinity, now - SENDING_LEASE_MS)];
  for (const range of ranges) {
    const due: QueuedReport[] = [];
    let cursor = await index.openCursor(range);
    while (cursor && claimed.length + due.length < limit) {
      due.push(cursor.value);
      cursor = await cursor.continue();
    }
    // Written after the walk: changing nextAttemptAt moves a record within the index being walked.
    for (const entry of due) {
      const next = { ...entry, status: 'sending' as const, nextAttemptAt: now };
      await tx.store.put(next);
      claimed.push(next);
    }
  }
  await tx.done;
  return claimed.sort((a, b) => a.queuedAt - b.queuedAt);
}

/** Applies `change` to each report that still exists; `null` leaves a report as it is. Answers the changed ones. */
async function updateEach(ids: string[], change: (entry: QueuedReport) => QueuedReport | null): Promise<QueuedReport[]> {
  if (ids.length === 0) return [];
  const db = await getDb();
  const tx = db.transaction('reports', 'readwrite');
  const changed: QueuedReport[] = [];
  for (const id of ids) {
    const entry = await tx.store.get(id);
    const next = entry && change(entry);
    if (next) {
      await tx.store.put(next);
      changed.push(next);
    }
  }
  await tx.done;
  return changed;
}

/** The collector holds these reports. A report already sent keeps its first sentAt. */
export async function markSent(ids: string[], now = Date.now()): Promise<void> {
  await updateEach(ids, (e) => {
    if (e.status === 'sent') return null;
    const { lastError: _error, lastFailure: _failure, retryAfterUntil: _until, rejectedReason: _reason, ...rest } = e;
    return { ...rest, status: 'sent', sentAt: now, attempts: e.attempts + 1 };
  });
}

/** The collector refused this report for good; it stays, with the reason, until the user resends or deletes it. */
export async function markRejected(id: string, reason: string): Promise<void> {
  await updateEach([id], (e) =>
    e.status === 'sent' ? null : { ...e, status: 'rejected', attempts: e.attempts + 1, rejectedReason: reason },
  );
}

export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.max(0, attempts - 1));
  // "Equal jitter": never sooner than half the ceiling, so a crowd of clients spreads out.
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

export interface RetryOptions {
  now?: number;
  /** The collector's Retry-After: never sooner, even when the network comes back. */
  retryAfterMs?: number;
  random?: () => number;
  failure?: DeliveryFailure;
}

/**
 * The attempt failed: back to `queued`, due after exponential backoff or the collector's
 * Retry-After, whichever is later, never more than an hour away. Sent or rejected reports stay so.
 * Answers the earliest new due time, or null when no report changed.
 */
export async function markForRetry(ids: string[], error: string, options: RetryOptions = {}): Promise<number | null> {
  const now = options.now ?? Date.now();
  const retryAfter = options.retryAfterMs === undefined ? undefined : Math.min(MAX_BACKOFF_MS, options.retryAfterMs);
  const changed = await updateEach(ids, (e) => {
    if (e.status !== 'sending' && e.status !== 'queued') return null;
    const { retryAfterUntil: _until, lastFailure: _failure, ...rest } = e;
    const attempts = e.attempts + 1;
    const wait = Math.min(MAX_BACKOFF_MS, Math.max(retryAfter ?? 0, backoffMs(attempts, options.random)));
    return {
      ...rest,
      status: 'queued',
      attempts,
      nextAttemptAt: now + wait,
      lastError: error,
      ...(options.failure && { lastFailure: options.failure }),
      ...(retryAfter !== undefined && { retryAfterUntil: now + retryAfter }),
    };
  });
  return changed.length > 0 ? Math.min(...changed.map((e) => e.nextAttemptAt)) : null;
}

/** Puts reports back without counting an attempt (the send never started). */
export async function release(ids: string[]): Promise<void> {
  await updateEach(ids, (e) => (e.status === 'sending' ? { ...e, status: 'queued' } : null));
}

/**
 * Claimed reports not tried because the collector just failed another batch: back to the queue,
 * due no sooner than that batch, without counting an attempt. One failure, one wait for all.
 */
export async function postpone(
  ids: string[],
  wait: { until: number; retryAfterUntil?: number; error: string; failure: DeliveryFailure },
): Promise<void> {
  await updateEach(ids, (e) =>
    e.status === 'sending'
      ? {
          ...e,
          status: 'queued',
          nextAttemptAt: Math.max(wait.until, e.retryAfterUntil ?? 0),
          lastError: `held back: ${wait.error}`,
          // Their fate is the failed batch's: when the network returns, they go with it.
          lastFailure: wait.failure,
          ...(wait.retryAfterUntil !== undefined && { retryAfterUntil: wait.retryAfterUntil }),
        }
      : null,
  );
}

/**
 * Run when the service worker starts. Only one instance runs at a time, so a report still marked
 * `sending` belongs to one that was stopped, maybe mid-request: it is due again at once rather
 * than after the lease. The collector may already hold it; resending is safe (idempotent by id).
 */
export async function releaseInterrupted(now = Date.now()): Promise<number> {
  const tx = (await getDb()).transaction('reports', 'readwrite');
  const stuck = await tx.store.index('status').getAll('sending');
  for (const entry of stuck) {
    await tx.store.put({
      ...entry,
      status: 'queued',
      nextAttemptAt: Math.max(now, entry.retryAfterUntil ?? 0),
      lastError: 'the send was interrupted when Blockwatch stopped; it is sent again',
      lastFailure: 'interrupted',
    });
  }
  await tx.done;
  return stuck.length;
}

/**
 * The network is back: reports waiting out backoff because the collector could not be reached
 * become due now, but never before a Retry-After the collector gave. Answers how many moved.
 */
export async function expediteUnreachable(now = Date.now()): Promise<number> {
  const tx = (await getDb()).transaction('reports', 'readwrite');
  const waiting: QueuedReport[] = [];
  let cursor = await tx.store.index('statusDue').openCursor(dueRange('queued', now, Infinity, true));
  while (cursor) {
    if (cursor.value.lastFailure === 'unreachable') waiting.push(cursor.value);
    cursor = await cursor.continue();
  }
  let moved = 0;
  for (const entry of waiting) {
    const due = Math.max(now, entry.retryAfterUntil ?? 0);
    if (due >= entry.nextAttemptAt) continue;
    await tx.store.put({ ...entry, nextAttemptAt: due });
    moved += 1;
  }
  await tx.done;
  return moved;
}

/** Whether any waiting report last failed because the collector could not be reached. */
export async function unreachableWaiting(now = Date.now()): Promise<boolean> {
  const tx = (await getDb()).transaction('reports');
  let cursor = await tx.store.index('statusDue').openCursor(dueRange('queued', now, Infinity, true));
  while (cursor) {
    if (cursor.value.lastFailure === 'unreachable') return true;
    cursor = await cursor.continue();
  }
  return false;
}

export async function listReports(): Promise<QueuedReport[]> {
  const all = await (await getDb()).getAllFromIndex('reports', 'queuedAt');
  return all.reverse();
}

export async function countByStatus(): Promise<Record<DeliveryStatus, number>> {
  const db = await getDb();
  const counts = await Promise.all(ALL_STATUSES.map((s) => db.countFromIndex('reports', 'status', s)));
  return Object.fromEntries(ALL_STATUSES.map((s, i) => [s, counts[i]])) as Record<DeliveryStatus, number>;
}

/** The earliest moment a queued report becomes due, for the wake-up alarm. Reads two index keys. */
export async function nextDueAt(): Promise<number | null> {
  const db = await getDb();
  const tx = db.transaction('reports');
  const index = tx.store.index('statusDue');
  const [queued, sending] = await Promise.all([
    index.openKeyCursor(dueRange('queued', -Infinity, Infinity)),
    index.openKeyCursor(dueRange('sending', -Infinity, Infinity)),
  ]);
  const times = [queued ? (queued.key[1] as number) : null, sending ? (sending.key[1] as number) + SENDING_LEASE_MS : null].filter(
    (t): t is number => t !== null,
  );
  await tx.done;
  return times.length > 0 ? Math.min(...times) : null;
}

/** False when there was no such report. A send already under way for it may still reach the collector. */
export async function deleteReport(id: string): Promise<boolean> {
  const tx = (await getDb()).transaction('reports', 'readwrite');
  const found = (await tx.store.getKey(id)) !== undefined;
  if (found) await tx.store.delete(id);
  await tx.done;
  return found;
}

/** Deletes every report, whatever its state; answers how many there were. */
export async function deleteAllReports(): Promise<number> {
  const tx = (await getDb()).transaction('reports', 'readwrite');
  const count = await tx.store.count();
  await tx.store.clear();
  await tx.done;
  return count;
}
