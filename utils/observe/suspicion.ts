import type { Suspicion } from '../storage/records';
import { getDb } from '../storage/db';
import { kindForNetError } from './net-errors';
import type { FrameError, FrameEvent, FrameResponse } from './browser-events';
import { isTabPage } from './browser-events';
import { reportableHost } from './reportable';

/** Suspicions: what the browser saw that may be blocking, kept until the probe has its say. */
export const DEDUPE_WINDOW_MS = 5 * 60_000;

export function suspicionKey(tabId: number, host: string): string {
  return `${tabId}|${host}`;
}

/** A main-frame load in a real tab, on a host of the open web, becomes a suspicion. */
export function suspectMainFrame(
  details: FrameEvent,
  signal: Pick<Suspicion, 'navigationError' | 'httpStatus' | 'blockpageSignal' | 'dnsAnswer'>,
  now: number,
): Suspicion | null {
  if (!isTabPage(details)) return null;
  const host = reportableHost(details.url);
  if (!host) return null;
  return {
    key: suspicionKey(details.tabId, host),
    tabId: details.tabId,
    url: details.url,
    host,
    trigger: 'auto',
    observedAt: details.timeStamp ?? now,
    ...signal,
  };
}

export function suspicionFromError(details: FrameError, now = Date.now()): Suspicion | null {
  if (kindForNetError(details.error) === null) return null;
  return suspectMainFrame(details, { navigationError: details.error }, now);
}

/** HTTP 451 is a block page by definition; other statuses are left to the page scanner. */
export function suspicionFromResponse(details: FrameResponse, now = Date.now()): Suspicion | null {
  if (details.statusCode !== 451) return null;
  return suspectMainFrame(details, { httpStatus: 451 }, now);
}

/**
 * Records the suspicion unless the same tab and host produced one in the last few minutes.
 * Kept in IndexedDB so a stopped service worker neither forgets nor repeats it.
 */
export async function admitSuspicion(suspicion: Suspicion, now = Date.now()): Promise<boolean> {
  const db = await getDb();
  const tx = db.transaction(['recent', 'suspicions'], 'readwrite');
  const recent = await tx.objectStore('recent').get(suspicion.key);
  if (recent && now - recent.at < DEDUPE_WINDOW_MS) {
    await tx.done;
    return false;
  }
  await tx.objectStore('recent').put({ key: suspicion.key, at: now });
  await tx.objectStore('suspicions').put(suspicion);
  await tx.done;
  return true;
}

export async function pendingSuspicions(): Promise<Suspicion[]> {
  return (await getDb()).getAll('suspicions');
}

export async function settleSuspicion(key: string): Promise<void> {
  await (await getDb()).delete('suspicions', key);
}

/** Drops dedupe entries older than the window so the store does not grow without end. */
export async function pruneRecent(now = Date.now()): Promise<void> {
  const db = await getDb();
  const tx = db.transaction('recent', 'readwrite');
  for await (const cursor of tx.store) {
    if (now - cursor.value.at >= DEDUPE_WINDOW_MS) await cursor.delete();
  }
  await tx.done;
}

export async function forgetSuspicion(key: string): Promise<void> {
  const db = await getDb();
  const tx = db.transaction(['recent', 'suspicions'], 'readwrite');
  await tx.objectStore('recent').delete(key);
  await tx.objectStore('suspicions').delete(key);
  await tx.done;
}
