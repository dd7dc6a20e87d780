/** The operator's network settings, as `npm run collector` (main.ts) reads them from the environment. */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadNetworkConfig } from '../../../collector/network/config';
import { read } from '../http';

vi.setConfig({ testTimeout: 120_000 });

let dir: string;
let runs = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'blockwatch-network-main-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const TEST_RANGES = fileURLToPath(new URL('../../fixtures/networks/test-ranges.csv', import.meta.url));

function runMain(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'collector/main.ts'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: join(dir, `data-${++runs}`), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)[\s\S]*public: .*\n/.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`collector exited with ${code}:\n${output}`)));
  });
  return { child, ready, exited, output: () => output };
}

async function stop(run: ReturnType<typeof runMain>): Promise<void> {
  if (run.child.exitCode !== null) return;
  run.child.kill('SIGTERM');
  await run.exited;
}

describe('loadNetworkConfig', () => {
  it('looks networks up and keeps the public status off by default', () => {
    const errors: string[] = [];
    expect(loadNetworkConfig({}, errors)).toEqual({ networkLookup: true, publicStatus: false, publicMinReporters: 3 });
    expect(errors).toEqual([]);
  });

  it('reads every variable, and names each bad one', () => {
    const errors: string[] = [];
    expect(
      loadNetworkConfig({ NETWORK_LOOKUP: 'off', NETWORK_TEST_RANGES: '/x.csv', PUBLIC_STATUS: 'on', PUBLIC_MIN_REPORTERS: '5' }, errors),
    ).toEqual({
      networkLookup: false,
      networkTestRanges: '/x.csv',
      publicStatus: true,
      publicMinReporters: 5,
    });
    loadNetworkConfig({ NETWORK_LOOKUP: 'yes', PUBLIC_STATUS: '1', PUBLIC_MIN_REPORTERS: '1' }, errors);
    expect(errors).toEqual([
      'NETWORK_LOOKUP must be "on" or "off", got "yes"',
      'PUBLIC_STATUS must be "on" or "off", got "1"',
      'PUBLIC_MIN_REPORTERS must be an integer from 2 to 1000000, got "1"',
    ]);
  });
});

describe('npm run collector with network settings', () => {
  it('loads the public data by default: loopback has no public network, and nothing is published', async () => {
    const run = runMain({});
    try {
      const url = await run.ready;
      expect(run.output()).toMatch(/networks: {4}public data, \d{6,} ranges loaded in \d+ ms/);
      expect(run.output()).toContain('public:      off (set PUBLIC_STATUS=on');
      expect(await (await read(url, '/v1/network', null)).json()).toEqual({ asn: null, name: null, cc: null });
      expect((await read(url, '/status', null)).status).toBe(404);
      expect(run.output()).not.toContain('127.0.0.1,');
    } finally {
      await stop(run);
    }
  });

  it('maps addresses with NETWORK_TEST_RANGES (for tests) and publishes with PUBLIC_STATUS=on', async () => {
    const run = runMain({ NETWORK_LOOKUP: 'off', NETWORK_TEST_RANGES: TEST_RANGES, PUBLIC_STATUS: 'on', PUBLIC_MIN_REPORTERS: '2' });
    try {
      const url = await run.ready;
      expect(run.output()).toContain(`networks:    test ranges from ${TEST_RANGES}`);
      expect(run.output()).toContain(`public:      ${url}/status (networks with at least 2 reporters)`);
      expect(await (await read(url, '/v1/network', null)).json()).toEqual({ asn: 9198, name: 'JSC Kazakhtelecom', cc: 'KZ' });
      expect((await read(url, '/status', null)).status).toBe(200);
    } finally {
      await stop(run);
    }
  });

  it('refuses to start when the network data cannot be read, and says what to do', async () => {
    const run = runMain({ NETWORK_LOOKUP: 'off', NETWORK_TEST_RANGES: join(dir, 'missing.csv') });
    run.ready.catch(() => undefined);
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('collector: cannot load the network data');
    expect(run.output()).toContain('set NETWORK_LOOKUP=off');
  });

  it('offers no lookup at all with NETWORK_LOOKUP=off and no test ranges', async () => {
    const run = runMain({ NETWORK_LOOKUP: 'off' });
    try {
      const url = await run.ready;
      expect(run.output()).toContain('networks:    off (NETWORK_LOOKUP=off)');
      expect((await read(url, '/v1/network', null)).status).toBe(404);
    } finally {
      await stop(run);
    }
  });
});
