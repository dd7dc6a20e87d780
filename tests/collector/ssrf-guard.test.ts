import { describe, expect, it, vi } from 'vitest';
import { checkTarget, isPublicAddress, type Resolve } from '../../collector/ssrf-guard';

const resolvesTo = (...addresses: string[]): Resolve =>
  vi.fn(async () => addresses.map((address) => ({ address, family: address.includes(':') ? (6 as const) : (4 as const) })));

describe('isPublicAddress', () => {
  it.each([
    '127.0.0.1',
    '127.255.255.254',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.0.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '255.255.255.255',
    '224.0.0.1',
    '192.0.2.1',
    '198.51.100.1',
    '203.0.113.9',
    '::1',
    '::',
    'fe80::1',
    'fc00::1',
    'fd12:3456::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:169.254.169.254',
    '::ffff:a9fe:a9fe',
    '::ffff:10.0.0.1',
    '64:ff9b::7f00:1',
    '2002:7f00:1::1',
    '2001:db8::1',
    'fe80::1%eth0',
    // Shorthand spellings are never taken as addresses here; the URL parser normalises them first.
    '2130706433',
    '0x7f000001',
    '0x7f.1',
    '127.1',
    '017700000001',
    'localhost',
    '',
  ])('refuses %s', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['93.184.215.14', '1.1.1.1', '8.8.8.8', '2606:4700:4700::1111', '::ffff:93.184.215.14', '[2a00:1450:4001::1]'])(
    'accepts the public address %s',
    (address) => {
      expect(isPublicAddress(address)).toBe(true);
    },
  );
});

describe('checkTarget with the production defaults', () => {
  const bypasses = [
    'http://127.0.0.1/',
    'http://2130706433/',
    'http://0x7f000001/',
    'http://0x7f.1/',
    'http://127.1/',
    'http://0177.0.0.1/',
    'http://[::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:7f00:1]/',
    'http://[0:0:0:0:0:ffff:127.0.0.1]/',
    'http://[fe80::1]/',
    'http://[fd00::1]/',
    'http://169.254.169.254/latest/meta-data/',
    'http://[::ffff:169.254.169.254]/',
    'http://0.0.0.0/',
    'http://0/',
    'http://10.0.0.1/',
    'http://192.168.1.1/',
    'http://100.100.100.200/',
    'http://[64:ff9b::7f00:1]/',
    'http://metadata.google.internal/computeMetadata/v1/',
    'http://metadata/',
    'http://localhost/',
    'http://foo.localhost/',
    'http://printer.local/',
    'http://router.lan/',
    'http://127.0.0.1.',
  ];

  it.each(bypasses)('refuses %s without resolving anything', async (url) => {
    const resolve = resolvesTo('93.184.215.14');
    const check = await checkTarget(url, { resolve });
    expect(check).toMatchObject({ ok: false, refused: true });
    expect(resolve).not.toHaveBeenCalled();
  });

  it.each([
    'file:///etc/passwd',
    'gopher://example.com/',
    'ftp://example.com/',
    'http://user:secret@example.com/',
    'http://example.com:22/',
    'https://example.com:6379/',
    'not a url',
  ])('refuses %s', async (url) => {
    expect(await checkTarget(url, { resolve: resolvesTo('93.184.215.14') })).toMatchObject({ ok: false, refused: true });
  });

  it.each([
    ['loopback', ['127.0.0.1']],
    ['IPv6 loopback', ['::1']],
    ['a mapped loopback', ['::ffff:127.0.0.1']],
    ['the metadata service', ['169.254.169.254']],
    ['a private address next to a public one', ['93.184.215.14', '10.0.0.5']],
  ])('refuses a public-looking name that resolves to %s', async (_what, addresses) => {
    const check = await checkTarget('https://attacker.example/', { resolve: resolvesTo(...addresses) });
    expect(check).toEqual({ ok: false, refused: true, reason: 'the name resolves to a private address' });
  });

  it('resolves once and hands back the address to connect to', async () => {
    const resolve = resolvesTo('93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c');
    const check = await checkTarget('https://example.com/path', { resolve });
    expect(check).toMatchObject({ ok: true, hostname: 'example.com', target: { address: '93.184.215.14', family: 4 } });
    expect(resolve).toHaveBeenCalledTimes(1);
  });

  it('accepts a public address literal without resolving', async () => {
    const resolve = resolvesTo('127.0.0.1');
    expect(await checkTarget('http://93.184.215.14/', { resolve })).toMatchObject({ ok: true, target: { address: '93.184.215.14' } });
    expect(resolve).not.toHaveBeenCalled();
  });

  it('reports a name that does not resolve as a measurement, not a refusal', async () => {
    const resolve: Resolve = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    };
    expect(await checkTarget('https://gone.example/', { resolve })).toEqual({ ok: false, refused: false, error: 'dns' });
  });

  it('widens only by the explicit test seam, and only for the addresses it names', async () => {
    const allowAddress = (a: string) => a === '127.0.0.1';
    expect(await checkTarget('http://site.example/', { resolve: resolvesTo('127.0.0.1'), allowAddress })).toMatchObject({ ok: true });
    expect(await checkTarget('http://site.example/', { resolve: resolvesTo('127.0.0.2'), allowAddress })).toMatchObject({ refused: true });
    expect(await checkTarget('http://[::1]/', { allowAddress })).toMatchObject({ refused: true });
  });
});

describe('the rest of ::/8 (IPv4-compatible IPv6 and its neighbours)', () => {
  it.each([
    '::127.0.0.1',
    '::7f00:1',
    '::a9fe:a9fe',
    '::10.0.0.1',
    '::93.184.215.14',
    '::2',
    '::1:7f00:1',
    '0:0:0:0:0:1:0:1',
    'ff::1',
    '1::',
    '0100::1',
  ])('refuses %s', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['http://[::127.0.0.1]/', 'http://[::7f00:1]/', 'http://[::169.254.169.254]/latest/meta-data/', 'http://[0::a00:1]/'])(
    'refuses %s as a target, without resolving',
    async (url) => {
      const resolve = resolvesTo('93.184.215.14');
      expect(await checkTarget(url, { resolve })).toMatchObject({ ok: false, refused: true });
      expect(resolve).not.toHaveBeenCalled();
    },
  );

  it('refuses a name that resolves into ::/96', async () => {
    expect(await checkTarget('https://attacker.example/', { resolve: resolvesTo('::7f00:1') })).toMatchObject({ refused: true });
  });

  it('still takes public IPv6 and mapped public IPv4', () => {
    for (const a of ['2a00:1450:4001::1', '2606:4700:4700::1111', '::ffff:93.184.215.14', '2001:4860:4860::8888'])
      expect(isPublicAddress(a), a).toBe(true);
  });
});
