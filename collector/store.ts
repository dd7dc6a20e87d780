import { canonicalJson } from '../utils/protocol/canonical-json';
import type { Report } from '../utils/protocol/report-schema';
import { openPglite, openPostgres, type Database } from './db';
import { migrate } from './migrate';
import type { Network } from './network/lookup';
import { networkColumns, type NetworkColumns } from './network/columns';
import type { ReportFilter } from './report-filter';
import { networkQueries, type NetworkQueries } from './network/store-queries';
import { readStorageUsage, type StorageUsage } from './storage-usage';

/** A verified report, ready to store. */
export interface ReportRow {
  report: Report;
  signature: string;
  keyFingerprint: string;
  /** When the collector first received it; now, unless a copy from another store keeps the original. */
  receivedAt?: string;
  /** The network it was delivered from (never the address); absent when not looked up. */
  receivedNetwork?: Network | null;
}

export interface StoredReport extends ReportRow, NetworkColumns {
  receivedNetwork: Network | null;
  id: string;
  receivedAt: string;
  createdAt: string;
  host: string;
  kind: string;
  trigger: string;
}

export type { ReportFilter } from './report-filter';

/** Where the previous page ended: its last report. */
export interface Cursor {
  createdAt: string;
  id: string;
}

export interface ListOptions extends ReportFilter {
  /** Default 100, at most 1000. */
  limit?: number;
  /** Only reports that sort after this one (older, or as old with a smaller id). */
  after?: Cursor;
}

export interface InsertResult {
  /** Ids now stored with exactly this content, inserted now or before; in the order given. */
  accepted: string[];
  /** Ids already stored with a different report. */
  conflicting: string[];
}

export type Bucket = 'hour' | 'day' | 'week';
export const BUCKETS: readonly Bucket[] = ['hour', 'day', 'week'];

export interface Stats {
  total: number;
  /** Distinct reporter keys. */
  reporters: number;
  byKind: { kind: string; count: number }[];
  /** The hosts with most reports, most first. */
  byHost: { host: string; count: number; reporters: number; lastSeen: string }[];
  /** From the first bucket with reports to the last, with empty buckets filled in (UTC). */
  overTime: { t: string; count: number; byKind: Record<string, number> }[];
  bucket: Bucket;
}

export interface StatsOptions {
  bucket?: Bucket;
  /** How many hosts to list; default 50, at most 1000. */
  top?: number;
}

export interface ReportStore {
  /** Stores the rows; a resent report (same id, same content) counts as accepted again. */
  insertMany(rows: readonly ReportRow[]): Promise<InsertResult>;
  /** Newest first (by createdAt, then id). */
  list(options?: ListOptions): Promise<StoredReport[]>;
  count(filter?: ReportFilter): Promise<number>;
  stats(filter?: ReportFilter, options?: StatsOptions): Promise<Stats>;
  networks: NetworkQueries;
  /** For the storage budget: the database's size, and reports received since `since` (default: midnight UTC). */
  usage?(since?: Date): Promise<StorageUsage>;
  close(): Promise<void>;
  description: string;
}

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;
const DEFAULT_TOP = 50;
const MAX_FILLED_BUCKETS = 5000;
const BUCKET_MS: Record<Bucket, number> = { hour: 3_600_000, day: 86_400_000, week: 7 * 86_400_000 };

interface DbRow {
  id: string;
  received_at: Date;
  created_at: Date;
  host: string;
  kind: string;
  trigger: string;
  report: Report;
  signature: string;
  key_fingerprint: string;
  received_network: Network | null;
  network_source: string | null;
  network_asn: string | number | null;
  network_name: string | null;
  network_cc: string | null;
}

export interface StoreOptions {
  /** Where the embedded database lives; in memory when absent. Ignored when `databaseUrl` is set. */
  dataDir?: string;
  /** A PostgreSQL server, used instead of the embedded database. */
  databaseUrl?: string;
  poolSize?: number;
}

export async function openStore({ dataDir, databaseUrl, poolSize }: StoreOptions = {}): Promise<ReportStore> {
  return databaseUrl ? openPostgresStore(databaseUrl, { poolSize }) : openPgliteStore(dataDir);
}

/** An embedded PostgreSQL store; without `dataDir` it lives in memory only. */
export async function openPgliteStore(dataDir?: string): Promise<ReportStore> {
  return storeOn(await openPglite(dataDir));
}

export async function openPostgresStore(url: string, options: { poolSize?: number } = {}): Promise<ReportStore> {
  return storeOn(await openPostgres(url, options));
}

/** The same SQL for both databases; the migrations are one set too. */
export async function storeOn(db: Database): Promise<ReportStore> {
  try {
    await migrate(db);
  } catch (err) {
    await db.close();
    throw err;
  }

  return {
    description: db.description,

    async insertMany(rows) {
      // UUIDs compare case-insensitively in the database; a batch repeating an id is stored once.
      const unique = new Map<string, ReportRow>();
      for (const row of rows) if (!unique.has(row.report.id.toLowerCase())) unique.set(row.report.id.toLowerCase(), row);
      if (unique.size === 0) return { accepted: [], conflicting: [] };

      // One JSON parameter for the whole batch: far cheaper for the embedded database than
      // hundreds of bound parameters, and the same SQL on a server.
      const batch = JSON.stringify(
        [...unique.values()].map(({ report, signature, keyFingerprint, receivedAt, receivedNetwork }) => ({
          report,
          signature,
          keyFingerprint,
          receivedAt,
          receivedNetwork,
        })),
      );
      const { rows: inserted } = await db.query<{ id: string }>(
        `INSERT INTO reports (id, received_at, created_at, host, kind, trigger, report, signature, key_fingerprint, received_network)
         SELECT (e->'report'->>'id')::uuid, COALESCE((e->>'receivedAt')::timestamptz, now()),
                -- Milliseconds, as JavaScript dates hold them, so a page cursor names a row exactly.
                date_trunc('milliseconds', (e->'report'->>'createdAt')::timestamptz),
                e->'report'->>'host', e->'report'->'verdict'->>'kind', e->'report'->>'trigger',
                e->'report', e->>'signature', e->>'keyFingerprint', NULLIF(e->'receivedNetwork', 'null'::jsonb)
         FROM jsonb_array_elements($1::jsonb) AS e
         ON CONFLICT (id) DO NOTHING
         RETURNING id`,
        [batch],
      );
      const insertedIds = new Set(inserted.map((r) => r.id.toLowerCase()));

      // Ids that were there already: the same report resent is fine, another report under its id is not.
      const existingIds = [...unique.keys()].filter((id) => !insertedIds.has(id));
      const sameAsStored = new Set<string>();
      if (existingIds.length > 0) {
        const { rows: existing } = await db.query<{ id: string; report: Report }>(
          'SELECT id, report FROM reports WHERE id = ANY($1::uuid[])',
          [existingIds],
        );
        for (const { id, report } of existing) {
          if (canonicalJson(report) === canonicalJson(unique.get(id.toLowerCase())!.report)) sameAsStored.add(id.toLowerCase());
        }
      }
      const accepted: string[] = [];
      const conflicting: string[] = [];
      for (const [key, row] of unique) (insertedIds.has(key) || sameAsStored.has(key) ? accepted : conflicting).push(row.report.id);
      return { accepted, conflicting };
    },

    async list({ limit = DEFAULT_LIMIT, after, ...filter } = {}) {
      const where = whereClause(filter);
      if (after) {
        where.params.push(new Date(after.createdAt).toISOString(), after.id);
        const n = where.params.length;
        where.clauses.push(`(created_at, id) < ($${n - 1}::timestamptz, $${n}::uuid)`);
      }
      where.params.push(Number.isFinite(limit) ? Math.min(Math.max(1, Math.floor(limit)), MAX_LIMIT) : DEFAULT_LIMIT);
      const { rows } = await db.query<DbRow>(
        `SELECT * FROM reports ${sqlWhere(where.clauses)} ORDER BY created_at DESC, id DESC LIMIT $${where.params.length}`,
        where.params,
      );
      return rows.map(toStored);
    },

    async count(filter = {}) {
      const { clauses, params } = whereClause(filter);
      const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM reports ${sqlWhere(clauses)}`, params);
      return rows[0]?.n ?? 0;
    },

    async stats(filter = {}, { bucket = 'day', top = DEFAULT_TOP } = {}) {
      const { clauses, params } = whereClause(filter);
      const where = sqlWhere(clauses);
      const limitedTop = Math.min(Math.max(1, Math.floor(top)), MAX_LIMIT);
      const [totals, byKind, byHost, overTime] = await Promise.all([
        db.query<{ total: number; reporters: number }>(
          `SELECT count(*)::int AS total, count(DISTINCT key_fingerprint)::int AS reporters FROM reports ${where}`,
          params,
        ),
        db.query<{ kind: string; count: number }>(
          `SELECT kind, count(*)::int AS count FROM reports ${where} GROUP BY kind ORDER BY count DESC, kind`,
          params,
        ),
        db.query<{ host: string; count: number; reporters: number; last_seen: Date }>(
          `SELECT host, count(*)::int AS count, count(DISTINCT key_fingerprint)::int AS reporters, max(created_at) AS last_seen
           FROM reports ${where} GROUP BY host ORDER BY count DESC, host LIMIT $${params.length + 1}`,
          [...params, limitedTop],
        ),
        db.query<{ t: Date; kind: string; count: number }>(
          // The unit is one of three fixed words, checked below; it is never text from a request.
          `SELECT date_trunc('${BUCKETS.includes(bucket) ? bucket : 'day'}', created_at, 'UTC') AS t, kind, count(*)::int AS count
           FROM reports ${where} GROUP BY 1, 2 ORDER BY 1, 2`,
          params,
        ),
      ]);
      return {
        total: totals.rows[0]?.total ?? 0,
        reporters: totals.rows[0]?.reporters ?? 0,
        byKind: byKind.rows.map(({ kind, count }) => ({ kind, count })),
        byHost: byHost.rows.map((r) => ({ host: r.host, count: r.count, reporters: r.reporters, lastSeen: r.last_seen.toISOString() })),
        overTime: fillBuckets(overTime.rows, bucket),
        bucket,
      };
    },

    networks: networkQueries(db, whereClause),
    usage: (since = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000)) => readStorageUsage(db, since),

    close: () => db.close(),
  };
}

function whereClause({ since, until, host, kind, asn, cc }: ReportFilter): { clauses: string[]; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, value: unknown) => {
    params.push(value);
    clauses.push(`${clause} $${params.length}`);
  };
  if (since !== undefined) add('created_at >=', new Date(since).toISOString());
  if (until !== undefined) add('created_at <', new Date(until).toISOString());
  if (host !== undefined) add('host =', host);
  if (kind !== undefined) add('kind =', kind);
  if (asn !== undefined) add('network_asn =', asn);
  if (cc !== undefined) add('network_cc =', cc);
  return { clauses, params };
}

function sqlWhere(clauses: string[]): string {
  return clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
}

function toStored(r: DbRow): StoredReport {
  return {
    id: r.id,
    receivedAt: r.received_at.toISOString(),
    createdAt: r.created_at.toISOString(),
    host: r.host,
    kind: r.kind,
    trigger: r.trigger,
    report: r.report,
    signature: r.signature,
    keyFingerprint: r.key_fingerprint,
    ...networkColumns(r),
  };
}

/** One entry per bucket from the first to the last, so a quiet day shows as zero instead of vanishing. */
function fillBuckets(rows: { t: Date; kind: string; count: number }[], bucket: Bucket): Stats['overTime'] {
  const byTime = new Map<number, Stats['overTime'][number]>();
  for (const { t, kind, count } of rows) {
    const at = t.getTime();
    let entry = byTime.get(at);
    if (!entry) byTime.set(at, (entry = { t: t.toISOString(), count: 0, byKind: {} }));
    entry.count += count;
    entry.byKind[kind] = count;
  }
  const times = [...byTime.keys()].sort((a, b) => a - b);
  if (times.length < 2) return times.map((t) => byTime.get(t)!);
  const first = times[0]!;
  const last = times[times.length - 1]!;
  const step = BUCKET_MS[bucket];
  if ((last - first) / step > MAX_FILLED_BUCKETS) return times.map((t) => byTime.get(t)!);
  const filled: Stats['overTime'] = [];
  for (let t = first; t <= last; t += step) filled.push(byTime.get(t) ?? { t: new Date(t).toISOString(), count: 0, byKind: {} });
  return filled;
}
