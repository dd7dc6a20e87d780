/**
 * Holding failures back while the whole network is down: every canary failed together with the
 * site. Held failures and the open outage live in IndexedDB, so an outage that outlasts the
 * service worker (or the browser) is still reported once (pipeline/outage-report.ts).
 */
import { browser } from 'wxt/browser';
import { getDb } from '../storage/db';
import type { CanaryCheck, OpenOutage, Suspicion } from '../storage/records';

export const OUTAGE_ALARM = 'outage-recovery';
/** How often the canaries are asked while the network is down, besides every page that loads. */
export const RECOVERY_CHECK_MINUTES = 1;

/** Moves the suspicion from the pending store to the held one, opening the outage if needed. */
export async function holdForOutage(suspicion: Suspicion, canaries: CanaryCheck, now = Date.now()): Promise<OpenOutage> {
  const db = await getDb();
  const tx = db.transaction(['outage', 'held', 'suspicions'], 'readwrite');
  const open = await tx.objectStore('outage').get('current');
  const startedAt = Math.min(open?.startedAt ?? now, suspicion.observedAt);
  const outage: OpenOutage = { id: 'current', startedAt, canaries: open?.canaries ?? canaries };
  await tx.objectStore('outage').put(outage);
  await tx.objectStore('held').put(suspicion);
  await tx.objectStore('suspicions').delete(suspicion.key);
  await tx.done;
  if (!open) await browser.alarms.create(OUTAGE_ALARM, { periodInMinutes: RECOVERY_CHECK_MINUTES });
  return outage;
}

export async function currentOutage(): Promise<OpenOutage | undefined> {
  return (await getDb()).get('outage', 'current');
}

export async function heldSuspicions(): Promise<Suspicion[]> {
  return (await getDb()).getAll('held');
}

/**
 * Closes the open outage and puts the held suspicions back among the pending ones, in one
 * transaction: of several callers exactly one gets the outage, and a worker stopped right after
 * still finds the suspicions to probe on its next start.
 */
export async function closeOutage(): Promise<{ outage: OpenOutage; held: Suspicion[] } | null> {
  const db = await getDb();
  const tx = db.transaction(['outage', 'held', 'suspicions'], 'readwrite');
  const outage = await tx.objectStore('outage').get('current');
  if (!outage) {
    await tx.done;
    return null;
  }
  const held = await tx.objectStore('held').getAll();
  await tx.objectStore('outage').delete('current');
  await tx.objectStore('held').clear();
  for (const suspicion of held) await tx.objectStore('suspicions').put(suspicion);
  await tx.done;
  return { outage, held };
}
