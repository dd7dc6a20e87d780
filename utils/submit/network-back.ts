import { isIntranetHost } from '../protocol/intranet';
import { expediteUnreachable } from '../queue/queue';

/**
 * How often the return of the network may pull retries forward. While the collector itself is down
 * and pages load fine, this bounds the extra attempts to one a minute instead of one per page.
 */
export const NETWORK_BACK_MIN_INTERVAL_MS = 60_000;

/** The parts of a webRequest.onCompleted event that tell whether the network carried a page. */
export interface CompletedLoad {
  url: string;
  statusCode: number;
  fromCache?: boolean;
}

/**
 * A main-frame page that came over the network from a public host proves the network works. A
 * page from the cache or from this computer's own network proves nothing about the way out.
 */
export function provesNetwork(load: CompletedLoad): boolean {
  if (load.fromCache || load.statusCode <= 0) return false;
  let url: URL;
  try {
    url = new URL(load.url);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  return !isIntranetHost(url.hostname);
}

/**
 * Notices that the network is back and makes reports that failed to reach the collector due now.
 * Service workers get no dependable `online` event (and none wakes a stopped worker), so the
 * background calls this on every successfully completed main-frame load, which does wake it.
 * The last run is kept in memory only: after a restart of the worker one early pass is harmless.
 */
export class NetworkWatch {
  private lastRun = Number.NEGATIVE_INFINITY;

  constructor(private readonly onDue: () => void, private readonly minIntervalMs = NETWORK_BACK_MIN_INTERVAL_MS) {}

  /** Answers how many reports became due; calls `onDue` when there are some. */
  async networkIsBack(now = Date.now()): Promise<number> {
    if (now - this.lastRun < this.minIntervalMs) return 0;
    this.lastRun = now;
    const moved = await expediteUnreachable(now);
    if (moved > 0) this.onDue();
    return moved;
  }

  pageLoaded(load: CompletedLoad, now = Date.now()): Promise<number> {
    return provesNetwork(load) ? this.networkIsBack(now) : Promise.resolve(0);
  }
}
