/**
 * What the database holds, for the storage budget: its size on disk and the reports received
 * since a given instant. Both are cheap: a catalogue function and an index range count.
 */
import type { Sql } from './db';

export interface StorageUsage {
  /** pg_database_size of the collector's database, catalogues and indexes included. */
  databaseBytes: number;
  /** Reports received at or after `since`. */
  receivedSince: number;
}

export async function readStorageUsage(db: Sql, since: Date): Promise<StorageUsage> {
  const { rows } = await db.query<{ bytes: number; received: number }>(
    `SELECT pg_database_size(current_database())::float8 AS bytes,
            (SELECT count(*) FROM reports WHERE received_at >= $1::timestamptz)::float8 AS received`,
    [since.toISOString()],
  );
  return { databaseBytes: Number(rows[0]?.bytes ?? 0), receivedSince: Number(rows[0]?.received ?? 0) };
}
