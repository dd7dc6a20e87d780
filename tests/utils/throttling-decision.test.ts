import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideThrottling, readRound, THROTTLING_RULES } from '../../utils/classify/throttling';
import type { ControlOutcome } from '../../utils/confirm/control';
import type { TimedRound } from '../../utils/confirm/timed-rounds';

const round = (siteTls: number | undefined, baselineTls: number | undefined, extra: Partial<TimedRound['site']> = {}): TimedRound => ({
  site: { ms: (siteTls ?? 0) + 60, ...(siteTls !== undefined && { tlsMs: siteTls }), firstByteMs: 40, ...extra },
  ...(baselineTls !== undefined && { baseline: { ms: baselineTls + 30, tlsMs: baselineTls, sites: 3 } }),
});
const quickControl: ControlOutcome = { status: 'measured', evidence: { ok: true, status: 200, ms: 180 } };
const throttledRounds = [round(4_200, 40), round(4_100, 35), round(4_300, 50)];

describe('readRound', () => {
  it('is slow only for a handshake of 2 s or more and 5 times the baseline’s', () => {
    expect(readRound(round(4_000, 40))).toBe('slow');
    expect(readRound(round(2_000, 400))).toBe('slow');
    expect(readRound(round(1_999, 10))).toBe('fast-handshake');
    expect(readRound(round(4_000, 801))).toBe('slow-baseline');
    expect(readRound(round(2_500, 0))).toBe('slow');
  });

  it('cannot judge a round without a new connection, a baseline, or an answer', () => {
    expect(readRound(round(undefined, 40))).toBe('unmeasured');
    expect(readRound(round(4_000, undefined))).toBe('unmeasured');
    expect(readRound(round(4_000, 40, { error: 'timeout' }))).toBe('unmeasured');
  });
});

describe('decideThrottling', () => {
  it('finds a site throttled when all three rounds are slow and the control was quick', () => {
    expect(decideThrottling(throttledRounds, quickControl)).toEqual({ throttled: true });
  });

  it('does not for a slow server after a fast handshake', () => {
    expect(decideThrottling([round(30, 20, { ms: 4_100, firstByteMs: 4_000 })], quickControl)).toEqual({
      throttled: false,
      reason: 'fast-handshake',
    });
  });

  it('does not when the network is slow for everything', () => {
    expect(decideThrottling([round(4_000, 3_900), ...throttledRounds], quickControl)).toEqual({
      throttled: false,
      reason: 'slow-baseline',
    });
  });

  it('does not when a single round is not slow: slow means every time', () => {
    expect(decideThrottling([round(4_000, 40), round(120, 40), round(4_000, 40)], quickControl)).toMatchObject({
      reason: 'fast-handshake',
    });
  });

  it('does not on fewer than three rounds', () => {
    expect(decideThrottling(throttledRounds.slice(0, 2), quickControl)).toEqual({ throttled: false, reason: 'too-few-rounds' });
    expect(decideThrottling([], quickControl)).toEqual({ throttled: false, reason: 'too-few-rounds' });
  });

  it('does not without the control’s own timing', () => {
    for (const control of [
      undefined,
      { status: 'not-offered' },
      { status: 'unavailable', evidence: { unavailable: 'rate_limited' } },
    ] as const) {
      expect(decideThrottling(throttledRounds, control)).toEqual({ throttled: false, reason: 'no-control' });
    }
  });

  it('does not when the site is slow or down from the control too', () => {
    const slowThere: ControlOutcome = { status: 'measured', evidence: { ok: true, status: 200, ms: THROTTLING_RULES.controlSlowMs } };
    const failedThere: ControlOutcome = { status: 'measured', evidence: { ok: false, error: 'timeout', ms: 10_000 } };
    expect(decideThrottling(throttledRounds, slowThere)).toEqual({ throttled: false, reason: 'slow-from-control' });
    expect(decideThrottling(throttledRounds, failedThere)).toEqual({ throttled: false, reason: 'slow-from-control' });
  });

  it('never finds throttling where the baseline was slowed as much as the site, whatever the numbers', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 600_000 }), fc.integer({ min: 1, max: 5 })), { minLength: 3, maxLength: 10 }),
        (pairs) => {
          // The baseline takes at least a fifth of the site's time in the first round.
          const rounds = pairs.map(([site, divisor], i) => round(site, i === 0 ? Math.ceil(site / divisor) + 1 : 10));
          return !decideThrottling(rounds, quickControl).throttled;
        },
      ),
    );
  });

  it('stays throttled when the site gets slower still', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), (extra) => {
        const slower = throttledRounds.map((r) => round(r.site.tlsMs! + extra, r.baseline!.tlsMs));
        return decideThrottling(slower, quickControl).throttled;
      }),
    );
  });
});
