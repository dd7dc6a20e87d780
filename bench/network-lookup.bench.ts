/**
 * The collector's network lookups: addresses looked up per second (IPv4 and IPv6), the memory the
 * loaded data holds, and how much longer the collector takes to start with it. Each figure comes
 * from a fresh process, so nothing else in memory is counted.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { median, type BenchResult } from './types';

const PROBES = 3;
const STARTS = 3;
const MiB = 2 ** 20;

interface Probe {
  loadMs: number;
  tableBytes: number;
  ranges: number;
  names: number;
  heapBytes: number;
  arrayBufferBytes: number;
  rssBytes: number;
  ipv4: { perSecond: number; named: number };
  ipv6: { perSecond: number; named: number };
}

async function probe(): Promise<Probe> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/network-lookup-probe.ts'], {
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout.trim().split('\n').pop()!) as Probe;
}

/** Milliseconds from spawning `npm run collector`'s process to its last start-up line. */
async function startTime(env: Record<string, string>): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'blockwatch-bench-start-'));
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'collector/main.ts'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: join(dir, 'db'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    return await new Promise<number>((resolve, reject) => {
      let output = '';
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (/public: .*\n/.test(output)) resolve(performance.now() - started);
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', (code) => reject(new Error(`collector exited with ${code}:\n${output}`)));
    });
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    await rm(dir, { recursive: true, force: true });
  }
}

export default async function networkLookup(): Promise<BenchResult[]> {
  const load = `load average at start ${loadavg()[0]!.toFixed(1)}`;
  const probes: Probe[] = [];
  for (let i = 0; i < PROBES; i++) probes.push(await probe());
  const on: number[] = [];
  const off: number[] = [];
  for (let i = 0; i < STARTS; i++) {
    off.push(await startTime({ NETWORK_LOOKUP: 'off' }));
    on.push(await startTime({ NETWORK_LOOKUP: 'on' }));
  }
  const first = probes[0]!;
  const memory = probes.map((p) => (p.heapBytes + p.arrayBufferBytes) / MiB);
  return [
    {
      id: 'network-lookup.ipv4-per-second',
      label: 'network lookups per second, IPv4 (AS, name, country)',
      measured: median(probes.map((p) => p.ipv4.perSecond)),
      unit: 'lookups/s',
      // One lookup per report at the ingest aim of 5,000 reports/s (the collector makes one per request).
      budget: 5_000,
      direction: 'min',
      samples: probes.map((p) => p.ipv4.perSecond),
      notes: `200,000 pseudo-random public IPv4 addresses per sample, ${Math.round(first.ipv4.named * 100)}% of them in an announced AS; one lookup per request at ingest; ${load}`,
    },
    {
      id: 'network-lookup.ipv6-per-second',
      label: 'network lookups per second, IPv6',
      measured: median(probes.map((p) => p.ipv6.perSecond)),
      unit: 'lookups/s',
      budget: 5_000,
      direction: 'min',
      samples: probes.map((p) => p.ipv6.perSecond),
      notes: `200,000 pseudo-random addresses inside the data's own IPv6 prefixes per sample, ${Math.round(first.ipv6.named * 100)}% of them in an announced AS`,
    },
    {
      id: 'network-lookup.memory',
      label: 'memory held by the loaded network data (heap + typed arrays, after GC)',
      measured: median(memory),
      unit: 'MiB',
      budget: 64,
      direction: 'max',
      samples: memory,
      notes: `${first.ranges} ranges in typed arrays of ${(first.tableBytes / MiB).toFixed(1)} MiB, ${first.names} AS names; resident set grew by ${(first.rssBytes / MiB).toFixed(0)} MiB (the CSV files are read whole while loading)`,
    },
    {
      id: 'network-lookup.load',
      label: 'network data load time, in process',
      measured: median(probes.map((p) => p.loadMs)),
      unit: 'ms',
      budget: 3_000,
      direction: 'max',
      samples: probes.map((p) => p.loadMs),
      notes: 'reading and indexing the four CSV files of @ip-location-db/asn and geo-whois-asn-country',
    },
    {
      id: 'network-lookup.collector-start',
      label: 'collector start with network lookups (process spawn to ready)',
      measured: median(on),
      unit: 'ms',
      budget: Number.NaN,
      direction: 'max',
      reference: true,
      samples: on,
      notes: `with NETWORK_LOOKUP=off: median ${Math.round(median(off))} ms (samples ${off.map(Math.round).join(', ')}); embedded database in a new directory; ${load}`,
    },
  ];
}
