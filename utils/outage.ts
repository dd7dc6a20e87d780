import { browser } from 'wxt/browser';
import { networkDown, type CanaryCheck } from './canaries';
import { getDb } from './db';
import type { Suspicion } from './detection';
import { getIdentity } from './identity';
import type { ProbeResult } from './probe';
import { enqueue, QueueFullError, type QueuedReport } from './queue';
import { buildSignedReport, type ClientInfo } from './report';
import { loadSettings } from './settings';

/**
 * A network-wide outage: every canary failed together with the site. Failures seen during it are
 * held, not reported; when the canaries answer again the outage is reported once, with its start
 * and end, and the held sites are probed again. All of it lives in IndexedDB, so an outage that
 * outlasts the service worker (or the browser) is still reported once.
 */

export interface OpenOutage {
  id: 'current';
  startedAt: number;
  /** The canary check that found the network down. */
  canaries: CanaryCheck;
}

/**
 * An outage already closed whose report is not yet known to be queued. It is written in the same
 * transaction that closes the outage and deleted only once the report is queued, so neither a
 * failure nor a stopped worker in between can lose the report; the report's id is fixed here, so
 * queuing it again after a stop cannot make a second one.
 */
export interface ClosedOutage extends Omit<OpenOutage, 'id'> {
  id: `closed:${string}`;
  end: number;
  recovery: CanaryCheck;
  held: number;
  reportId: string;
}

const isOpen = (value: OpenOutage | ClosedOutage | undefined): OpenOutage | undefined => (value?.id === 'current' ? value : undefined);
const isClosed = (value: OpenOutage | ClosedOutage): value is ClosedOutage => value.id !== 'current';

export const OUTAGE_ALARM = 'outage-recovery';
/** How often the canaries are asked while the network is down, besides every page that loads. */
export const RECOVERY_CHECK_MINUTES = 1;

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

export interface RecoveryIo {
  checkCanaries: () => Promise<CanaryCheck>;
  /** Queues the outage's report under `reportId`; one already queued under it counts as done. */
  queueOutage: (outage: OpenOutage, end: number, recovery: CanaryCheck, held: number, reportId: string) => Promise<unknown>;
  reprobe: (suspicion: Suspicion) => Promise<unknown>;
  now?: () => number;
}

export type RecoveryState = 'none' | 'still-down' | 'recovered';

/** Queues a closed outage's report, then forgets the closed outage. */
async function queueClosed(closed: ClosedOutage, io: RecoveryIo): Promise<void> {
  const { id: _id, end, recovery, held, reportId, ...outage } = closed;
  try {
    await io.queueOutage({ ...outage, id: 'current' }, end, recovery, held, reportId);
  } catch (error) {
    // At the queue's cap the refusal is counted and shown, as for any automatic report; trying
    // again on every page load would only count it again.
    if (!(error instanceof QueueFullError)) throw error;
  }
  await (await getDb()).delete('outage', closed.id);
}

let recovering: Promise<unknown> = Promise.resolve();

/**
 * Asks the canaries; when they answer, reports the outage once and probes the held sites again.
 * A report an earlier call or a stopped worker left unqueued is queued first. Calls run one at a
 * time, so a closed outage is never queued by two at once.
 */
export function recoverFromOutage(io: RecoveryIo): Promise<RecoveryState> {
  const next = recovering.then(() => recoverOnce(io));
  recovering = next.catch(() => undefined);
  return next;
}

async function recoverOnce(io: RecoveryIo): Promise<RecoveryState> {
  // One read of a store that holds at most a few records: this runs on every page load.
  const records = await (await getDb()).getAll('outage');
  const left = records.filter(isClosed);
  for (const closed of left) await queueClosed(closed, io);
  if (!records.some((r) => r.id === 'current')) {
    // The alarm outlived its outage only to retry a report that is queued now.
    if (left.length > 0) await browser.alarms.clear(OUTAGE_ALARM);
    return 'none';
  }
  const check = await io.checkCanaries();
  if (networkDown(check)) return 'still-down';
  const end = io.now?.() ?? Date.now();
  const closed = await closeOutage(end, check);
  if (!closed) return 'none';
  let failure: { error: unknown } | undefined;
  try {
    await queueClosed(closed.closed, io);
  } catch (error) {
    failure = { error };
  }
  for (const suspicion of closed.held) await io.reprobe(suspicion).catch(() => undefined);
  // The alarm stays while the report waits: its next tick tries again.
  if (failure) throw failure.error;
  await browser.alarms.clear(OUTAGE_ALARM);
  return 'recovered';
}

/**
 * The outage report. Its URL and host are those of the first canary that answered again: they
 * name the check, not a site the user visited, so the report says nothing about their browsing.
 */
export async function queueOutageReport(
  outage: OpenOutage,
  end: number,
  recovery: CanaryCheck,
  held: number,
  deps: { client: ClientInfo; onQueued: (entry: QueuedReport) => void },
  reportId?: string,
): Promise<QueuedReport> {
  // Queued already by a worker that stopped before it could record so.
  const already = reportId === undefined ? undefined : await (await getDb()).get('reports', reportId);
  if (already) return already;
  const canary = recovery.results.find((r) => r.ok) ?? recovery.results[0]!;
  const url = new URL(canary.url);
  const suspicion: Suspicion = {
    key: `outage|${outage.startedAt}`,
    tabId: -1,
    url: url.href,
    host: url.hostname,
    trigger: 'auto',
    observedAt: outage.startedAt,
  };
  const probe: ProbeResult = { ok: canary.ok, ms: canary.ms, ...(canary.status !== undefined && { status: canary.status }) };
  const settings = await loadSettings();
  const identity = await getIdentity();
  const signed = await buildSignedReport(
    {
      suspicion,
      verdict: {
        kind: 'outage',
        confirmed: true,
        evidence: {
          canaries: outage.canaries,
          outage: { start: new Date(outage.startedAt).toISOString(), end: new Date(Math.max(end, outage.startedAt)).toISOString(), held },
        },
      },
      probe,
      urlDetail: 'origin',
      publicKey: identity.publicKey,
      client: deps.client,
      ...(reportId !== undefined && { id: reportId }),
    },
    identity.privateKey,
  );
  const entry = await enqueue(signed, { hold: !settings.autoSend });
  deps.onQueued(entry);
  return entry;
}
