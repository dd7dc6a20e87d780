import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { addressKey, clientAddress } from '../../collector/client-address';

async function addressOf(headers: Record<string, string>, trustProxy: number): Promise<string | undefined> {
  const app = new Hono();
  app.get('/', (c) => c.text(clientAddress(c, trustProxy) ?? '(none)'));
  const text = await (await app.request('/', { headers })).text();
  return text === '(none)' ? undefined : text;
}

describe('clientAddress', () => {
  it('ignores X-Forwarded-For unless told a proxy is in front', async () => {
    expect(await addressOf({ 'x-forwarded-for': '203.0.113.9' }, 0)).toBeUndefined();
  });

  it('takes the entry our own proxy added, not the ones the client wrote', async () => {
    const headers = { 'x-forwarded-for': '6.6.6.6, 198.51.100.7, 203.0.113.9' };
    expect(await addressOf(headers, 1)).toBe('203.0.113.9');
    expect(await addressOf(headers, 2)).toBe('198.51.100.7');
  });

  it('has no address to give without a connection or a header', async () => {
    expect(await addressOf({}, 1)).toBeUndefined();
  });
});

describe('addressKey', () => {
  it('is a short keyed hash that does not contain the address', () => {
    const key = addressKey('203.0.113.9');
    expect(key).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(key).not.toContain('203');
    expect(addressKey('203.0.113.9')).toBe(key);
    expect(addressKey('203.0.113.10')).not.toBe(key);
  });

  it('groups an IPv6 /64 together, and IPv4-mapped IPv6 with its IPv4 address', () => {
    expect(addressKey('2001:db8:1:2::1')).toBe(addressKey('2001:db8:1:2:ffff:ffff:ffff:ffff'));
    expect(addressKey('2001:db8:1:3::1')).not.toBe(addressKey('2001:db8:1:2::1'));
    expect(addressKey('::ffff:192.0.2.1')).toBe(addressKey('192.0.2.1'));
  });

  it('puts unknown and unparsable addresses in buckets of their own', () => {
    expect(addressKey(undefined)).toBe(addressKey(undefined));
    expect(addressKey('not an address')).not.toBe(addressKey(undefined));
  });
});
