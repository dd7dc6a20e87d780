import { expediteUnreachable } from '../queue/queue';

/**
 * How often the return of the network may pull retries forward. While the collector itself is down
 * and pages load fine, this bounds the extra attempts to one a minute instead of one per page.
 */
export const NETWORK_BACK_MIN_INTERVAL_MS = 60_000;

/**
 * Notices that the network is back and makes reports that failed to reach the collector due now.
 * Service workers get no dependable `online` event (and none wakes a stopped worker), so the
 * background also calls this when the flush alarm fires, which comes at least once a minute while
 * such reports wait (schedule.ts).
 * The last run is kept in memory only: after a restart of the worker one early pass is harmless.
 */
export class NetworkWatch {
  private lastRun = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly onDue: () => void,
    private readonly minIntervalMs = NETWORK_BACK_MIN_INTERVAL_MS,
  ) {}

  /** Answers how many reports became due; calls `onDue` when there are some. */
  async networkIsBack(now = Date.now()): Promise<number> {
    if (now - this.lastRun < this.minIntervalMs) return 0;
    this.lastRun = now;
    const moved = await expediteUnreachable(now);
    if (moved > 0) this.onDue();
    return moved;
  }
}
