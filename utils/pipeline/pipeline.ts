import { PROBE_BODY_LIMIT } from '../blockpage/evidence';
import { checkCanariesNow, classifyFailure } from '../classify/3-outside-checks';
import { confirmDnsAnswer, mayCompareDns } from '../classify/2-dns-answer';
import { admitSuspicion, forgetSuspicion, pendingSuspicions, settleSuspicion } from '../observe/suspicion';
import type { FallbackCheck } from '../observe/http-fallback';
import { getIdentity } from '../storage/identity';
import { reportNetwork } from '../confirm/network-lookup';
import { probe, type ProbeResult, type ProbeTracker } from '../confirm/probe';
import { enqueue } from '../queue/queue';
import { buildSignedReport, type ClientInfo } from '../report/build';
import { queueOutageReport, recoverFromOutage, type RecoveryState } from './outage-report';
import type { ReportNetwork } from '../protocol/report-schema';
import { confirmThrottling, type ThrottlingDeps } from './throttling';
import { loadSettings } from '../storage/settings';
import { decideVerdict, type Verdict } from '../classify/1-probe-verdict';
import { settlePageCandidate } from '../classify/page-comparison';
import type { QueuedReport, Suspicion } from '../storage/records';
import type { Settings } from '../storage/settings-rules';

/** How long Chromium gets to start its HTTP fallback after a failed HTTPS upgrade. */
export const FALLBACK_GRACE_MS = 500;

export interface PipelineDeps extends ThrottlingDeps {
  tracker: ProbeTracker;
  navigations: FallbackCheck;
  client: ClientInfo;
  /** Called after a report was queued; the background wakes the sender and marks the tab. */
  /** `suspicion` is absent for a report that belongs to no tab (a network-wide outage). */
  onQueued: (entry: QueuedReport, suspicion?: Suspicion) => void;
  /** Whether the tab belongs to a private (incognito) window. */
  isPrivateTab: (tabId: number) => Promise<boolean>;
  fetchImpl?: typeof fetch;
}

export type ConfirmOutcome =
  | { status: 'queued'; entry: QueuedReport; probe: ProbeResult }
  | { status: 'not-confirmed'; probe: ProbeResult }
  | { status: 'held-for-outage'; probe: ProbeResult }
  | { status: 'http-fallback' };

interface Measurement {
  settings: Settings;
  probe: ProbeResult;
  verdict: Verdict | null;
  network: ReportNetwork | undefined;
}

async function measure(suspicion: Suspicion, deps: PipelineDeps): Promise<Measurement> {
  const settings = await loadSettings();
  // The network is asked for beside the probe, so a slow collector does not delay the report.
  const [result, network] = await Promise.all([
    probe(suspicion.url, {
      timeoutMs: settings.probeTimeoutMs,
      tracker: deps.tracker,
      maxBodyBytes: PROBE_BODY_LIMIT,
      ...(deps.fetchImpl && { fetchImpl: deps.fetchImpl }),
    }),
    reportNetwork(settings, { ...(deps.fetchImpl && { fetchImpl: deps.fetchImpl }) }),
  ]);
  // A slow page did load for the user: a probe that failed is not that page failing again.
  const slowPageProbeFailed = suspicion.pageTiming !== undefined && !result.ok;
  return { settings, probe: result, verdict: slowPageProbeFailed ? null : decideVerdict(suspicion, result), network };
}

/**
 * Signs and queues what the probe confirmed, then forgets the suspicion. One that cannot become a
 * report is forgotten too, not retried on every start of the service worker.
 */
async function record(suspicion: Suspicion, measured: Measurement, deps: PipelineDeps): Promise<ConfirmOutcome> {
  try {
    return await recordOrThrow(suspicion, measured, deps);
  } catch (error) {
    await settleSuspicion(suspicion.key).catch(() => undefined);
    throw error;
  }
}

async function recordOrThrow(suspicion: Suspicion, measured: Measurement, deps: PipelineDeps): Promise<ConfirmOutcome> {
  const { settings, probe: result } = measured;
  // A page that loaded from a private address proves nothing by loading: the resolver decides.
  const probed =
    measured.verdict ?? (await confirmDnsAnswer(suspicion, settings, deps)) ?? (await confirmThrottling(suspicion, settings, deps));
  // Signs of a block page without proof: the control's copy of the page decides (compare, then decide).
  const measuredVerdict = probed && (await settlePageCandidate(suspicion, probed, settings, deps));
  if (!measuredVerdict) {
    await settleSuspicion(suspicion.key);
    return { status: 'not-confirmed', probe: result };
  }
  const verdict = await classifyFailure(suspicion, measuredVerdict, settings, deps);
  if (!verdict) return { status: 'held-for-outage', probe: result };
  const identity = await getIdentity();
  const signed = await buildSignedReport(
    {
      suspicion,
      verdict,
      probe: result,
      urlDetail: settings.urlDetail,
      publicKey: identity.publicKey,
      client: deps.client,
      ...(measured.network && { network: measured.network }),
    },
    identity.privateKey,
  );
  const entry = await enqueue(signed, { hold: suspicion.trigger === 'auto' && !settings.autoSend });
  await settleSuspicion(suspicion.key);
  deps.onQueued(entry, suspicion);
  return { status: 'queued', entry, probe: result };
}

/** Probe, classify, sign and queue one suspicion. */
export async function confirmSuspicion(suspicion: Suspicion, deps: PipelineDeps): Promise<ConfirmOutcome> {
  return record(suspicion, await measure(suspicion, deps), deps);
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Entry point for what the browser observed on its own. */
export async function intakeAutomatic(suspicion: Suspicion | null, deps: PipelineDeps): Promise<ConfirmOutcome | null> {
  if (!suspicion) return null;
  const settings = await loadSettings();
  if (!settings.autoDetect) return null;
  if (!settings.allowPrivateWindows && (await deps.isPrivateTab(suspicion.tabId))) return null;
  // Without a resolver to ask, a suspicious answer can never be confirmed: not even a probe.
  if (suspicion.dnsAnswer && !mayCompareDns(settings)) return null;
  if (!(await admitSuspicion(suspicion))) return null;
  const [measured] = await Promise.all([measure(suspicion, deps), delay(FALLBACK_GRACE_MS)]);
  if (await deps.navigations.fellBackToHttp(suspicion)) {
    // The browser's HTTPS attempt for an http:// link, not a failure of the site. The HTTP load
    // that follows is watched on its own, so this tab and host must be free to be suspected again.
    await forgetSuspicion(suspicion.key);
    return { status: 'http-fallback' };
  }
  return record(suspicion, measured, deps);
}

/** While an outage is open: when the canaries answer again, report it once and re-probe what was held. */
export async function recoverOutage(deps: PipelineDeps): Promise<RecoveryState> {
  return recoverFromOutage({
    checkCanaries: async () => checkCanariesNow(await loadSettings(), deps),
    queueOutage: (outage, end, recovery, held, reportId) => queueOutageReport(outage, end, recovery, held, deps, reportId),
    reprobe: (suspicion) => confirmSuspicion(suspicion, deps),
  });
}

/** Suspicions left behind by a service worker that was stopped mid-probe are probed again. */
export async function resumePending(deps: PipelineDeps): Promise<void> {
  for (const suspicion of await pendingSuspicions()) {
    await confirmSuspicion(suspicion, deps).catch(() => undefined);
  }
}
