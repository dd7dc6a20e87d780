/**
 * Whether a slow site is throttled here: its TLS handshakes, on connections of their own, are
 * consistently far slower than the baseline's at the same moments, and the collector's control
 * fetched it without delay. Anything less (a slow server, a slow network, a site slow from
 * everywhere, too few measurements) is no report.
 */
import type { ControlOutcome } from '../confirm/control';
import type { TimedRound } from '../confirm/timed-rounds';
import { SLOW_HANDSHAKE_MS } from '../observe/page-timing';

export const THROTTLING_RULES = {
  /** Every one of at least this many rounds must be slow: one slow moment is congestion, not a policy. */
  rounds: 3,
  /** The handshake that counts as slow at all (see observe/page-timing.ts). */
  slowHandshakeMs: SLOW_HANDSHAKE_MS,
  /** How many times the baseline's handshake the site's must take in the same round. */
  ratio: 5,
  /** The control's whole request, handshake and server included, must take less than this. */
  controlSlowMs: SLOW_HANDSHAKE_MS,
} as const;

/**
 * What one round says. `fast-handshake`: the site's connection was quick, so whatever made the
 * page slow came after it (the server, most often). `slow-baseline`: the baseline was nearly as
 * slow: the network is slow for everything. `unmeasured`: no new connection was timed.
 */
export type RoundReading = 'slow' | 'fast-handshake' | 'slow-baseline' | 'unmeasured';

export type ThrottlingDecision =
  | { throttled: true }
  | { throttled: false; reason: Exclude<RoundReading, 'slow'> | 'too-few-rounds' | 'no-control' | 'slow-from-control' };

export function readRound(round: TimedRound, rules = THROTTLING_RULES): RoundReading {
  const site = round.site.error === undefined ? round.site.tlsMs : undefined;
  const baseline = round.baseline?.tlsMs;
  if (site === undefined) return 'unmeasured';
  if (site < rules.slowHandshakeMs) return 'fast-handshake';
  if (baseline === undefined) return 'unmeasured';
  // A baseline handshake of 0 ms (loopback, coarse clocks) still needs a slow site: the floor above.
  if (site < rules.ratio * baseline) return 'slow-baseline';
  return 'slow';
}

export function decideThrottling(
  rounds: readonly TimedRound[],
  control: ControlOutcome | undefined,
  rules = THROTTLING_RULES,
): ThrottlingDecision {
  for (const round of rounds) {
    const reading = readRound(round, rules);
    if (reading !== 'slow') return { throttled: false, reason: reading };
  }
  if (rounds.length < rules.rounds) return { throttled: false, reason: 'too-few-rounds' };
  // Slow from here only says little until the site is known to be quick from elsewhere.
  if (control?.status !== 'measured') return { throttled: false, reason: 'no-control' };
  const { ok, ms } = control.evidence;
  if (!ok || ms === undefined || ms >= rules.controlSlowMs) return { throttled: false, reason: 'slow-from-control' };
  return { throttled: true };
}
