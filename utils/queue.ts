import { getDb, type DeliveryStatus, type QueuedReport } from './db';
import type { SignedReport } from './report-schema';

export type { DeliveryStatus, QueuedReport } from './db';

/** A send that has not finished after this long died with its service worker; it is retried. */
export const SENDING_LEASE_MS = 2 * 60_000;
export const MAX_BACKOFF_MS = 60 * 60_000;
const BASE_BACKOFF_MS = 15_000;

export async function enqueue(signed: SignedReport, options: { hold?: boolean; now?: number } = {}): Promise<QueuedReport> {
  const now = options.now ?? Date.now();
  const entry: QueuedReport = {
    id: signed.report.id,
    signed,
    status: options.hold ? 'held' : 'queued',
    attempts: 0,
    nextAttemptAt: now,
    queuedAt: now,
  };
  await (await getDb()).add('reports', entry);
  return entry;
}

/**
 * Claims up to `limit` reports that are due, marking them `sending` in the same transaction, so
 * two flushes never send the same report at once. A `sending` report whose lease ran out is due.
 */
export async function claimDue(limit: number, now = Date.now()): Promise<QueuedReport[]> {
  const db = await getDb();
  const tx = db.transaction('reports', 'readwrite');
  const claimed: QueuedReport[] = [];
  for (const status of ['queued', 'sending'] as const) {
    let cursor = await tx.store.index('status').openCursor(status);
    while (cursor && claimed.length < limit) {
      const entry = cursor.value;
      const due = status === 'queued' ? entry.nextAttemptAt <= now : entry.nextAttemptAt + SENDING_LEASE_MS <= now;
      if (due) {
        const next = { ...entry, status: 'sending' as const, nextAttemptAt: now };
        await cursor.update(next);
        claimed.push(next);
      }
      cursor = await cursor.continue();
    }
  }
  await tx.done;
  return claimed.sort((a, b) => a.queuedAt - b.queuedAt);
}

async function updateEach(ids: string[], change: (entry: QueuedReport) => QueuedReport): Promise<void> {
  if (ids.length === 0) return;
  const db = await getDb();
  const tx = db.transaction('reports', 'readwrite');
  for (const id of ids) {
    const entry = await tx.store.get(id);
    if (entry) await tx.store.put(change(entry));
  }
  await tx.done;
}

export function markSent(ids: string[], now = Date.now()): Promise<void> {
  return updateEach(ids, (e) => ({ ...e, status: 'sent', sentAt: now, attempts: e.attempts + 1, lastError: undefined }));
}

export function markRejected(id: string, reason: string): Promise<void> {
  return updateEach([id], (e) => ({ ...e, status: 'rejected', attempts: e.attempts + 1, rejectedReason: reason }));
}

export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.max(0, attempts - 1));
  // "Equal jitter": never sooner than half the ceiling, so a crowd of clients spreads out.
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

export function markForRetry(
  ids: string[],
  error: string,
  options: { now?: number; retryAfterMs?: number; random?: () => number } = {},
): Promise<void> {
  const now = options.now ?? Date.now();
  return updateEach(ids, (e) => {
    const attempts = e.attempts + 1;
    const wait = Math.min(MAX_BACKOFF_MS, Math.max(options.retryAfterMs ?? 0, backoffMs(attempts, options.random)));
    return { ...e, status: 'queued', attempts, nextAttemptAt: now + wait, lastError: error };
  });
}

/** Puts reports back without counting an attempt (the send never started). */
export function release(ids: string[]): Promise<void> {
  return updateEach(ids, (e) => ({ ...e, status: 'queued' }));
}

export async function listReports(): Promise<QueuedReport[]> {
  const all = await (await getDb()).getAllFromIndex('reports', 'queuedAt');
  return all.reverse();
}

export async function countByStatus(): Promise<Record<DeliveryStatus, number>> {
  const db = await getDb();
  const statuses: DeliveryStatus[] = ['held', 'queued', 'sending', 'sent', 'rejected'];
  const counts = await Promise.all(statuses.map((s) => db.countFromIndex('reports', 'status', s)));
  return Object.fromEntries(statuses.map((s, i) => [s, counts[i]])) as Record<DeliveryStatus, number>;
}

/** The earliest moment a queued report becomes due, for the wake-up alarm. */
export async function nextDueAt(): Promise<number | null> {
  const db = await getDb();
  let earliest: number | null = null;
  for (const status of ['queued', 'sending'] as const) {
    for (const entry of await db.getAllFromIndex('reports', 'status', status)) {
      const at = status === 'queued' ? entry.nextAttemptAt : entry.nextAttemptAt + SENDING_LEASE_MS;
      if (earliest === null || at < earliest) earliest = at;
    }
  }
  return earliest;
}

export async function deleteReport(id: string): Promise<void> {
  await (await getDb()).delete('reports', id);
}

export async function deleteAllReports(): Promise<void> {
  await (await getDb()).clear('reports');
}
