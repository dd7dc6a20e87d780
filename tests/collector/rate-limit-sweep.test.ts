/**
 * The sweep that keeps the token buckets' memory bounded, with a clock that moves: buckets that
 * refilled are forgotten first (losing them costs nothing), a client still drained keeps its
 * bucket, and only when no bucket is full do the least recently used go.
 */
import { describe, expect, it } from 'vitest';
import { TokenBuckets } from '../../collector/rate-limit';

function clock(start = 5_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('TokenBuckets sweep', () => {
  it('forgets the buckets that refilled while time passed, and keeps the ones still drained', () => {
    const time = clock();
    const buckets = new TokenBuckets({ capacity: 2, windowMs: 1_000, maxEntries: 10, now: time.now });
    for (let i = 0; i < 6; i++) buckets.takeOne(`idle-${i}`);
    // A second later the idle clients' buckets are full again; the busy ones have just drained theirs.
    time.advance(1_000);
    for (let i = 0; i < 4; i++) buckets.take(new Map([[`busy-${i}`, 2]]));
    expect(buckets.size).toBe(10);

    buckets.takeOne('newcomer');
    expect(buckets.size).toBe(5); // four busy, one newcomer: the six full buckets went
    for (let i = 0; i < 4; i++) expect(buckets.takeOne(`busy-${i}`).ok, `busy-${i}`).toBe(false);
    // A forgotten client starts from a full bucket, which is what it had anyway.
    expect(buckets.take(new Map([['idle-0', 2]]))).toEqual({ ok: true });
  });

  it('without a moving clock no bucket is full, so the least recently used are forgotten instead', () => {
    const time = clock();
    const buckets = new TokenBuckets({ capacity: 2, windowMs: 1_000, maxEntries: 10, now: time.now });
    for (let i = 0; i < 10; i++) buckets.takeOne(`client-${i}`);
    buckets.takeOne('client-0'); // used again: now the most recent
    buckets.takeOne('newcomer');
    expect(buckets.size).toBe(9); // down to 90% of the limit
    // client-0 was kept (recently used) and is drained; client-1, the oldest, was forgotten.
    expect(buckets.takeOne('client-0').ok).toBe(false);
    expect(buckets.take(new Map([['client-1', 2]]))).toEqual({ ok: true });
  });

  it('keeps a drained client refused across many sweeps while passers-by come and go', () => {
    const time = clock();
    const buckets = new TokenBuckets({ capacity: 3, windowMs: 3_000, maxEntries: 50, now: time.now });
    let refused = 0;
    for (let round = 0; round < 200; round++) {
      // The abuser spends each token as soon as it is back; passers-by each send one request, and
      // their buckets refill within a second, so every sweep finds full ones to forget.
      if (buckets.takeOne('abuser').ok === false) refused += 1;
      for (let i = 0; i < 3; i++) buckets.takeOne(`passer-${round}-${i}`);
      expect(buckets.size).toBeLessThanOrEqual(50);
      time.advance(100);
    }
    // 200 tries in 20 s at 1 token a second (plus the first 3): the rest were refused, so the
    // abuser's bucket never went missing in a sweep.
    expect(refused).toBe(200 - 3 - 19);
  });
});
