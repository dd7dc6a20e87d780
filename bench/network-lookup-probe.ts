/**
 * Run in a fresh process by network-lookup.bench.ts: loads the collector's network data the way
 * `npm run collector` does, and prints as JSON how long that took, what memory it holds, and how
 * many lookups per second it answers for IPv4 and IPv6 addresses.
 */
import { readFileSync } from 'node:fs';
import { dataFiles } from '../collector/network/load-data';
import { loadNetworkLookup } from '../collector/network/lookup';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

function settle(): NodeJS.MemoryUsage {
  gc!();
  gc!();
  return process.memoryUsage();
}

/** A fixed pseudo-random sequence, so every run looks up the same addresses. */
function* numbers(seed: number): Generator<number> {
  let x = seed >>> 0;
  for (;;) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    yield (x >>> 0) / 2 ** 32;
  }
}

const before = settle();
const started = performance.now();
const lookup = loadNetworkLookup();
const loadMs = performance.now() - started;
const after = settle();

const random = numbers(20260520);
const next = () => random.next().value as number;
const v4 = Array.from(
  { length: 200_000 },
  () => `${1 + Math.floor(next() * 222)}.${Math.floor(next() * 256)}.${Math.floor(next() * 256)}.${Math.floor(next() * 256)}`,
);
// IPv6 space is mostly unallocated: addresses are taken inside the data's own ranges (their /48s).
const hex = () => Math.floor(next() * 0x10000).toString(16);
const prefixes = readFileSync(dataFiles().asn6, 'utf8')
  .split('\n')
  .map((line) => line.split(',')[0]!.split('::')[0]!)
  .filter((p) => p.split(':').length <= 3 && p.length > 0);
const v6 = Array.from({ length: 200_000 }, () => {
  const groups = prefixes[Math.floor(next() * prefixes.length)]!.split(':');
  while (groups.length < 3) groups.push('0');
  return `${groups.join(':')}:${hex()}::${hex()}`;
});

function rate(addresses: string[]): { perSecond: number; named: number } {
  let named = 0;
  for (const a of addresses.slice(0, 20_000)) if (lookup.lookup(a).asn !== null) named++; // warm-up
  named = 0;
  const t = performance.now();
  for (const a of addresses) if (lookup.lookup(a).asn !== null) named++;
  return { perSecond: addresses.length / ((performance.now() - t) / 1000), named: named / addresses.length };
}

const ipv4 = rate(v4);
const ipv6 = rate(v6);
const described = lookup.describe();
console.log(
  JSON.stringify({
    loadMs,
    tableBytes: described.bytes,
    ranges: described.ranges,
    names: described.names,
    heapBytes: after.heapUsed - before.heapUsed,
    arrayBufferBytes: after.arrayBuffers - before.arrayBuffers,
    rssBytes: after.rss - before.rss,
    ipv4,
    ipv6,
  }),
);
