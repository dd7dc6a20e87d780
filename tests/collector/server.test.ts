import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startCollector, type RunningCollector } from '../../collector/server';
import { startPostgres } from '../support/postgres';
import { BACKENDS, freshStoreOptions } from './backends';
import { makeReporter, type Reporter } from './fixtures';
import { TOKEN, postBatch, readJson } from './http';

vi.setConfig({ testTimeout: 90_000, hookTimeout: 120_000 });

let reporter: Reporter;
let dir: string;
beforeAll(async () => {
  [reporter, dir] = await Promise.all([makeReporter(), mkdtemp(join(tmpdir(), 'blockwatch-collector-'))]);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('startCollector', () => {
  let collector: RunningCollector;
  beforeAll(async () => {
    collector = await startCollector({ port: 0 });
  });
  afterAll(() => collector?.close());

  it('listens on a random port of 127.0.0.1, in memory, with the read side closed by default', async () => {
    expect(collector.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(collector.url).not.toMatch(/:0$/);
    expect(await (await fetch(`${collector.url}/healthz`)).json()).toEqual({ ok: true });
    const entries = [await reporter.signed(), await reporter.signed()];
    expect((await postBatch(collector.url, entries)).body.accepted).toEqual(entries.map((e) => e.report.id));
    expect((await collector.store.list()).map((r) => r.id)).toEqual(expect.arrayContaining(entries.map((e) => e.report.id)));
    expect((await readJson(collector.url, '/v1/reports')).status).toBe(403);
  });

  it('rejects when the port is taken', async () => {
    const port = Number(new URL(collector.url).port);
    await expect(startCollector({ port })).rejects.toThrow(/EADDRINUSE/);
  });
});

describe.each(BACKENDS)('restart on %s', (backend) => {
  it('keeps reports across a restart, and close() stops serving', async () => {
    const options = await freshStoreOptions(backend);
    const first = await startCollector({ port: 0, ...options, token: TOKEN });
    const entry = await reporter.signed();
    expect((await postBatch(first.url, [entry])).body.accepted).toEqual([entry.report.id]);
    await first.close();
    await first.close(); // twice is harmless
    await expect(fetch(`${first.url}/healthz`)).rejects.toThrow();

    const second = await startCollector({ port: 0, ...options, token: TOKEN });
    try {
      const { body } = await readJson(second.url, '/v1/reports');
      expect(body.reports).toHaveLength(1);
      expect(body.reports[0]).toMatchObject({ id: entry.report.id, report: entry.report, signature: entry.signature });
      expect((await postBatch(second.url, [entry])).body).toEqual({ accepted: [entry.report.id], rejected: [] });
      expect(await second.store.count()).toBe(1);
    } finally {
      await second.close();
    }
  });
});

describe('several collector processes on one PostgreSQL server', () => {
  it('share the reports: each sees what the others stored, and a report sent to two of them is stored once', async () => {
    const { databaseUrl } = await freshStoreOptions('postgres');
    const workers = await Promise.all([0, 1, 2].map(() => startCollector({ port: 0, databaseUrl, token: TOKEN, poolSize: 3 })));
    try {
      const shared = await reporter.signed();
      const own = await Promise.all(workers.map(() => reporter.signed()));
      await Promise.all(workers.map((w, i) => postBatch(w.url, [own[i]!, shared])));
      for (const w of workers) {
        const { body } = await readJson(w.url, '/v1/reports?limit=1000');
        expect(body.reports.map((r: { id: string }) => r.id).sort()).toEqual([shared, ...own].map((e) => e.report.id).sort());
      }
    } finally {
      await Promise.all(workers.map((w) => w.close()));
    }
  });

  it('answers 503 with Retry-After while the database is down, and keeps serving', async () => {
    const pg = await startPostgres();
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    let collector: RunningCollector | undefined;
    try {
      collector = await startCollector({ port: 0, databaseUrl: pg.url, token: TOKEN });
      expect((await postBatch(collector.url, [await reporter.signed()])).status).toBe(200);
      await pg.stop();
      const res = await postBatch(collector.url, [await reporter.signed()]);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('30');
      expect((await readJson(collector.url, '/v1/stats')).status).toBe(503);
      expect((await fetch(`${collector.url}/healthz`)).status).toBe(200);
    } finally {
      errors.mockRestore();
      await collector?.close();
      await pg.stop();
    }
  });
});

/** Runs `collector/main.ts` as `npm run collector` does; resolves with its URL and output so far. */
function runMain(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'collector/main.ts'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)[\s\S]*rate limits: .*\n/.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`collector exited with ${code}:\n${output}`)));
  });
  return { child, ready, exited, output: () => output };
}

describe('npm run collector (main.ts)', () => {
  it('runs on the embedded database in DATA_DIR, opens the read side with COLLECTOR_TOKEN, exits 0 on SIGTERM', async () => {
    const run = runMain({ DATA_DIR: join(dir, 'cli-data'), COLLECTOR_TOKEN: TOKEN });
    try {
      const url = await run.ready;
      expect(run.output()).toContain(`database:    embedded PostgreSQL (PGlite) in ${join(dir, 'cli-data')}`);
      expect(run.output()).toContain('read side:   open with the token');
      expect(run.output()).toContain('rate limits: 120 submissions/min per address, 1000 reports/h per key');
      expect((await postBatch(url, [await reporter.signed()])).status).toBe(200);
      expect((await readJson(url, '/v1/reports')).body.reports).toHaveLength(1);
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
    } finally {
      if (run.child.exitCode === null) run.child.kill('SIGKILL');
    }
  });

  it('uses DATABASE_URL instead, and never prints its password', async () => {
    const { databaseUrl } = await freshStoreOptions('postgres');
    const run = runMain({ DATABASE_URL: databaseUrl!, DATA_DIR: join(dir, 'unused') });
    try {
      const url = await run.ready;
      const password = decodeURIComponent(new URL(databaseUrl!).password);
      expect(run.output()).toMatch(/database: {4}PostgreSQL at 127\.0\.0\.1:\d+\/blockwatch_test_\d+\n/);
      expect(run.output()).not.toContain(password);
      expect(run.output()).toContain('read side:   disabled (set COLLECTOR_TOKEN to enable it)');
      expect((await postBatch(url, [await reporter.signed()])).status).toBe(200);
      expect((await readJson(url, '/v1/reports', TOKEN)).status).toBe(403);
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
    } finally {
      if (run.child.exitCode === null) run.child.kill('SIGKILL');
    }
  });

  it('refuses to start with a bad setting, naming it', async () => {
    const run = runMain({ COLLECTOR_TOKEN: 'short', PORT: 'eighty' });
    run.ready.catch(() => undefined);
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('COLLECTOR_TOKEN must be at least 16 characters');
    expect(run.output()).toContain('PORT must be an integer');
  });
});
