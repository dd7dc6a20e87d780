import { PGlite } from '@electric-sql/pglite';
import type { Report } from '../utils/report-schema';
import { migrate } from './migrate';

/** A verified report, ready to store. */
export interface ReportRow {
  report: Report;
  signature: string;
  keyFingerprint: string;
}

export interface StoredReport extends ReportRow {
  id: string;
  receivedAt: string;
  createdAt: string;
  host: string;
  kind: string;
  trigger: string;
}

export interface ListOptions {
  /** Reports created at or after this instant. */
  since?: string | Date;
  host?: string;
  kind?: string;
  /** Default 100, at most 1000. */
  limit?: number;
}

export interface ReportStore {
  /** Stores the rows; returns the ids now present, whether inserted now or before. */
  insertMany(rows: readonly ReportRow[]): Promise<string[]>;
  /** Newest first (by createdAt). */
  list(options?: ListOptions): Promise<StoredReport[]>;
  count(): Promise<number>;
  close(): Promise<void>;
}

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;
const COLUMNS = ['id', 'created_at', 'host', 'kind', 'trigger', 'report', 'signature', 'key_fingerprint'] as const;
const CASTS = ['::uuid', '::timestamptz', '', '', '', '::jsonb', '', ''] as const;

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
}

/** An embedded PostgreSQL store; without `dataDir` it lives in memory only. */
export async function openPgliteStore(dataDir?: string): Promise<ReportStore> {
  const db = await PGlite.create(dataDir);
  try {
    await migrate(db);
  } catch (err) {
    await db.close();
    throw err;
  }

  return {
    async insertMany(rows) {
      // Duplicate ids inside one batch would otherwise be written twice into the same statement.
      const unique = [...new Map(rows.map((r) => [r.report.id, r])).values()];
      if (unique.length === 0) return [];
      const params: unknown[] = [];
      const tuples = unique.map(({ report, signature, keyFingerprint }) => {
        const first = params.length;
        params.push(
          report.id,
          report.createdAt,
          report.host,
          report.verdict.kind,
          report.trigger,
          JSON.stringify(report),
          signature,
          keyFingerprint,
        );
        return `(${CASTS.map((cast, i) => `$${first + i + 1}${cast}`).join(', ')})`;
      });
      await db.query(
        `INSERT INTO reports (${COLUMNS.join(', ')}) VALUES ${tuples.join(', ')} ON CONFLICT (id) DO NOTHING`,
        params,
      );
      return unique.map((r) => r.report.id);
    },

    async list({ since, host, kind, limit = DEFAULT_LIMIT } = {}) {
      const where: string[] = [];
      const params: unknown[] = [];
      const add = (clause: string, value: unknown) => {
        params.push(value);
        where.push(`${clause} $${params.length}`);
      };
      if (since !== undefined) add('created_at >=', new Date(since).toISOString());
      if (host !== undefined) add('host =', host);
      if (kind !== undefined) add('kind =', kind);
      params.push(Number.isFinite(limit) ? Math.min(Math.max(1, Math.floor(limit)), MAX_LIMIT) : DEFAULT_LIMIT);
      const { rows } = await db.query<DbRow>(
        `SELECT * FROM reports ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY created_at DESC, id LIMIT $${params.length}`,
        params,
      );
      return rows.map((r) => ({
        id: r.id,
        receivedAt: r.received_at.toISOString(),
        createdAt: r.created_at.toISOString(),
        host: r.host,
        kind: r.kind,
        trigger: r.trigger,
        report: r.report,
        signature: r.signature,
        keyFingerprint: r.key_fingerprint,
      }));
    },

    async count() {
      const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM reports');
      return rows[0]?.n ?? 0;
    },

    close: () => db.close(),
  };
}
