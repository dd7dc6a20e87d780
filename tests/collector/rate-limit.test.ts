import { describe, expect, it } from 'vitest';
import { TokenBuckets, retryAfterSeconds } from '../../collector/rate-limit';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('TokenBuckets', () => {
  it('lets a key burst up to the capacity, then says how long to wait', () => {
    const time = clock();
    const buckets = new TokenBuckets({ capacity: 3, windowMs: 60_000, now: time.now });
    for (let i = 0; i < 3; i++) expect(buckets.takeOne('a')).toEqual({ ok: true });
    expect(buckets.takeOne('a')).toEqual({ ok: false, retryAfterMs: 20_000 });
    // Other keys are untouched.
    expect(buckets.takeOne('b')).toEqual({ ok: true });
  });

  it('refills at capacity per window', () => {
    const time = clock();
    const buckets = new TokenBuckets({ capacity: 6, windowMs: 60_000, now: time.now });
    expect(buckets.take(new Map([['a', 6]]))).toEqual({ ok: true });
    time.advance(9_999);
    expect(buckets.takeOne('a').ok).toBe(false);
    time.advance(1);
    expect(buckets.takeOne('a')).toEqual({ ok: true });
    time.advance(10 * 60_000);
    expect(buckets.take(new Map([['a', 6]]))).toEqual({ ok: true });
    expect(buckets.take(new Map([['a', 1]])).ok).toBe(false);
  });

  it('takes from several keys all or nothing', () => {
    const time = clock();
    const buckets = new TokenBuckets({ capacity: 10, windowMs: 1000, now: time.now });
    expect(buckets.take(new Map([['a', 8]]))).toEqual({ ok: true });
    const refused = buckets.take(
      new Map([
        ['b', 5],
        ['a', 5],
      ]),
    );
    expect(refused).toEqual({ ok: false, retryAfterMs: 300 });
    // b was not charged for the refused request.
    expect(buckets.take(new Map([['b', 10]]))).toEqual({ ok: true });
  });

  it('never admits a cost above the capacity', () => {
    const buckets = new TokenBuckets({ capacity: 5, windowMs: 1000 });
    expect(buckets.take(new Map([['a', 6]]))).toEqual({ ok: false, retryAfterMs: Number.POSITIVE_INFINITY });
  });

  it('check() reports without taking', () => {
    const buckets = new TokenBuckets({ capacity: 1, windowMs: 1000, now: () => 0 });
    expect(buckets.check(new Map([['a', 1]]))).toEqual({ ok: true });
    expect(buckets.check(new Map([['a', 1]]))).toEqual({ ok: true });
    buckets.takeOne('a');
    expect(buckets.check(new Map([['a', 1]])).ok).toBe(false);
  });

  it('keeps memory bounded under a flood of distinct keys, forgetting full buckets first', () => {
    const time = clock();
    const buckets = new TokenBuckets({ capacity: 2, windowMs: 1000, maxEntries: 100, now: time.now });
    buckets.takeOne('steady');
    buckets.takeOne('steady');
    for (let i = 0; i < 10_000; i++) {
      buckets.takeOne(`flood-${i}`);
      expect(buckets.size).toBeLessThanOrEqual(100);
    }
    expect(buckets.size).toBeGreaterThan(50);
  });

  it('rejects nonsense settings', () => {
    expect(() => new TokenBuckets({ capacity: 0, windowMs: 1000 })).toThrow(RangeError);
    expect(() => new TokenBuckets({ capacity: 1, windowMs: 0 })).toThrow(RangeError);
  });
});

describe('retryAfterSeconds', () => {
  it('rounds up to whole seconds, at least one', () => {
    expect(retryAfterSeconds(1)).toBe(1);
    expect(retryAfterSeconds(1000)).toBe(1);
    expect(retryAfterSeconds(1001)).toBe(2);
    expect(retryAfterSeconds(0)).toBe(1);
    expect(retryAfterSeconds(Number.POSITIVE_INFINITY)).toBe(3600);
  });
});
