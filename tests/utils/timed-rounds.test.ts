import { describe, expect, it, vi } from 'vitest';
import { baselineOf, timeRounds, type MeasureRound } from '../../utils/confirm/timed-rounds';
import type { TimingSample } from '../../utils/confirm/timed-fetch';

describe('baselineOf', () => {
  it('takes the median of each part over the sites that answered', () => {
    const samples: TimingSample[] = [
      { ms: 90, tlsMs: 30, firstByteMs: 20 },
      { ms: 50, tlsMs: 10, firstByteMs: 40 },
      { ms: 9_000, error: 'timeout' },
      { ms: 70, tlsMs: 20 },
    ];
    expect(baselineOf(samples)).toEqual({ ms: 70, tlsMs: 20, firstByteMs: 30, sites: 3 });
  });

  it('has no baseline when no site answered', () => {
    expect(baselineOf([{ ms: 5_000, error: 'failed' }])).toBeUndefined();
    expect(baselineOf([])).toBeUndefined();
  });
});

describe('timeRounds', () => {
  const site = 'https://site.example/';
  const canaries = ['https://a.example/', 'https://b.example/'];

  it('times the site first and the baseline with it, round after round', async () => {
    const measure = vi.fn<MeasureRound>(async (urls) => urls.map((_u, i) => ({ ms: i === 0 ? 4_000 : 50, tlsMs: i === 0 ? 3_900 : 20 })));
    const rounds = await timeRounds(site, canaries, { rounds: 3, gapMs: 0, measure });
    expect(measure).toHaveBeenCalledTimes(3);
    expect(measure).toHaveBeenCalledWith([site, ...canaries]);
    expect(rounds).toEqual(Array(3).fill({ site: { ms: 4_000, tlsMs: 3_900 }, baseline: { ms: 50, tlsMs: 20, sites: 2 } }));
  });

  it('stops when a round already answers the question, or no round can be made', async () => {
    const fast = vi.fn<MeasureRound>(async (urls) => urls.map(() => ({ ms: 30, tlsMs: 10 })));
    expect(await timeRounds(site, canaries, { rounds: 3, gapMs: 0, measure: fast, keepGoing: () => false })).toHaveLength(1);
    expect(fast).toHaveBeenCalledTimes(1);
    const none = vi.fn<MeasureRound>(async () => null);
    expect(await timeRounds(site, canaries, { rounds: 3, gapMs: 0, measure: none })).toEqual([]);
    expect(none).toHaveBeenCalledTimes(1);
  });

  it('waits between rounds', async () => {
    vi.useFakeTimers();
    try {
      const measure = vi.fn<MeasureRound>(async (urls) => urls.map(() => ({ ms: 1 })));
      const done = timeRounds(site, canaries, { rounds: 2, gapMs: 1_000, measure });
      await vi.advanceTimersByTimeAsync(999);
      expect(measure).toHaveBeenCalledTimes(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(await done).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
