/**
 * Edges of the SSRF guard that mutation testing found unguarded: stray brackets and zone ids on
 * otherwise public addresses, the reason given for each refusal (the control answer carries it),
 * a user name alone, the web ports written out, a trailing dot, and a name with no address.
 */
import { describe, expect, it, vi } from 'vitest';
import { checkTarget, isPublicAddress, type Resolve } from '../../collector/ssrf-guard';

const resolvesTo = (...addresses: string[]) =>
  vi.fn<Resolve>(async () => addresses.map((address) => ({ address, family: address.includes(':') ? (6 as const) : (4 as const) })));

describe('isPublicAddress', () => {
  it.each(['1.1.1.1[', ']1.1.1.1', '2606:4700:4700::1111%eth0', '[2606:4700:4700::1111]%1'])(
    'refuses the public address hidden in %s',
    (address) => {
      expect(isPublicAddress(address)).toBe(false);
    },
  );
});

describe('checkTarget', () => {
  it.each([
    ['not a url', 'not a URL'],
    ['ftp://example.com/', 'only http and https'],
    ['https://user@example.com/', 'credentials in the URL'],
    ['https://:secret@example.com/', 'credentials in the URL'],
    ['https://example.com:8443/', 'only ports 80 and 443'],
    ['http://10.0.0.1/', 'not a public address'],
    ['http://printer.local/', 'not a public host name'],
  ])('refuses %s: %s', async (url, reason) => {
    expect(await checkTarget(url, { resolve: resolvesTo('93.184.215.14') })).toEqual({ ok: false, refused: true, reason });
  });

  it('takes the web ports written out, on either scheme', async () => {
    for (const url of ['https://example.com:80/', 'http://example.com:443/', 'https://example.com:443/', 'http://example.com:80/']) {
      expect(await checkTarget(url, { resolve: resolvesTo('93.184.215.14') }), url).toMatchObject({ ok: true });
    }
  });

  it('resolves a name written with a trailing dot without the dot', async () => {
    const resolve = resolvesTo('93.184.215.14');
    expect(await checkTarget('https://example.com./', { resolve })).toMatchObject({ ok: true, hostname: 'example.com' });
    expect(resolve).toHaveBeenCalledWith('example.com');
  });

  it('counts a name with no address as a failed lookup, not as a target', async () => {
    expect(await checkTarget('https://empty.example/', { resolve: resolvesTo() })).toEqual({ ok: false, refused: false, error: 'dns' });
  });
});
