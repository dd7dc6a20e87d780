/**
 * The end of a network-wide outage: when the canaries answer again it is reported once, with its
 * start and end, and the sites held during it are probed again. The report's id is fixed when the
 * outage closes, so a worker stopped before queuing it queues it on its next start, and only once.
 */
import { browser } from 'wxt/browser';
import { networkDown } from '../confirm/canaries';
import { reportNetwork } from '../confirm/network-lookup';
import type { ProbeResult } from '../confirm/probe';
import { closeOutage, forgetClosedOutage, isClosed, OUTAGE_ALARM } from '../classify/outage';
import { enqueue, QueueFullError } from '../queue/queue';
import { buildSignedReport, type ClientInfo } from '../report/build';
import { getIdentity } from '../storage/identity';
import { getDb } from '../storage/db';
import type { CanaryCheck, ClosedOutage, OpenOutage, QueuedReport, Suspicion } from '../storage/records';
import { loadSettings } from '../storage/settings';

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
  await forgetClosedOutage(closed);
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
  deps: { client: ClientInfo; onQueued: (entry: QueuedReport) => void; fetchImpl?: typeof fetch },
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
      ...(reportId !== undefined && { id: reportId }),
    },
    identity.privateKey,
  );
  const entry = await enqueue(signed, { hold: !settings.autoSend });
  deps.onQueued(entry);
  return entry;
}
