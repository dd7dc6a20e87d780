/**
 * The operator's storage budget: a largest database size, and reports per UTC day in all and per
 * network. Past a limit, new reports are refused with 503, a reason and a Retry-After (clients keep
 * them queued and come back); reads are never touched and nothing stored is ever removed.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { ReportStore } from './store';
import type { StorageUsage } from './storage-usage';

export interface StorageLimits {
  maxDatabaseBytes?: number;
  maxReportsPerDay?: number;
  maxNetworkReportsPerDay?: number;
}

export type BudgetReason = 'database-size' | 'reports-per-day' | 'network-reports-per-day';

export interface StorageBudgetOptions {
  limits: StorageLimits;
  /** The network a request came from, as a key (an AS number, or a hashed address block). */
  networkOf: (c: Context) => string;
  now?: () => number;
  /** How long a reading of the database is trusted; meanwhile what this process stored is added to it. */
  refreshMs?: number;
  log?: (line: string) => void;
}

export type Reservation = { ok: true; settle: (stored: number) => void } | { ok: false; response: Response };

const DAY_MS = 86_400_000;
const MB = 1024 * 1024;
/** When the database is full, only the operator can make room: ask clients back in an hour. */
const FULL_RETRY_SECONDS = 3600;

interface Refusal {
  reason: BudgetReason;
  retryAfter: number;
}

export class StorageBudget {
  private day = Number.NaN;
  private readonly perNetwork = new Map<string, number>();
  private reading: { at: number; usage: StorageUsage } | undefined;
  /** Reports and bytes this process stored since the last reading of the database began. */
  private sinceReading = { reports: 0, bytes: 0 };
  /** Batches checked and now being stored: counted, but in no reading yet. */
  private pending = { reports: 0, bytes: 0 };
  private refreshing: Promise<void> | undefined;
  private readonly logged = new Set<string>();
  private readonly now: () => number;
  private readonly log: (line: string) => void;

  constructor(
    private readonly store: ReportStore,
    private readonly options: StorageBudgetOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.log = options.log ?? ((line) => console.warn(line));
  }

  /** Before the body is read: once a budget is used up, a request costs the collector almost nothing. */
  readonly gate: MiddlewareHandler = async (c, next) => {
    const refusal = await this.refusal(c);
    return refusal ? this.refuse(c, refusal) : next();
  };

  /**
   * Just before a batch is stored: checks and counts it in one step, so concurrent requests cannot
   * all slip under the line together. A batch that crosses the line is taken whole (at most one
   * batch over); `settle` then corrects the count to what was actually stored.
   */
  async reserve(c: Context, reports: number, bytes: number): Promise<Reservation> {
    const refusal = await this.refusal(c);
    if (refusal) return { ok: false, response: this.refuse(c, refusal) };
    // No await between the check above and the count below: no other request runs in between.
    const day = this.day;
    const network = this.options.networkOf(c);
    this.countNetwork(network, reports);
    this.pending.reports += reports;
    this.pending.bytes += bytes;
    let settled = false;
    return {
      ok: true,
      settle: (stored: number) => {
        if (settled || day !== this.day) return;
        settled = true;
        this.pending.reports -= reports;
        this.pending.bytes -= bytes;
        this.countNetwork(network, stored - reports);
        this.sinceReading.reports += stored;
        if (stored > 0) this.sinceReading.bytes += bytes;
      },
    };
  }

  private countNetwork(network: string, reports: number): void {
    this.perNetwork.set(network, Math.max(0, (this.perNetwork.get(network) ?? 0) + reports));
  }

  private refuse(c: Context, { reason, retryAfter }: Refusal): Response {
    c.header('Retry-After', String(retryAfter));
    return c.json({ error: `the collector is not taking new reports now: its storage budget is used up (${reason})`, reason }, 503);
  }

  private async refusal(c: Context): Promise<Refusal | null> {
    const { maxDatabaseBytes, maxReportsPerDay, maxNetworkReportsPerDay } = this.options.limits;
    this.turnDay();
    const usage = maxDatabaseBytes || maxReportsPerDay ? await this.usage() : undefined;
    // From here on nothing awaits: the decision is made on the counts as they are now.
    const now = this.turnDay();
    const untilMidnight = Math.max(1, Math.ceil(((this.day + 1) * DAY_MS - now) / 1000));

    if (maxNetworkReportsPerDay && (this.perNetwork.get(this.options.networkOf(c)) ?? 0) >= maxNetworkReportsPerDay) {
      this.once(
        `network:${this.day}`,
        `a network sent ${maxNetworkReportsPerDay} reports today (UTC), STORAGE_MAX_NETWORK_REPORTS_PER_DAY; its new reports are refused with 503 until midnight UTC (other networks reaching it today are not logged again)`,
      );
      return { reason: 'network-reports-per-day', retryAfter: untilMidnight };
    }
    if (!usage) return null;
    const databaseBytes = usage.databaseBytes + this.sinceReading.bytes + this.pending.bytes;
    const receivedToday = usage.receivedSince + this.sinceReading.reports + this.pending.reports;
    if (maxDatabaseBytes) {
      if (databaseBytes >= maxDatabaseBytes) {
        this.once(
          'database-size',
          `the database holds ${Math.round(databaseBytes / MB)} MB, STORAGE_MAX_DATABASE_MB is ${Math.round(maxDatabaseBytes / MB)}; new reports are refused with 503 until there is room`,
        );
        return { reason: 'database-size', retryAfter: FULL_RETRY_SECONDS };
      }
      this.logged.delete('database-size');
    }
    if (maxReportsPerDay && receivedToday >= maxReportsPerDay) {
      this.once(
        `day:${this.day}`,
        `${receivedToday} reports received today (UTC), STORAGE_MAX_REPORTS_PER_DAY is ${maxReportsPerDay}; new reports are refused with 503 until midnight UTC`,
      );
      return { reason: 'reports-per-day', retryAfter: untilMidnight };
    }
    return null;
  }

  /** The day's counters start afresh at midnight UTC. Returns the time now. */
  private turnDay(): number {
    const now = this.now();
    const day = Math.floor(now / DAY_MS);
    if (day !== this.day) {
      this.day = day;
      this.perNetwork.clear();
      this.reading = undefined;
      this.sinceReading = { reports: 0, bytes: 0 };
      this.pending = { reports: 0, bytes: 0 };
    }
    return now;
  }

  /** The last reading of the database; read again when stale, once for all who wait. */
  private async usage(): Promise<StorageUsage> {
    const now = this.now();
    const stale = !this.reading || now - this.reading.at >= (this.options.refreshMs ?? 5_000);
    if (stale && this.store.usage) {
      this.refreshing ??= this.refresh(now).finally(() => (this.refreshing = undefined));
      await this.refreshing;
    }
    return this.reading?.usage ?? { databaseBytes: 0, receivedSince: 0 };
  }

  private async refresh(now: number): Promise<void> {
    const counted = { ...this.sinceReading };
    const day = this.day;
    const usage = await this.store.usage!(new Date(day * DAY_MS));
    if (day !== this.day) return;
    // What was stored before the reading began is in the reading now.
    this.sinceReading = { reports: this.sinceReading.reports - counted.reports, bytes: this.sinceReading.bytes - counted.bytes };
    this.reading = { at: now, usage };
  }

  private once(key: string, message: string): void {
    if (this.logged.has(key)) return;
    this.logged.add(key);
    this.log(`collector: storage budget reached: ${message}; reads go on and nothing stored is touched`);
  }
}
