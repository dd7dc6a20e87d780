/**
 * Reads the public, offline network data installed with the collector (@ip-location-db/asn for AS
 * numbers and names, @ip-location-db/geo-whois-asn-country for countries; see docs/networks.md for
 * their licences) into range tables, straight from the CSV bytes.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { readIPv6 } from './address';
import { NONE, type RangeTable, RangeTableBuilder } from './range-table';

export interface NetworkTables {
  asn4: RangeTable;
  asn6: RangeTable;
  country4: RangeTable;
  country6: RangeTable;
  /** One name per AS number: the data gives every AS a single name. */
  names: Map<number, string>;
}

const COMMA = 0x2c;
const NEWLINE = 0x0a;
const QUOTE = 0x22;

export function packageDir(name: string): string {
  return dirname(createRequire(import.meta.url).resolve(`${name}/package.json`));
}

/** The four files of the two packages, as installed beside the collector. */
export function dataFiles() {
  const asn = packageDir('@ip-location-db/asn');
  const country = packageDir('@ip-location-db/geo-whois-asn-country');
  return {
    asn4: join(asn, 'asn-ipv4-num.csv'),
    asn6: join(asn, 'asn-ipv6.csv'),
    country4: join(country, 'geo-whois-asn-country-ipv4-num.csv'),
    country6: join(country, 'geo-whois-asn-country-ipv6.csv'),
  };
}

export function loadPublicTables(files = dataFiles()): NetworkTables {
  const names = new Map<number, string>();
  return {
    asn4: readTable(readFileSync(files.asn4), 1, (bytes, from, to) => asnValue(bytes, from, to, names)),
    asn6: readTable(readFileSync(files.asn6), 4, (bytes, from, to) => asnValue(bytes, from, to, names)),
    country4: readTable(readFileSync(files.country4), 1, countryValue),
    country6: readTable(readFileSync(files.country6), 4, countryValue),
    names,
  };
}

/** The value columns of one line (after the two address columns) → the table's value; NONE skips the line. */
type ValueReader = (bytes: Uint8Array, from: number, to: number) => number;

/**
 * `start,end,value…` lines: IPv4 as decimal numbers (the -num files), IPv6 as text. A line that
 * does not parse is skipped, so one bad line in an update cannot stop the collector.
 */
export function readTable(bytes: Uint8Array, width: 1 | 4, value: ValueReader): RangeTable {
  const builder = new RangeTableBuilder(width, Math.max(1024, bytes.length >>> 5));
  const length = bytes.length;
  let line = 0;
  while (line < length) {
    // One pass over the line finds its end and its first two commas.
    let c1 = -1;
    let c2 = -1;
    let end = line;
    for (; end < length; end++) {
      const b = bytes[end];
      if (b === NEWLINE) break;
      if (b === COMMA && c2 < 0) {
        if (c1 < 0) c1 = end;
        else c2 = end;
      }
    }
    const next = end + 1;
    if (end > line && bytes[end - 1] === 0x0d) end--;
    if (c2 > 0 && c2 < end) {
      const v = value(bytes, c2 + 1, end);
      if (v !== NONE) {
        const slot = builder.next(v);
        const ok =
          width === 1
            ? readDecimal32(bytes, line, c1, slot.starts, slot.at) && readDecimal32(bytes, c1 + 1, c2, slot.ends, slot.at)
            : readIPv6(bytes, line, c1, slot.starts, slot.at) && readIPv6(bytes, c1 + 1, c2, slot.ends, slot.at);
        if (!ok || compareWords(slot.starts, slot.ends, slot.at, width) > 0) builder.undo();
      }
    }
    line = next;
  }
  return builder.build();
}

function readDecimal32(bytes: Uint8Array, from: number, to: number, out: Uint32Array, at: number): boolean {
  if (to <= from || to - from > 10) return false;
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = bytes[i]! - 0x30;
    if (d < 0 || d > 9) return false;
    n = n * 10 + d;
  }
  if (n > 0xffffffff) return false;
  out[at] = n;
  return true;
}

function compareWords(starts: Uint32Array, ends: Uint32Array, at: number, width: number): number {
  for (let w = 0; w < width; w++) {
    if (starts[at + w] !== ends[at + w]) return starts[at + w]! < ends[at + w]! ? -1 : 1;
  }
  return 0;
}

const utf8 = new TextDecoder('utf-8');

/** `asn,name`: the name is decoded only the first time its AS is seen. */
function asnValue(bytes: Uint8Array, from: number, to: number, names: Map<number, string>): number {
  let i = from;
  let asn = 0;
  while (i < to && bytes[i] !== COMMA) {
    const d = bytes[i]! - 0x30;
    if (d < 0 || d > 9) return NONE;
    asn = asn * 10 + d;
    i++;
  }
  if (i === from || asn > 0xffffffff) return NONE;
  if (!names.has(asn)) names.set(asn, csvField(bytes, i + 1, to));
  return asn;
}

/** A CSV field: quoted ("LLC ""SPUTNIK""") or plain. */
export function csvField(bytes: Uint8Array, from: number, to: number): string {
  if (from >= to) return '';
  if (bytes[from] !== QUOTE) return utf8.decode(bytes.subarray(from, to)).trim();
  const inner = to - 1 > from && bytes[to - 1] === QUOTE ? to - 1 : to;
  return utf8
    .decode(bytes.subarray(from + 1, inner))
    .replaceAll('""', '"')
    .trim();
}

/** Two capital letters packed into one number; anything else is no country. */
function countryValue(bytes: Uint8Array, from: number, to: number): number {
  if (to - from !== 2) return NONE;
  const a = bytes[from]!;
  const b = bytes[from + 1]!;
  if (a < 0x41 || a > 0x5a || b < 0x41 || b > 0x5a) return NONE;
  return (a << 8) | b;
}

export function countryCode(value: number): string | null {
  return value === NONE ? null : String.fromCharCode(value >>> 8, value & 0xff);
}
