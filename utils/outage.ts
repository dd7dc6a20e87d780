import { browser } from 'wxt/browser';
import { networkDown, type CanaryCheck } from './canaries';
import { getDb } from './db';
import type { Suspicion } from './detection';
import { getIdentity } from './identity';
import { reportNetwork } from './network-lookup';
import type { ProbeResult } from './probe';
import { enqueue, type QueuedReport } from './queue';
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

export interface RecoveryIo {
  checkCanaries: () => Promise<CanaryCheck>;
  queueOutage: (outage: OpenOutage, end: number, recovery: CanaryCheck, held: number) => Promise<unknown>;
  reprobe: (suspicion: Suspicion) => Promise<unknown>;
  now?: () => number;
}

export type RecoveryState = 'none' | 'still-down' | 'recovered';

/** Asks the canaries; when they answer, reports the outage once and probes the held sites again. */
export async function recoverFromOutage(io: RecoveryIo): Promise<RecoveryState> {
  if (!(await currentOutage())) return 'none';
  const check = await io.checkCanaries();
  if (networkDown(check)) return 'still-down';
  const end = io.now?.() ?? Date.now();
  const closed = await closeOutage();
  if (!closed) return 'none';
  await browser.alarms.clear(OUTAGE_ALARM);
  await io.queueOutage(closed.outage, end, check, closed.held.length);
  for (const suspicion of closed.held) await io.reprobe(suspicion).catch(() => undefined);
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
  deps: { client: ClientInfo; onQueued: (entry: QueuedReport) => void; fetchImpl?: typeof fetch },
): Promise<QueuedReport> {
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
  // Asked now that the network is back: the outage happened on the network this browser is on.
  const network = await reportNetwork(settings, { ...(deps.fetchImpl && { fetchImpl: deps.fetchImpl }) });
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
      ...(network && { network }),
    },
    identity.privateKey,
  );
  const entry = await enqueue(signed, { hold: !settings.autoSend });
  deps.onQueued(entry);
  return entry;
}
