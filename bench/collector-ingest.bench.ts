/**
 * Collector ingest: signed reports POSTed over loopback HTTP by 8 concurrent clients in batches of
 * 50, every signature verified, stored in the embedded database and in PostgreSQL. The collector
 * runs as `npm run collector` does, in its own process; the reports are made and signed
 * beforehand, because signing is the reporter's cost, not the collector's.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeReporter } from '../tests/collector/fixtures';
import { startPostgres, type RunningPostgres } from '../tests/support/postgres';
import { median, type BenchResult } from './types';

const CLIENTS = 8;
const BATCH = 50;
const BATCHES_PER_CLIENT = 10;
const SAMPLES = 3;
const BUDGET = 1000;
const TOKEN = 'bench-token-0123456789abcdef';

/** Request bodies per client, ready to send: one reporter key per client, as in real life. */
async function prepare(rounds: number, batchesPerClient: number): Promise<string[][][]> {
  const reporters = await Promise.all(Array.from({ length: CLIENTS }, () => makeReporter()));
  const kinds = ['timeout', 'tcp_reset', 'dns', 'tls_mitm', 'blockpage'] as const;
  const out: string[][][] = [];
  for (let round = 0; round < rounds; round++) {
    out.push(
      await Promise.all(
        reporters.map(async (reporter, client) => {
          const bodies: string[] = [];
          for (let b = 0; b < batchesPerClient; b++) {
            const reports = await Promise.all(
              Array.from({ length: BATCH }, (_, i) => {
                const host = `site-${(client * 7 + b * 3 + i) % 40}.example.kz`;
                return reporter.signed({ host, url: `https://${host}/`, verdict: { kind: kinds[i % kinds.length], confirmed: true } });
              }),
            );
            bodies.push(JSON.stringify({ reports }));
          }
          return bodies;
        }),
      ),
    );
  }
  return out;
}

async function startCollectorProcess(env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'collector/main.ts'], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      COLLECTOR_TOKEN: TOKEN,
      // Limits stay on (their cost is part of ingest), raised because every client here is one address.
      RATE_LIMIT_ADDRESS_PER_MINUTE: '1000000',
      RATE_LIMIT_KEY_PER_HOUR: '10000000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)[\s\S]*rate limits: .*\n/.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`collector exited with ${code}:\n${output}`)));
  });
  return { url, child };
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** Every client sends its batches one after another; the clients run side by side. Returns reports/s. */
async function round(url: string, bodies: string[][]): Promise<number> {
  const started = performance.now();
  await Promise.all(
    bodies.map(async (clientBodies) => {
      for (const body of clientBodies) {
        const res = await fetch(`${url}/v1/reports`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        const json = (await res.json()) as { accepted?: string[] };
        if (res.status !== 200 || json.accepted?.length !== BATCH)
          throw new Error(`ingest failed: ${res.status} ${JSON.stringify(json).slice(0, 300)}`);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return (bodies.flat().length * BATCH) / seconds;
}

async function measure(label: string, env: Record<string, string>, data: string[][][]): Promise<{ samples: number[]; stored: number }> {
  const { url, child } = await startCollectorProcess(env);
  try {
    await round(url, data[0]!); // warm-up: JIT, key cache, connection pool
    const samples: number[] = [];
    for (const bodies of data.slice(1)) samples.push(await round(url, bodies));
    const stats = await fetch(`${url}/v1/stats`, { headers: { authorization: `Bearer ${TOKEN}` } });
    const { total } = (await stats.json()) as { total: number };
    console.error(`  ${label}: ${samples.map((s) => Math.round(s)).join(', ')} reports/s; ${total} stored`);
    return { samples, stored: total };
  } finally {
    await stopProcess(child);
  }
}

export default async function collectorIngest(): Promise<BenchResult[]> {
  console.error(`  signing ${(SAMPLES + 1) * CLIENTS * BATCHES_PER_CLIENT * BATCH} reports beforehand …`);
  const perSample = CLIENTS * BATCHES_PER_CLIENT * BATCH;
  const conditions = () =>
    `${CLIENTS} clients × ${BATCHES_PER_CLIENT} batches of ${BATCH} per sample (${perSample} reports), collector in its own process, loopback HTTP; load average at start ${loadavg()[0]!.toFixed(1)}`;
  const results: BenchResult[] = [];

  const dir = await mkdtemp(join(tmpdir(), 'blockwatch-bench-'));
  try {
    const data = await prepare(SAMPLES + 1, BATCHES_PER_CLIENT);
    const notes = conditions();
    const { samples, stored } = await measure('PGlite', { DATA_DIR: join(dir, 'pglite') }, data);
    if (stored !== (SAMPLES + 1) * perSample) throw new Error(`PGlite stored ${stored} reports, expected ${(SAMPLES + 1) * perSample}`);
    results.push({
      id: 'collector-ingest.pglite',
      label: 'collector ingest, signatures verified, embedded PGlite',
      measured: median(samples),
      unit: 'reports/s',
      budget: BUDGET,
      direction: 'min',
      samples,
      notes: `${notes}; PGlite on disk`,
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  let pg: RunningPostgres | undefined;
  try {
    pg = await startPostgres({ durable: true });
    const databaseUrl = await pg.createDatabase('blockwatch_bench');
    const data = await prepare(SAMPLES + 1, BATCHES_PER_CLIENT);
    const notes = conditions();
    const { samples, stored } = await measure('PostgreSQL', { DATABASE_URL: databaseUrl }, data);
    if (stored !== (SAMPLES + 1) * perSample) throw new Error(`PostgreSQL stored ${stored} reports, expected ${(SAMPLES + 1) * perSample}`);
    results.push({
      id: 'collector-ingest.postgres',
      label: 'collector ingest, signatures verified, PostgreSQL',
      measured: median(samples),
      unit: 'reports/s',
      budget: BUDGET,
      direction: 'min',
      samples,
      notes: `${notes}; PostgreSQL ${await serverVersion(databaseUrl)} on the same machine, default durability (fsync on)`,
    });
  } finally {
    await pg?.stop();
  }
  return results;
}

async function serverVersion(url: string): Promise<string> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version.split(' ')[0]!;
  } finally {
    await client.end();
  }
}
