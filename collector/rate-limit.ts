/**
 * In-memory token buckets. Rate-limit state never leaves the process: no client address is
 * written anywhere, and the keys kept here are keyed hashes (see client-address.ts), not addresses.
 *
 * A bucket holds up to `capacity` tokens and refills `capacity` tokens per `windowMs`, so a client
 * may burst up to the capacity and then continue at capacity/window. A full bucket is the same as
 * no bucket, which is what keeps memory bounded: full buckets are forgotten.
 */
export interface BucketOptions {
  capacity: number;
  windowMs: number;
  /** Buckets kept at most; beyond it, full ones are dropped, then the oldest. */
  maxEntries?: number;
  now?: () => number;
}

export type TakeResult = { ok: true } | { ok: false; retryAfterMs: number };

interface Bucket {
  tokens: number;
  at: number;
}

export class TokenBuckets {
  readonly capacity: number;
  readonly windowMs: number;
  private readonly ratePerMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  private readonly buckets = new Map<string, Bucket>();

  constructor({ capacity, windowMs, maxEntries = 100_000, now = Date.now }: BucketOptions) {
    if (!(capacity > 0) || !(windowMs > 0)) throw new RangeError('capacity and windowMs must be positive');
    this.capacity = capacity;
    this.windowMs = windowMs;
    this.ratePerMs = capacity / windowMs;
    this.maxEntries = maxEntries;
    this.now = now;
  }

  /** Takes `cost` tokens from every key, or none at all when any key has too few. */
  take(costs: ReadonlyMap<string, number>): TakeResult {
    const check = this.check(costs);
    if (!check.ok) return check;
    const now = this.now();
    for (const [key, cost] of costs) {
      const tokens = this.tokensAt(key, now) - cost;
      this.buckets.delete(key); // re-insert: the Map's order is then least recently used first
      this.buckets.set(key, { tokens, at: now });
    }
    this.prune(now);
    return { ok: true };
  }

  takeOne(key: string): TakeResult {
    return this.take(new Map([[key, 1]]));
  }

  /** Whether `take` would succeed, without taking anything. */
  check(costs: ReadonlyMap<string, number>): TakeResult {
    const now = this.now();
    let wait = 0;
    for (const [key, cost] of costs) {
      if (cost > this.capacity) return { ok: false, retryAfterMs: Number.POSITIVE_INFINITY };
      const missing = cost - this.tokensAt(key, now);
      if (missing > 0) wait = Math.max(wait, missing / this.ratePerMs);
    }
    return wait > 0 ? { ok: false, retryAfterMs: Math.ceil(wait) } : { ok: true };
  }

  /** Buckets held now (for tests and for watching memory). */
  get size(): number {
    return this.buckets.size;
  }

  private tokensAt(key: string, now: number): number {
    const bucket = this.buckets.get(key);
    if (!bucket) return this.capacity;
    return Math.min(this.capacity, bucket.tokens + Math.max(0, now - bucket.at) * this.ratePerMs);
  }

  private prune(now: number): void {
    if (this.buckets.size <= this.maxEntries) return;
    for (const key of this.buckets.keys()) {
      if (this.tokensAt(key, now) >= this.capacity) this.buckets.delete(key);
    }
    // Still near the limit: forget the least recently used, with room to spare so the sweep does
    // not run on every request. Such a client gets a fresh bucket: the price of bounded memory
    // under a flood from very many addresses.
    const target = Math.floor(this.maxEntries * 0.9);
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= target) break;
      this.buckets.delete(key);
    }
  }
}

/** Whole seconds for a Retry-After header; at least 1. */
export function retryAfterSeconds(ms: number): number {
  return Number.isFinite(ms) ? Math.max(1, Math.ceil(ms / 1000)) : 3600;
}
