import { describe, expect, it } from 'vitest';
import { isIntranetHost, isPrivateIpv4, isPrivateIpv6 } from '../../utils/protocol/intranet';

describe('isIntranetHost', () => {
  it.each(['localhost', 'LOCALHOST', 'localhost.', 'app.localhost'])('treats %s as this computer', (host) => {
    expect(isIntranetHost(host)).toBe(true);
  });

  it.each([
    '10.0.0.1',
    '10.255.255.255',
    '127.0.0.1',
    '127.8.9.10',
    '172.16.0.1',
    '172.31.255.254',
    '192.168.1.1',
    '169.254.1.1',
    '100.64.0.1',
    '100.127.255.255',
    '0.0.0.0',
  ])('treats the private IPv4 literal %s as intranet', (host) => {
    expect(isIntranetHost(host)).toBe(true);
  });

  it.each([
    '[::1]',
    '::1',
    '[fe80::1]',
    '[fc00::1]',
    '[fd12:3456:789a::1]',
    '[::ffff:10.0.0.1]',
    '::ffff:192.168.0.1',
    '[::ffff:127.0.0.1]',
  ])('treats the private IPv6 literal %s as intranet', (host) => {
    expect(isIntranetHost(host)).toBe(true);
  });

  // The form a browser hands over: new URL('http://[::ffff:10.0.0.1]/').hostname === '[::ffff:a00:1]'.
  it.each(['[::ffff:a00:1]', '[::ffff:c0a8:1]', '[::ffff:7f00:1]'])(
    'treats the IPv4-mapped literal %s as URL-normalised hex as intranet',
    (host) => {
      expect(isIntranetHost(host)).toBe(true);
    },
  );

  it('agrees with the host name a browser gives for an IPv4-mapped literal', () => {
    expect(isIntranetHost(new URL('http://[::ffff:10.0.0.1]/').hostname)).toBe(true);
    expect(isIntranetHost(new URL('http://[::ffff:8.8.8.8]/').hostname)).toBe(false);
  });

  it.each(['router', 'intranet', 'nas.', 'printer.local', 'build.internal', 'fileserver.lan', 'hub.home.arpa', 'home.arpa', 'A.B.LOCAL'])(
    'treats the single-label or private-suffix name %s as intranet',
    (host) => {
      expect(isIntranetHost(host)).toBe(true);
    },
  );

  it.each([
    'example.kz',
    'www.rferl.org',
    'news.example.com.',
    'localhost.example.com',
    'local.example.org',
    'lan.kz',
    'internal.org',
    'xn--e1afmkfd.kz',
  ])('does not treat the public name %s as intranet', (host) => {
    expect(isIntranetHost(host)).toBe(false);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '172.15.0.1',
    '172.32.0.1',
    '192.169.0.1',
    '100.63.0.1',
    '100.128.0.1',
    '169.253.1.1',
    '11.0.0.1',
    '[2001:db8::1]',
    '[2a00:1450:4001::200e]',
    '[::ffff:8.8.8.8]',
  ])('does not treat the public IP %s as intranet', (host) => {
    expect(isIntranetHost(host)).toBe(false);
  });
});

describe('isPrivateIpv4', () => {
  it('rejects malformed addresses rather than calling them private', () => {
    expect(isPrivateIpv4('10.0.0')).toBe(false);
    expect(isPrivateIpv4('10.0.0.256')).toBe(false);
    expect(isPrivateIpv4('10.0.0.x')).toBe(false);
  });
});

describe('isPrivateIpv6', () => {
  it('covers loopback, unspecified, unique-local and link-local only', () => {
    expect(isPrivateIpv6('::1')).toBe(true);
    expect(isPrivateIpv6('::')).toBe(true);
    expect(isPrivateIpv6('fdff::1')).toBe(true);
    expect(isPrivateIpv6('febf::1')).toBe(true);
    expect(isPrivateIpv6('fec0::1')).toBe(false);
    expect(isPrivateIpv6('fe00::1')).toBe(false);
    expect(isPrivateIpv6('2001:db8::1')).toBe(false);
  });
});
