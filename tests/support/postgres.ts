/**
 * A throw-away PostgreSQL server for tests and benchmarks: initdb into a temporary directory,
 * start it on a random loopback port, stop and delete it afterwards. PostgreSQL refuses to run as
 * root, so when we are root (as in CI) the server runs as the `postgres` system user.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface RunningPostgres {
  /** `postgres://…@127.0.0.1:<port>/postgres` */
  url: string;
  /** A URL for another database on the same server, created on demand with `createDatabase`. */
  urlFor(database: string): string;
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

const INSTALL_HINT =
  'PostgreSQL server binaries were not found. Install them (Debian: apt-get install -y postgresql) or set PG_BINDIR to the directory holding initdb and postgres.';

export interface BinDirSearch {
  /** An explicit directory ($PG_BINDIR). */
  explicit?: string;
  /** The pg_config program to ask; null to not ask. */
  pgConfig?: string | null;
  /** Where Debian puts each major version. */
  versionsRoot?: string;
}

/** The directory holding `initdb` and `postgres`: $PG_BINDIR, `pg_config --bindir`, or the newest /usr/lib/postgresql/<v>/bin. */
export function findPostgresBinDir({
  explicit = process.env.PG_BINDIR,
  pgConfig = 'pg_config',
  versionsRoot = '/usr/lib/postgresql',
}: BinDirSearch = {}): string {
  const candidates: string[] = [];
  if (explicit) candidates.push(explicit);
  if (pgConfig) {
    try {
      candidates.push(execFileSync(pgConfig, ['--bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    } catch {
      // pg_config belongs to the client development package; the server may be there without it.
    }
  }
  if (existsSync(versionsRoot)) {
    const versions = readdirSync(versionsRoot)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => join(versionsRoot, v, 'bin')));
  }
  const found = candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'postgres')));
  if (!found) throw new Error(INSTALL_HINT);
  return found;
}

function systemUser(name: string): { uid: number; gid: number } {
  try {
    const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    throw new Error(`running as root, but there is no "${name}" user to run PostgreSQL as. ${INSTALL_HINT}`);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function run(file: string, args: string[], options: { uid?: number; gid?: number; cwd: string }): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${file} exited with ${code}:\n${output}`))));
  });
}

async function waitUntilReady(url: string, server: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`postgres exited with ${server.exitCode}:\n${log()}`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
      return;
    } catch (err) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`postgres did not accept connections within 60 s: ${String(err)}\n${log()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

export interface PostgresOptions {
  /** Keep PostgreSQL's default durability (fsync on); tests turn it off to spare the disk. */
  durable?: boolean;
}

export async function startPostgres({ durable = false }: PostgresOptions = {}): Promise<RunningPostgres> {
  const binDir = findPostgresBinDir();
  const asUser: { uid?: number; gid?: number } = process.getuid?.() === 0 ? systemUser('postgres') : {};
  const dir = await mkdtemp(join(tmpdir(), 'blockwatch-pg-'));
  const dataDir = join(dir, 'data');
  const password = randomBytes(18).toString('base64url');
  let server: ChildProcess | undefined;
  const killOnExit = () => server?.kill('SIGKILL');
  try {
    await writeFile(join(dir, 'pwfile'), `${password}\n`, { mode: 0o600 });
    if (asUser.uid !== undefined && asUser.gid !== undefined) {
      await chown(dir, asUser.uid, asUser.gid);
      await chown(join(dir, 'pwfile'), asUser.uid, asUser.gid);
    }
    await run(
      join(binDir, 'initdb'),
      [
        '-D',
        dataDir,
        '-U',
        'postgres',
        '--auth=scram-sha-256',
        `--pwfile=${join(dir, 'pwfile')}`,
        '--encoding=UTF8',
        '--locale=C',
        '--no-sync',
      ],
      { ...asUser, cwd: dir },
    );

    // A port can be taken between choosing and binding it; try a few.
    for (let attempt = 0; ; attempt++) {
      const port = await freePort();
      let log = '';
      server = spawn(
        join(binDir, 'postgres'),
        // Durability is not under test here: fsync off keeps the shared machine's disk quiet.
        [
          ...['-D', dataDir, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=60'],
          ...(durable ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
        ],
        { ...asUser, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      server.stdout!.on('data', (d: Buffer) => (log += d.toString()));
      server.stderr!.on('data', (d: Buffer) => (log += d.toString()));
      process.once('exit', killOnExit);
      const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
      try {
        await waitUntilReady(url, server, () => log);
      } catch (err) {
        process.removeListener('exit', killOnExit);
        server.kill('SIGKILL');
        if (attempt < 3 && /already in use|could not bind/i.test(log)) continue;
        throw err;
      }

      const running = server;
      const urlFor = (database: string) => url.replace(/\/postgres$/, `/${encodeURIComponent(database)}`);
      let stopping: Promise<void> | undefined;
      return {
        url,
        urlFor,
        async createDatabase(name) {
          const client = new pg.Client({ connectionString: url });
          await client.connect();
          try {
            await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
          } finally {
            await client.end();
          }
          return urlFor(name);
        },
        stop: () =>
          (stopping ??= (async () => {
            process.removeListener('exit', killOnExit);
            if (running.exitCode === null) {
              const exited = new Promise((r) => running.once('exit', r));
              running.kill('SIGINT'); // fast shutdown
              await exited;
            }
            await rm(dir, { recursive: true, force: true });
          })()),
      };
    }
  } catch (err) {
    process.removeListener('exit', killOnExit);
    if (server && server.exitCode === null) server.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}
