import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/** The SQL surface the collector uses; the embedded database and a PostgreSQL server both fit it. */
export interface Sql {
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  /** Several statements without parameters, e.g. a migration file. */
  exec(sql: string): Promise<unknown>;
}

export interface Database extends Sql {
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** For the start-up line, without credentials, e.g. `PostgreSQL at db.example:5432/blockwatch`. */
  description: string;
}

/** PostgreSQL compiled to WebAssembly, in `dataDir` (in memory when absent). One process owns it. */
export async function openPglite(dataDir?: string): Promise<Database> {
  const db = await PGlite.create(dataDir);
  return {
    query: (sql, params) => db.query(sql, params),
    exec: (sql) => db.exec(sql),
    transaction: (fn) => db.transaction((tx) => fn({ query: (sql, params) => tx.query(sql, params), exec: (sql) => tx.exec(sql) })),
    close: () => db.close(),
    description: dataDir ? `embedded PostgreSQL (PGlite) in ${dataDir}` : 'embedded PostgreSQL (PGlite) in memory',
  };
}

export interface PostgresOptions {
  /** Connections this process keeps open at most. */
  poolSize?: number;
}

/** A PostgreSQL server through a connection pool; any number of collector processes may share it. */
export async function openPostgres(url: string, { poolSize = 10 }: PostgresOptions = {}): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 10_000 });
  // An idle connection dropped by the server must not bring the process down; the next query reconnects.
  let ended: Promise<void> | undefined;
  pool.on('error', (err) => {
    if (!ended) console.error('collector: idle database connection failed:', err.message);
  });
  try {
    await pool.query('SELECT 1');
  } catch (err) {
    await pool.end();
    throw err;
  }
  return {
    query: async <T>(sql: string, params?: unknown[]) => ({ rows: (await pool.query(sql, params)).rows as T[] }),
    exec: (sql) => pool.query(sql),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({
          query: async <T>(sql: string, params?: unknown[]) => ({ rows: (await client.query(sql, params)).rows as T[] }),
          exec: (sql) => client.query(sql),
        });
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => (ended ??= pool.end()),
    description: `PostgreSQL at ${describeUrl(url)}`,
  };
}

/** host:port/database, never the user name or password. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
  } catch {
    return '(unparsable DATABASE_URL)';
  }
}

/** 53100: the disk is full. Clients keep their reports and come back; nothing is lost. */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '53300', '53100']);

/** Whether an error means "the database cannot be reached right now" (answered 503), not a bug. */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const { code, message } = err as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
  return typeof message === 'string' && /Connection terminated|timeout exceeded when trying to connect|PGlite is closed/i.test(message);
}
