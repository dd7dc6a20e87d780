/**
 * Who may start a control measurement now. A global allowance keeps the collector's own network
 * from being used as a fetching service; a per-address one (keyed hashes, in memory, as for
 * reports) keeps one client from spending that allowance, or holding every slot, for everyone.
 */
import { retryAfterSeconds, TokenBuckets } from './rate-limit';

export interface AllowanceOptions {
  perMinute: number;
  concurrency: number;
  perAddressPerMinute: number;
  perAddressConcurrency: number;
  now?: () => number;
}

export type Grant = { ok: true; release: () => void } | { ok: false; retryAfter: number; reason: string };

export class ControlAllowance {
  private readonly global: RateLimiter;
  private readonly perAddress: TokenBuckets;
  private readonly running = new Map<string, number>();

  constructor(private readonly options: AllowanceOptions) {
    this.global = new RateLimiter(options.perMinute, options.concurrency);
    this.perAddress = new TokenBuckets({ capacity: options.perAddressPerMinute, windowMs: 60_000, now: options.now });
  }

  /** Takes a slot for `address` (a rate-limit key), or says how long to wait. */
  take(address: string): Grant {
    if ((this.running.get(address) ?? 0) >= this.options.perAddressConcurrency) {
      return { ok: false, retryAfter: 1, reason: 'a control measurement from this address is still running' };
    }
    const mine = this.perAddress.check(new Map([[address, 1]]));
    if (!mine.ok)
      return { ok: false, retryAfter: retryAfterSeconds(mine.retryAfterMs), reason: 'too many control measurements from this address' };
    const wait = this.global.take(this.options.now?.() ?? Date.now());
    if (wait > 0) return { ok: false, retryAfter: wait, reason: 'too many control measurements' };
    this.perAddress.takeOne(address);
    this.running.set(address, (this.running.get(address) ?? 0) + 1);
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        this.global.done();
        const left = (this.running.get(address) ?? 1) - 1;
        if (left > 0) this.running.set(address, left);
        else this.running.delete(address);
      },
    };
  }
}

/** The global allowance: measurements per minute and at once, across all clients. */
export class RateLimiter {
  private stamps: number[] = [];
  private runningNow = 0;

  constructor(
    private readonly perMinute: number,
    private readonly concurrency: number,
  ) {}

  /** Seconds to wait, or 0 when a measurement may start now (it is then counted). */
  take(now = Date.now()): number {
    this.stamps = this.stamps.filter((t) => now - t < 60_000);
    if (this.runningNow >= this.concurrency) return 1;
    if (this.stamps.length >= this.perMinute) return Math.max(1, Math.ceil((this.stamps[0]! + 60_000 - now) / 1000));
    this.stamps.push(now);
    this.runningNow++;
    return 0;
  }

  done(): void {
    this.runningNow = Math.max(0, this.runningNow - 1);
  }
}
