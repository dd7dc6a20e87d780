/**
 * The end of a network-wide outage: when the canaries answer again it is reported once, with its
 * start and end, and the sites held during it are probed again.
 */
import { browser } from 'wxt/browser';
import { networkDown } from '../confirm/canaries';
import { reportNetwork } from '../confirm/network-lookup';
import type { ProbeResult } from '../confirm/probe';
import { closeOutage, currentOutage, OUTAGE_ALARM } from '../classify/outage';
import { enqueue } from '../queue/queue';
import { buildSignedReport, type ClientInfo } from '../report/build';
import { getIdentity } from '../storage/identity';
import type { CanaryCheck, OpenOutage, QueuedReport, Suspicion } from '../storage/records';
import { loadSettings } from '../storage/settings';

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
