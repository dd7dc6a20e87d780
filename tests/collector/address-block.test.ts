import { describe, expect, it } from 'vitest';
import { addressBlockKey } from '../../collector/address-block';

describe('addressBlockKey', () => {
  it('puts an IPv4 /16 in one block, and the next /16 in another', () => {
    expect(addressBlockKey('203.0.113.7')).toBe(addressBlockKey('203.0.200.1'));
    expect(addressBlockKey('203.0.113.7')).not.toBe(addressBlockKey('203.1.113.7'));
  });

  it('puts an IPv6 /32 in one block, and reads a mapped address as IPv4', () => {
    expect(addressBlockKey('2a02:4780:1::1')).toBe(addressBlockKey('2a02:4780:ffff::9'));
    expect(addressBlockKey('2a02:4780:1::1')).not.toBe(addressBlockKey('2a02:4781:1::1'));
    expect(addressBlockKey('::ffff:203.0.113.7')).toBe(addressBlockKey('203.0.1.1'));
  });

  it('never returns the address itself, and has a block for the unknown', () => {
    const key = addressBlockKey('203.0.113.7');
    expect(key).not.toContain('203');
    expect(key).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(addressBlockKey(undefined)).toBe(addressBlockKey(undefined));
    expect(addressBlockKey('not an address')).not.toBe(addressBlockKey(undefined));
  });
});
