import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { StoreOptions } from '../../collector/store';
import { startPostgres, type RunningPostgres } from '../support/postgres';

/** Every collector test that touches storage runs against both databases. */
export const BACKENDS = ['pglite', 'postgres'] as const;
export type BackendName = (typeof BACKENDS)[number];

let server: Promise<RunningPostgres> | undefined;
let databases = 0;
const dirs: string[] = [];

/** One PostgreSQL server per test file, started on first use; a fresh database for each caller. */
export function postgresServer(): Promise<RunningPostgres> {
  return (server ??= startPostgres());
}

/**
 * Options for a fresh, empty, persistent store of the given kind: a new directory for the
 * embedded database, a new database on the file's PostgreSQL server.
 */
export async function freshStoreOptions(backend: BackendName): Promise<StoreOptions> {
  if (backend === 'postgres') {
    const pg = await postgresServer();
    return { databaseUrl: await pg.createDatabase(`blockwatch_test_${++databases}`) };
  }
  const dir = await mkdtemp(join(tmpdir(), 'blockwatch-pglite-'));
  dirs.push(dir);
  return { dataDir: join(dir, 'db') };
}

afterAll(async () => {
  // A server that failed to start has nothing to stop; its error already failed the tests.
  if (server)
    await server.then(
      (pg) => pg.stop(),
      () => undefined,
    );
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
}, 60_000);
