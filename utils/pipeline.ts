import { admitSuspicion, pendingSuspicions, settleSuspicion, type Suspicion } from './detection';
import { getIdentity } from './identity';
import { probe, type ProbeResult, type ProbeTracker } from './probe';
import { enqueue, type QueuedReport } from './queue';
import { buildSignedReport, type ClientInfo } from './report';
import { loadSettings } from './settings';
import { decideVerdict } from './verdict';

export interface PipelineDeps {
  tracker: ProbeTracker;
  client: ClientInfo;
  /** Called after a report was queued; the background wakes the sender. */
  onQueued: (entry: QueuedReport) => void;
  fetchImpl?: typeof fetch;
}

export type ConfirmOutcome =
  | { status: 'queued'; entry: QueuedReport; probe: ProbeResult }
  | { status: 'not-confirmed'; probe: ProbeResult };

/** Probe, classify, sign and queue one suspicion, then forget it. */
export async function confirmSuspicion(suspicion: Suspicion, deps: PipelineDeps): Promise<ConfirmOutcome> {
  const settings = await loadSettings();
  const result = await probe(suspicion.url, {
    timeoutMs: settings.probeTimeoutMs,
    tracker: deps.tracker,
    ...(deps.fetchImpl && { fetchImpl: deps.fetchImpl }),
  });
  const verdict = decideVerdict(suspicion, result);
  if (!verdict) {
    await settleSuspicion(suspicion.key);
    return { status: 'not-confirmed', probe: result };
  }
  const identity = await getIdentity();
  const signed = await buildSignedReport(
    { suspicion, verdict, probe: result, urlDetail: settings.urlDetail, publicKey: identity.publicKey, client: deps.client },
    identity.privateKey,
  );
  const entry = await enqueue(signed, { hold: suspicion.trigger === 'auto' && !settings.autoSend });
  await settleSuspicion(suspicion.key);
  deps.onQueued(entry);
  return { status: 'queued', entry, probe: result };
}

/** Entry point for what the browser observed on its own. */
export async function intakeAutomatic(suspicion: Suspicion | null, deps: PipelineDeps): Promise<ConfirmOutcome | null> {
  if (!suspicion) return null;
  const settings = await loadSettings();
  if (!settings.autoDetect) return null;
  if (!(await admitSuspicion(suspicion))) return null;
  return confirmSuspicion(suspicion, deps);
}

/** Suspicions left behind by a service worker that was stopped mid-probe are probed again. */
export async function resumePending(deps: PipelineDeps): Promise<void> {
  for (const suspicion of await pendingSuspicions()) {
    await confirmSuspicion(suspicion, deps).catch(() => undefined);
  }
}
