/**
 * Confirms a suspicion of throttling: the site and the canaries timed together, round after round,
 * each round on new connections, while the collector's control times the same URL from its own
 * network. Only a confirmed verdict leaves this module; the timings are kept nowhere else.
 */
import { decideThrottling, readRound, THROTTLING_RULES } from '../classify/throttling';
import type { Verdict } from '../classify/1-probe-verdict';
import { askControl } from '../confirm/control';
import { freshPartitionsAvailable, measureInFreshPartition } from '../confirm/fresh-partition';
import { timeRounds, type MeasureRound } from '../confirm/timed-rounds';
import { redactUrl } from '../protocol/redact';
import type { Suspicion } from '../storage/records';
import type { Settings } from '../storage/settings-rules';
import { tally } from './activity';

/** Rounds a second apart: apart enough not to be one moment, close enough to share the network's state. */
export const ROUND_GAP_MS = 1_000;

export interface ThrottlingDeps {
  /** One round of timed requests on new connections; by default in a fresh partition (Chromium). */
  measureRound?: MeasureRound;
  fetchImpl?: typeof fetch;
  roundGapMs?: number;
}

export async function confirmThrottling(suspicion: Suspicion, settings: Settings, deps: ThrottlingDeps): Promise<Verdict | null> {
  if (!suspicion.pageTiming) return null;
  const endpoint = settings.endpoint;
  // Without the control nothing can be reported, so nothing is measured: the same rule as for the
  // other checks that tell the collector about a site before the user has reviewed its report.
  const mayAskCollector = endpoint !== null && (settings.autoSend || suspicion.trigger === 'manual');
  const measure =
    deps.measureRound ??
    (freshPartitionsAvailable() ? (urls: string[]) => measureInFreshPartition(urls, settings.probeTimeoutMs) : undefined);
  if (!mayAskCollector || !measure || settings.canaries.length === 0) {
    tally('throttling.not-measured');
    return null;
  }
  const fetchOption = deps.fetchImpl ? { fetchImpl: deps.fetchImpl } : {};
  const [rounds, control] = await Promise.all([
    timeRounds(suspicion.url, settings.canaries, {
      rounds: THROTTLING_RULES.rounds,
      gapMs: deps.roundGapMs ?? ROUND_GAP_MS,
      measure,
      keepGoing: (round) => readRound(round) === 'slow',
    }),
    askControl(endpoint, redactUrl(suspicion.url, settings.urlDetail), fetchOption),
  ]);
  const decision = decideThrottling(rounds, control);
  tally(decision.throttled ? 'throttling.throttled' : `throttling.${decision.reason}`);
  if (!decision.throttled || control.status === 'not-offered') return null;
  return {
    kind: 'throttled',
    confirmed: true,
    evidence: { throttling: { rounds, page: suspicion.pageTiming }, control: control.evidence },
  };
}
