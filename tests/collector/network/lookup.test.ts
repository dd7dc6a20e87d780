/** The offline network lookup: parsing, flattening of overlapping ranges, and the installed public data. */
import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAddress, readIPv6 } from '../../../collector/network/address';
import { countryCode, readTable } from '../../../collector/network/load-data';
import { createLookup, loadNetworkLookup, NO_NETWORK, readTestRanges, type NetworkLookup } from '../../../collector/network/lookup';
import { NONE, RangeTableBuilder } from '../../../collector/network/range-table';

const FIXTURE = new URL('../../fixtures/networks/test-ranges.csv', import.meta.url);
const bytes = (text: string) => new TextEncoder().encode(text);
const key4 = (text: string) => parseAddress(text)!.key;

describe('readIPv6', () => {
  const read = (text: string) => {
    const out = new Uint32Array(4);
    return readIPv6(bytes(text), 0, text.length, out, 0) ? [...out] : null;
  };

  it('reads every form the data uses, as four words, most significant first', () => {
    expect(read('2001:db8::1')).toEqual([0x20010db8, 0, 0, 1]);
    expect(read('::')).toEqual([0, 0, 0, 0]);
    expect(read('::1')).toEqual([0, 0, 0, 1]);
    expect(read('2001::')).toEqual([0x20010000, 0, 0, 0]);
    expect(read('2a00:12f8:ffff:ffff:ffff:ffff:ffff:ffff')).toEqual([0x2a0012f8, 0xffffffff, 0xffffffff, 0xffffffff]);
  });

  it('refuses what is not a plain IPv6 address', () => {
    for (const bad of ['', ':', '1::2::3', '12345::', '2001:', 'g::1', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7'])
      expect(read(bad), bad).toBeNull();
  });

  it('agrees with ipaddr.js on any address', () => {
    fc.assert(
      fc.property(fc.ipV6(), (text) => {
        fc.pre(!text.includes('.'));
        const parts = ipaddr.IPv6.parse(text).parts;
        const words = [0, 1, 2, 3].map((w) => ((parts[2 * w]! << 16) | parts[2 * w + 1]!) >>> 0);
        expect(read(text)).toEqual(words);
      }),
    );
  });
});

describe('parseAddress', () => {
  it('treats IPv4-mapped IPv6 as IPv4, and knows which addresses name no public network', () => {
    expect(parseAddress('::ffff:2.132.0.1')).toEqual({ family: 4, key: Uint32Array.of(0x02840001), public: true });
    for (const local of [
      '127.0.0.1',
      '10.1.2.3',
      '192.168.0.1',
      '172.16.0.1',
      '100.64.0.1',
      '169.254.1.1',
      '::1',
      'fe80::1',
      'fd00::1',
      '2001:db8::1',
    ]) {
      expect(parseAddress(local)?.public, local).toBe(false);
    }
    expect(parseAddress('2a00:12f8::1')?.public).toBe(true);
    expect(parseAddress('not an address')).toBeNull();
    expect(parseAddress(undefined)).toBeNull();
  });
});

describe('RangeTable', () => {
  function table(ranges: [string, string, number][]) {
    const builder = new RangeTableBuilder(1, 2);
    for (const [start, end, value] of ranges) builder.add(key4(start), key4(end), value);
    const built = builder.build();
    return { built, at: (address: string) => built.find(key4(address)) };
  }

  it('finds the range holding an address, and nothing in the gaps or outside', () => {
    const { at } = table([
      ['1.0.0.0', '1.0.0.255', 7],
      ['1.0.2.0', '1.0.3.255', 8],
    ]);
    expect(at('1.0.0.0')).toBe(7);
    expect(at('1.0.0.255')).toBe(7);
    expect(at('1.0.1.0')).toBe(NONE);
    expect(at('1.0.3.255')).toBe(8);
    expect(at('1.0.4.0')).toBe(NONE);
    expect(at('0.255.255.255')).toBe(NONE);
  });

  it('gives a nested range precedence inside it, and the outer one again after it', () => {
    const { at } = table([
      ['2.58.32.0', '2.58.35.255', 1],
      ['2.58.33.17', '2.58.33.17', 2],
    ]);
    expect(at('2.58.33.16')).toBe(1);
    expect(at('2.58.33.17')).toBe(2);
    expect(at('2.58.33.18')).toBe(1);
    expect(at('2.58.35.255')).toBe(1);
  });

  it('lets the later of two partly overlapping ranges win where they overlap, in whatever order they came', () => {
    const { at } = table([
      ['214.96.0.0', '215.1.255.255', 721],
      ['214.95.0.0', '214.96.255.255', 749],
    ]);
    expect(at('214.95.0.1')).toBe(749);
    expect(at('214.96.0.1')).toBe(721);
    expect(at('215.1.255.255')).toBe(721);
  });

  it('reaches the very last address, and merges neighbours with the same value', () => {
    const { built, at } = table([
      ['255.255.255.0', '255.255.255.254', 3],
      ['255.255.255.255', '255.255.255.255', 3],
    ]);
    expect(at('255.255.255.255')).toBe(3);
    expect(built.segments).toBe(1);
  });

  it('agrees with a plain scan of the ranges, for any ranges', () => {
    const range = fc.tuple(fc.nat(1000), fc.nat(50), fc.integer({ min: 1, max: 9 }));
    fc.assert(
      fc.property(fc.array(range, { maxLength: 30 }), (ranges) => {
        const builder = new RangeTableBuilder(1, 1);
        for (const [start, length, value] of ranges) builder.add([start], [start + length], value);
        const built = builder.build();
        // The reference: the range starting last (and, for equal starts, the narrower, added later) wins.
        const order = ranges.map((r, i) => ({ r, i })).sort((a, b) => a.r[0] - b.r[0] || b.r[1] - a.r[1] || a.i - b.i);
        for (let p = 0; p <= 1060; p++) {
          let expected = NONE;
          for (const { r } of order) if (p >= r[0] && p <= r[0] + r[1]) expected = r[2];
          if (built.find(Uint32Array.of(p)) !== expected) expect(built.find(Uint32Array.of(p)), `at ${p}`).toBe(expected);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('readTable', () => {
  it('reads the asn files, quoted names included, and skips lines that do not parse', () => {
    const names = new Map<number, string>();
    const csv = [
      '16777216,16777471,13335,"Cloudflare, Inc."',
      'garbage',
      '35309568,35313663,201907,"LLC ""SPUTNIK"""',
      '99,1,5,backwards',
      '',
    ].join('\n');
    const t = readTable(bytes(csv), 1, (b, from, to) => {
      const text = new TextDecoder().decode(b.subarray(from, to));
      const [asn, ...rest] = text.split(',');
      names.set(Number(asn), rest.join(','));
      return Number(asn);
    });
    expect(t.find(key4('1.0.0.1'))).toBe(13335);
    expect(t.find(key4('2.26.200.1'))).toBe(201907);
    expect(t.segments).toBe(4); // two ranges, each followed by a gap
  });
});

describe('createLookup', () => {
  let lookup: NetworkLookup;
  beforeAll(() => {
    lookup = createLookup(null, readTestRanges(readFileSync(FIXTURE, 'utf8')), 'fixture');
  });

  it('asks test ranges first, so loopback can have a network in a test', () => {
    expect(lookup.lookup('127.0.0.1')).toEqual({ asn: 9198, name: 'JSC Kazakhtelecom', cc: 'KZ' });
    expect(lookup.lookup('::1')).toEqual({ asn: 9198, name: 'JSC Kazakhtelecom', cc: 'KZ' });
    expect(lookup.lookup('::ffff:198.51.100.7')).toEqual({ asn: 29355, name: 'Kcell JSC', cc: 'KZ' });
    expect(lookup.lookup('2001:db8:1:2::3')).toEqual({ asn: 21299, name: 'Kar-Tel LLC', cc: 'KZ' });
    expect(lookup.lookup('203.0.113.9')).toEqual({ asn: 12389, name: 'PJSC "Rostelecom"', cc: 'RU' });
  });

  it('names no network outside them, nor for what is not an address', () => {
    expect(lookup.lookup('203.0.113.200')).toEqual(NO_NETWORK);
    expect(lookup.lookup('10.0.0.1')).toEqual(NO_NETWORK);
    expect(lookup.lookup('garbage')).toEqual(NO_NETWORK);
    expect(lookup.lookup(undefined)).toEqual(NO_NETWORK);
  });

  it('refuses a test range file with a line it cannot read', () => {
    expect(() => readTestRanges('127.0.0.1,nope,1,x,KZ')).toThrow(/line 1/);
    expect(() => readTestRanges('127.0.0.1,::1,1,x,KZ')).toThrow(/line 1/);
  });
});

describe('the installed public data', () => {
  let lookup: NetworkLookup;
  beforeAll(() => {
    lookup = loadNetworkLookup();
  }, 60_000);

  it('names Kazakh networks by IPv4 and IPv6 address, IPv4-mapped too', () => {
    expect(lookup.lookup('2.132.0.1')).toEqual({ asn: 9198, name: 'JSC Kazakhtelecom', cc: 'KZ' });
    expect(lookup.lookup('::ffff:2.132.0.1')).toEqual({ asn: 9198, name: 'JSC Kazakhtelecom', cc: 'KZ' });
    expect(lookup.lookup('2.72.1.1')).toEqual({ asn: 29355, name: 'Kcell JSC', cc: 'KZ' });
    expect(lookup.lookup('2a00:12f8::1')).toEqual({ asn: 9198, name: 'JSC Kazakhtelecom', cc: 'KZ' });
  });

  it('names nothing for private, loopback and unallocated addresses', () => {
    for (const address of ['127.0.0.1', '10.0.0.1', '192.168.1.1', '::1', 'fd12::1', '4000::1'])
      expect(lookup.lookup(address), address).toEqual(NO_NETWORK);
  });

  it('gives a country without an AS where only the country is known', () => {
    // 1.0.1.0/24 has a registry country but no announced AS in the data.
    expect(lookup.lookup('1.0.1.1')).toEqual({ asn: null, name: null, cc: countryCode(('C'.charCodeAt(0) << 8) | 'N'.charCodeAt(0)) });
  });

  it('holds its tables in typed arrays of reasonable size', () => {
    const { ranges, bytes: size, names } = lookup.describe();
    expect(ranges).toBeGreaterThan(500_000);
    expect(size).toBeLessThan(40 * 2 ** 20);
    expect(names).toBeGreaterThan(50_000);
  });
});

describe('the quick IPv4 path', () => {
  const NOT_PUBLIC = new Set(['unspecified', 'broadcast', 'multicast', 'linkLocal', 'loopback', 'carrierGradeNat', 'private', 'reserved']);

  it('classifies every IPv4 address, plain or IPv4-mapped, as ipaddr.js does', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.boolean(), (address, mapped) => {
        const expected = {
          family: 4,
          public: !NOT_PUBLIC.has(ipaddr.IPv4.parse(address).range()),
          key: Uint32Array.of(
            ipaddr.IPv4.parse(address)
              .toByteArray()
              .reduce((n, b) => n * 256 + b, 0),
          ),
        };
        expect(parseAddress(mapped ? `::ffff:${address}` : address)).toEqual(expected);
      }),
      { numRuns: 2000 },
    );
  });
});
