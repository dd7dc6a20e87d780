import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startCollector, type RunningCollector } from '../../collector/server';
import { MAX_BATCH_BYTES, type BatchResponse } from '../../utils/report-schema';
import { makeReporter, type Reporter } from './fixtures';

// Each embedded database takes a few seconds to start.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let reporter: Reporter;
let dir: string;
beforeAll(async () => {
  [reporter, dir] = await Promise.all([makeReporter(), mkdtemp(join(tmpdir(), 'blockwatch-collector-'))]);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function postJson(base: string, body: string): Promise<Response> {
  return fetch(`${base}/v1/reports`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
}

describe('startCollector', () => {
  let collector: RunningCollector;
  beforeAll(async () => {
    collector = await startCollector({ port: 0 });
  });
  afterAll(() => collector.close());

  it('listens on a random port of 127.0.0.1 and answers over HTTP', async () => {
    expect(collector.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(collector.url).not.toMatch(/:0$/);
    const res = await fetch(`${collector.url}/healthz`);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('accepts a signed batch sent over HTTP', async () => {
    const entries = [await reporter.signed(), await reporter.signed()];
    const res = await postJson(collector.url, JSON.stringify({ reports: entries }));
    expect(res.status).toBe(200);
    expect((await res.json()) as BatchResponse).toEqual({ accepted: entries.map((e) => e.report.id), rejected: [] });
    expect((await collector.store.list()).map((r) => r.id)).toEqual(expect.arrayContaining(entries.map((e) => e.report.id)));
  });

  it('answers 413 for a body whose Content-Length is over 256 KiB', async () => {
    const res = await postJson(collector.url, JSON.stringify({ reports: [], pad: 'x'.repeat(MAX_BATCH_BYTES) }));
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: expect.any(String) });
  });
});

describe('restart', () => {
  it('keeps reports in dataDir across a restart, and close() stops serving', async () => {
    const dataDir = join(dir, 'data');
    const first = await startCollector({ port: 0, dataDir });
    const entry = await reporter.signed();
    const res = await postJson(first.url, JSON.stringify({ reports: [entry] }));
    expect(((await res.json()) as BatchResponse).accepted).toEqual([entry.report.id]);
    await first.close();
    await first.close(); // twice is harmless
    await expect(fetch(`${first.url}/healthz`)).rejects.toThrow();

    const second = await startCollector({ port: 0, dataDir });
    try {
      expect(await second.store.count()).toBe(1);
      const [stored] = await second.store.list();
      expect(stored?.report).toEqual(entry.report);
      const again = await postJson(second.url, JSON.stringify({ reports: [entry] }));
      expect((await again.json()) as BatchResponse).toEqual({ accepted: [entry.report.id], rejected: [] });
      expect(await second.store.count()).toBe(1);
    } finally {
      await second.close();
    }
  });

  it('rejects when the port is taken', async () => {
    const running = await startCollector({ port: 0 });
    try {
      const port = Number(new URL(running.url).port);
      await expect(startCollector({ port })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await running.close();
    }
  });
});

describe('npm run collector (main.ts)', () => {
  it('prints its URL, serves, and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'collector/main.ts'], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: join(dir, 'cli-data') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /http:\/\/127\.0\.0\.1:\d+/.exec(out);
          if (match) resolve(match[0]);
        });
        child.on('exit', (code) => reject(new Error(`collector exited early with ${code}`)));
      });
      expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ ok: true });
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
