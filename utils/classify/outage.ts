/**
 * Holding failures back while the whole network is down: every canary failed together with the
 * site. Held failures and the open outage live in IndexedDB, so an outage that outlasts the
 * service worker (or the browser) is still reported once (pipeline/outage-report.ts). Closing
 * leaves a closed-outage record behind until its report is queued.
 */
import { browser } from 'wxt/browser';
import { getDb } from '../storage/db';
import type { CanaryCheck, ClosedOutage, OpenOutage, Suspicion } from '../storage/records';

export const OUTAGE_ALARM = 'outage-recovery';
/** How often the canaries are asked while the network is down, besides every page that loads. */
export const RECOVERY_CHECK_MINUTES = 1;

export const isOpen = (value: OpenOutage | ClosedOutage | undefined): OpenOutage | undefined =>
  value?.id === 'current' ? value : undefined;
export const isClosed = (value: OpenOutage | ClosedOutage): value is ClosedOutage => value.id !== 'current';

/** Moves the suspicion from the pending store to the held one, opening the outage if needed. */
export async function holdForOutage(suspicion: Suspicion, canaries: CanaryCheck, now = Date.now()): Promise<OpenOutage> {
  const db = await getDb();
  const tx = db.transaction(['outage', 'held', 'suspicions'], 'readwrite');
  const open = isOpen(await tx.objectStore('outage').get('current'));
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
  return isOpen(await (await getDb()).get('outage', 'current'));
}

/** Closed outages whose reports still wait to be queued. */
export async function closedOutages(): Promise<ClosedOutage[]> {
  return (await (await getDb()).getAll('outage')).filter(isClosed);
}

/** Forgets a closed outage once its report is queued. */
export async function forgetClosedOutage(closed: ClosedOutage): Promise<void> {
  await (await getDb()).delete('outage', closed.id);
}

export async function heldSuspicions(): Promise<Suspicion[]> {
  return (await getDb()).getAll('held');
}

/**
 * Closes the open outage, records it as closed (with what its report needs) and puts the held
 * suspicions back among the pending ones, in one transaction: of several callers exactly one gets
 * the outage, and a worker stopped right after still finds both the report to queue and the
 * suspicions to probe.
 */
export async function closeOutage(
  end: number,
  recovery: CanaryCheck,
): Promise<{ outage: OpenOutage; held: Suspicion[]; closed: ClosedOutage } | null> {
  const db = await getDb();
  const tx = db.transaction(['outage', 'held', 'suspicions'], 'readwrite');
  const outage = isOpen(await tx.objectStore('outage').get('current'));
  if (!outage) {
    await tx.done;
    return null;
  }
  const held = await tx.objectStore('held').getAll();
  const reportId = crypto.randomUUID();
  const closed: ClosedOutage = { ...outage, id: `closed:${reportId}`, end, recovery, held: held.length, reportId };
  await tx.objectStore('outage').delete('current');
  await tx.objectStore('outage').put(closed);
  await tx.objectStore('held').clear();
  for (const suspicion of held) await tx.objectStore('suspicions').put(suspicion);
  await tx.done;
  return { outage, held, closed };
}
