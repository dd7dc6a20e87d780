/**
 * IP addresses as keys for the range tables: IPv4 as one 32-bit word, IPv6 as four, most
 * significant first. Also which addresses belong to no public network (loopback, private, …).
 */
import ipaddr from 'ipaddr.js';

export type ParsedAddress = { family: 4; key: Uint32Array; public: boolean } | { family: 6; key: Uint32Array; public: boolean };

/** Ranges that never appear on the public Internet: an address in them names no network. */
const NOT_PUBLIC_V4 = new Set(['unspecified', 'broadcast', 'multicast', 'linkLocal', 'loopback', 'carrierGradeNat', 'private', 'reserved']);
const NOT_PUBLIC_V6 = new Set([
  'unspecified',
  'linkLocal',
  'multicast',
  'loopback',
  'uniqueLocal',
  'deprecatedSiteLocal',
  'discard',
  'reserved',
  'benchmarking',
]);

/** IPv4 ranges of NOT_PUBLIC_V4 as [first, last] numbers, for the quick path below. */
const NOT_PUBLIC_V4_RANGES: [number, number][] = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
].map(([start, bits]) => {
  const first = ipaddr.IPv4.parse(start as string)
    .toByteArray()
    .reduce((n, b) => n * 256 + b, 0);
  return [first, first + 2 ** (32 - (bits as number)) - 1];
});

const DOTTED = /^(?:::ffff:)?(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/i;

/** Plain IPv4 (and IPv4-mapped IPv6, as Node gives a dual-stack peer) without the general parser: the usual case, made cheap. */
function quickIPv4(text: string): ParsedAddress | null {
  const m = DOTTED.exec(text);
  if (!m) return null;
  let value = 0;
  for (let i = 1; i <= 4; i++) {
    const part = m[i]!;
    const octet = Number(part);
    if (octet > 255 || (part.length > 1 && part[0] === '0')) return null;
    value = value * 256 + octet;
  }
  const isPublic = !NOT_PUBLIC_V4_RANGES.some(([first, last]) => value >= first && value <= last);
  return { family: 4, key: Uint32Array.of(value), public: isPublic };
}

/** A peer's address as Node or X-Forwarded-For gives it; IPv4-mapped IPv6 counts as IPv4. Null when it is not an address. */
export function parseAddress(text: string | undefined): ParsedAddress | null {
  if (!text) return null;
  const quick = quickIPv4(text.trim());
  if (quick) return quick;
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.process(text.trim());
  } catch {
    return null;
  }
  if (parsed.kind() === 'ipv4') {
    const o = (parsed as ipaddr.IPv4).octets;
    const key = Uint32Array.of(((o[0]! << 24) | (o[1]! << 16) | (o[2]! << 8) | o[3]!) >>> 0);
    return { family: 4, key, public: !NOT_PUBLIC_V4.has(parsed.range()) };
  }
  const p = (parsed as ipaddr.IPv6).parts;
  const key = Uint32Array.of(
    ((p[0]! << 16) | p[1]!) >>> 0,
    ((p[2]! << 16) | p[3]!) >>> 0,
    ((p[4]! << 16) | p[5]!) >>> 0,
    ((p[6]! << 16) | p[7]!) >>> 0,
  );
  return { family: 6, key, public: !NOT_PUBLIC_V6.has(parsed.range()) };
}

const COLON = 0x3a;

/**
 * Reads the IPv6 address in bytes[from, to) into `out` at `at` (four words). The data files hold
 * plain hex groups with at most one `::`; anything else is refused (false) rather than guessed.
 * Parsing bytes, not strings, keeps the start of the collector quick.
 */
const groups = new Uint16Array(9);
const parts = new Uint16Array(8);

export function readIPv6(bytes: Uint8Array, from: number, to: number, out: Uint32Array, at: number): boolean {
  let count = 0;
  let gap = -1;
  let i = from;
  if (to - from >= 2 && bytes[i] === COLON && bytes[i + 1] === COLON) {
    gap = 0;
    i += 2;
  }
  while (i < to) {
    let value = 0;
    let digits = 0;
    while (i < to && bytes[i] !== COLON) {
      const d = hexDigit(bytes[i]!);
      if (d < 0 || ++digits > 4) return false;
      value = (value << 4) | d;
      i++;
    }
    if (digits === 0 || count === 8) return false;
    groups[count++] = value;
    if (i < to) {
      i++; // the colon
      if (i < to && bytes[i] === COLON) {
        if (gap >= 0) return false;
        gap = count;
        i++;
      } else if (i === to) {
        return false;
      }
    }
  }
  if ((gap < 0 && count !== 8) || (gap >= 0 && count > 7)) return false;
  parts.fill(0);
  if (gap < 0) {
    for (let g = 0; g < 8; g++) parts[g] = groups[g]!;
  } else {
    for (let g = 0; g < gap; g++) parts[g] = groups[g]!;
    const tail = count - gap;
    for (let g = 0; g < tail; g++) parts[8 - tail + g] = groups[gap + g]!;
  }
  for (let w = 0; w < 4; w++) out[at + w] = ((parts[2 * w]! << 16) | parts[2 * w + 1]!) >>> 0;
  return true;
}

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}
