/**
 * The network an address belongs to: AS number, AS name and country, from the tables loaded once
 * at start. The address is only looked at here, never kept: what comes out names a network that
 * thousands of people share.
 */
import { readFileSync } from 'node:fs';
import type { ReportNetwork } from '../../utils/protocol/report-schema';
import { parseAddress } from './address';
import { countryCode, csvField, loadPublicTables, type NetworkTables } from './load-data';
import { NONE, RangeTableBuilder, type RangeTable } from './range-table';

export type Network = ReportNetwork;

export const NO_NETWORK: Readonly<Network> = Object.freeze({ asn: null, name: null, cc: null });

export interface NetworkLookup {
  lookup(address: string | undefined): Network;
  /** For the start-up line and the benchmark: what was loaded and how big it is. */
  describe(): { source: string; ranges: number; bytes: number; names: number };
}

/** Looks up in the public tables; `overrides` (test ranges) are asked first, loopback and private included. */
export function createLookup(tables: NetworkTables | null, overrides: TestRanges | null = null, source = 'public data'): NetworkLookup {
  return {
    lookup(address) {
      const parsed = parseAddress(address);
      if (!parsed) return NO_NETWORK;
      if (overrides) {
        const index = (parsed.family === 4 ? overrides.v4 : overrides.v6).find(parsed.key);
        if (index !== NONE) return overrides.networks[index - 1]!;
      }
      if (!parsed.public || !tables) return NO_NETWORK;
      const asnValue = (parsed.family === 4 ? tables.asn4 : tables.asn6).find(parsed.key);
      const ccValue = (parsed.family === 4 ? tables.country4 : tables.country6).find(parsed.key);
      const asn = asnValue === NONE ? null : asnValue;
      return { asn, name: asn === null ? null : tables.names.get(asn) || null, cc: countryCode(ccValue) };
    },
    describe() {
      const all = tables ? [tables.asn4, tables.asn6, tables.country4, tables.country6] : [];
      if (overrides) all.push(overrides.v4, overrides.v6);
      return {
        source,
        ranges: all.reduce((n, t) => n + t.segments, 0),
        bytes: all.reduce((n, t) => n + t.bytes, 0),
        names: tables?.names.size ?? 0,
      };
    },
  };
}

export interface NetworkLoadOptions {
  /** Look up in the installed public data (default). */
  publicData?: boolean;
  /** A CSV of `start,end,asn,name,cc` for tests, which can give loopback a network. */
  testRanges?: string;
}

/** Loads what the options ask for, synchronously: the collector starts answering only once it can name networks. */
export function loadNetworkLookup({ publicData = true, testRanges }: NetworkLoadOptions = {}): NetworkLookup {
  const tables = publicData ? loadPublicTables() : null;
  const overrides = testRanges ? readTestRanges(readFileSync(testRanges, 'utf8')) : null;
  const source = [publicData && 'public data', overrides && `test ranges from ${testRanges}`].filter(Boolean).join(' + ');
  return createLookup(tables, overrides, source || 'nothing');
}

export interface TestRanges {
  v4: RangeTable;
  v6: RangeTable;
  networks: Network[];
}

/**
 * Test ranges: the asn file's columns (`start,end,asn,name` with addresses as text) and a country
 * column, e.g. `127.0.0.0,127.255.255.255,9198,JSC Kazakhtelecom,KZ`. Lines starting with # are
 * comments. A line that does not parse is an error: a test fixture should never be half read.
 */
export function readTestRanges(text: string): TestRanges {
  const v4 = new RangeTableBuilder(1, 16);
  const v6 = new RangeTableBuilder(4, 16);
  const networks: Network[] = [];
  for (const [n, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([^,]+),([^,]+),(\d+),(.*),([A-Z]{2})?$/.exec(line);
    const start = match && parseAddress(match[1]);
    const end = match && parseAddress(match[2]);
    if (!match || !start || !end || start.family !== end.family)
      throw new Error(`test ranges, line ${n + 1}: expected start,end,asn,name,cc`);
    const bytes = new TextEncoder().encode(match[4]!);
    networks.push({ asn: Number(match[3]), name: csvField(bytes, 0, bytes.length) || null, cc: match[5] ?? null });
    (start.family === 4 ? v4 : v6).add(start.key, end.key, networks.length);
  }
  return { v4: v4.build(), v6: v6.build(), networks };
}
