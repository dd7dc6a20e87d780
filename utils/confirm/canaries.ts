import { kindForNetError } from '../observe/net-errors';
import type { CanaryCheck } from '../storage/records';
import { MAX_CANARIES } from '../storage/settings-rules';
import { probe, type ProbeTracker } from './probe';

/**
 * Canaries are a few big, well-run sites. When they fail together with the site the user tried,
 * the network itself is down (a shutdown, a cut cable, a lost Wi-Fi), and a report about the
 * site would be wrong.
 */

export const CANARY_TIMEOUT_MS = 5_000;
/** Failures arriving together share one check instead of each asking every canary again. */
export const CANARY_CACHE_MS = 10_000;

export interface CanaryOptions {
  tracker: ProbeTracker;
  fetchImpl?: typeof fetch;
  timeoutMs?: number;
}

/**
 * A canary counts as reachable when any HTTP answer came back, and also when TLS failed on a
 * certificate: the network carried the handshake, someone may be intercepting it (as with the
 * 2019 interception of Google and Facebook in Kazakhstan), but it is not down. Telling that
 * failure apart needs the probe's exact error, so in Chromium only with the deeper checks: a plain
 * HTTP request proves nothing there, since the browser itself upgrades preloaded HSTS hosts.
 */
function reachable(result: { ok: boolean; error?: string }): boolean {
  if (result.ok) return true;
  const kind = result.error ? kindForNetError(result.error) : null;
  return kind === 'tls_mitm' || kind === 'tls';
}

export async function checkCanaries(urls: readonly string[], options: CanaryOptions): Promise<CanaryCheck> {
  const results = await Promise.all(
    urls.slice(0, MAX_CANARIES).map(async (url) => {
      const timeoutMs = options.timeoutMs ?? CANARY_TIMEOUT_MS;
      const fetchOption = options.fetchImpl ? { fetchImpl: options.fetchImpl } : {};
      const result = await probe(url, { timeoutMs, tracker: options.tracker, ...fetchOption });
      return {
        url: `${new URL(url).origin}/`,
        ok: reachable(result),
        ...(result.status !== undefined && { status: result.status }),
        ...(result.error !== undefined && { error: result.error }),
        ...(result.timedOut && { error: 'timeout' }),
        ms: result.ms,
      };
    }),
  );
  return { checked: results.length, reachable: results.filter((r) => r.ok).length, results };
}

/** The network is down only when canaries were checked and none of them answered. */
export function networkDown(check: CanaryCheck | null): boolean {
  return check !== null && check.checked > 0 && check.reachable === 0;
}

/** Remembers the last check for a few seconds; memory is enough, a stale cache is simply re-run. */
export class CanaryCache {
  private last?: { key: string; at: number; check: Promise<CanaryCheck> };
  private inFlight?: { key: string; check: Promise<CanaryCheck> };

  get(urls: readonly string[], options: CanaryOptions, now = Date.now()): Promise<CanaryCheck> {
    const key = urls.join(' ');
    if (this.last && this.last.key === key && now - this.last.at < CANARY_CACHE_MS) return this.last.check;
    const check = checkCanaries(urls, options);
    this.last = { key, at: now, check };
    return check;
  }

  /** A fresh check (one at a time), e.g. to see whether the network came back. */
  refresh(urls: readonly string[], options: CanaryOptions, now = Date.now()): Promise<CanaryCheck> {
    const key = urls.join(' ');
    if (this.inFlight?.key === key) return this.inFlight.check;
    const check = checkCanaries(urls, options).finally(() => {
      if (this.inFlight?.check === check) this.inFlight = undefined;
    });
    this.inFlight = { key, check };
    this.last = { key, at: now, check };
    return check;
  }

  clear(): void {
    this.last = undefined;
  }
}
