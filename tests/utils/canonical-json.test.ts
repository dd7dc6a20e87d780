import { describe, expect, it } from 'vitest';
import { canonicalBytes, canonicalJson } from '../../utils/protocol/canonical-json';

describe('canonicalJson (RFC 8785)', () => {
  it('produces the RFC 8785 section 3.2.2 example', () => {
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],' +
        '"string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",' +
        '"literals": [null, true, false]}',
    );
    expect(canonicalJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('sorts keys by UTF-16 code units (RFC 8785 section 3.2.3)', () => {
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    const order = ['\r', '1', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33'] as const;
    const expected = `{${order.map((k) => `${JSON.stringify(k)}:${JSON.stringify(input[k])}`).join(',')}}`;
    expect(canonicalJson(input)).toBe(expected);
  });

  it('sorts nested objects and keeps array order', () => {
    expect(canonicalJson({ b: [3, { z: 1, a: 2 }, 1], a: { d: null, c: true } })).toBe('{"a":{"c":true,"d":null},"b":[3,{"a":2,"z":1},1]}');
  });

  it.each([
    [1e21, '1e+21'],
    [1e20, '100000000000000000000'],
    [-0, '0'],
    [0.000001, '0.000001'],
    [1e-7, '1e-7'],
    [-1.5, '-1.5'],
    [9007199254740993, '9007199254740992'],
    [5e-324, '5e-324'],
  ])('writes the number %s as %s', (value, text) => {
    expect(canonicalJson(value)).toBe(text);
    expect(canonicalJson({ n: value })).toBe(`{"n":${text}}`);
  });

  it('leaves out undefined properties like JSON does', () => {
    expect(canonicalJson({ b: 1, a: undefined })).toBe('{"b":1}');
  });

  it('has no whitespace and gives the same text whatever the key order', () => {
    const a = canonicalJson({ x: 1, y: { p: 'q', o: [1, 2] } });
    const b = canonicalJson({ y: { o: [1, 2], p: 'q' }, x: 1 });
    expect(a).toBe(b);
    expect(a).not.toMatch(/\s/);
  });

  it('refuses values with no JSON form', () => {
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
    expect(() => canonicalJson(Number.NaN)).toThrow();
    expect(() => canonicalJson({ n: Number.POSITIVE_INFINITY })).toThrow();
    expect(() => canonicalJson('\ud800')).toThrow();
  });
});

describe('canonicalBytes', () => {
  it('is the UTF-8 encoding of the canonical text', () => {
    const bytes = canonicalBytes({ b: '€', a: 'ü' });
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(new TextDecoder().decode(bytes)).toBe('{"a":"ü","b":"€"}');
    expect([...bytes.slice(-6)]).toEqual([0x22, 0xe2, 0x82, 0xac, 0x22, 0x7d]);
    expect(bytes.length).toBe(new TextEncoder().encode('{"a":"ü","b":"€"}').length);
  });
});
