import { readdir, readFile } from 'node:fs/promises';
import type { Sql } from './db';

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);

/** Any fixed number: it names the lock every collector process takes while migrating. */
const MIGRATION_LOCK = 4_815_162_342;

export interface MigratableDb {
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
}

/**
 * Applies every `migrations/*.sql` not yet recorded, in file-name order, in one transaction.
 * Several processes may start at once against one PostgreSQL server: a transaction-scoped advisory
 * lock makes the others wait and then find nothing left to do. Returns the names applied now.
 */
export async function migrate(db: MigratableDb, dir: URL = MIGRATIONS_DIR): Promise<string[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  const sources = await Promise.all(files.map(async (name) => ({ name, sql: await readFile(new URL(name, dir), 'utf8') })));
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name       text PRIMARY KEY,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const done = new Set((await tx.query<{ name: string }>('SELECT name FROM schema_migrations')).rows.map((r) => r.name));
    const applied: string[] = [];
    for (const { name, sql } of sources) {
      if (done.has(name)) continue;
      await tx.exec(sql);
      await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [name]);
      applied.push(name);
    }
    return applied;
  });
}
