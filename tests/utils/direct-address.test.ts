import { describe, expect, it } from 'vitest';
import { directAnswer, viaProxy } from '../../utils/classify/direct-address';
import { suspicionFromDnsAnswer } from '../../utils/classify/2-dns-answer';

const page: { type: string; tabId: number; url: string; ip?: string } = { type: 'main_frame', tabId: 3, url: 'https://news.example.kz/' };
const socks = { type: 'socks', host: '127.0.0.1', port: 9050, proxyDNS: true };

describe('viaProxy', () => {
  it('is true for Firefox proxyInfo of any proxy type, false without one or for direct', () => {
    expect(viaProxy({ proxyInfo: socks })).toBe(true);
    expect(viaProxy({ proxyInfo: { type: 'http', host: '10.0.0.1' } })).toBe(true);
    expect(viaProxy({ proxyInfo: { type: 'direct' } })).toBe(false);
    expect(viaProxy({ proxyInfo: null })).toBe(false);
    expect(viaProxy({})).toBe(false);
  });
});

describe('directAnswer', () => {
  it('drops the address of a proxied response: 0.0.0.0, the proxy itself or any other', () => {
    for (const ip of ['0.0.0.0', '10.0.0.1', '192.168.1.20', '203.0.113.5']) {
      const answer = directAnswer({ ...page, ip, proxyInfo: { type: 'http', host: ip } });
      expect(answer).not.toHaveProperty('ip');
      expect(suspicionFromDnsAnswer(answer)).toBeNull();
    }
    expect(directAnswer({ ...page, ip: '10.1.2.3', proxyInfo: socks })).toEqual({ ...page, proxyInfo: socks });
  });

  it('drops the unspecified address even without proxyInfo: a response never comes from a null route', () => {
    for (const ip of ['0.0.0.0', '::', '[::]', '::ffff:0.0.0.0']) expect(directAnswer({ ...page, ip })).not.toHaveProperty('ip');
  });

  it('keeps a direct private answer, which still starts the DNS check', () => {
    const answer = directAnswer({ ...page, ip: '10.10.34.34', proxyInfo: null });
    expect(answer.ip).toBe('10.10.34.34');
    expect(suspicionFromDnsAnswer(answer, 1)).toMatchObject({ host: 'news.example.kz', dnsAnswer: '10.10.34.34' });
    expect(directAnswer({ ...page, ip: '203.0.113.5' }).ip).toBe('203.0.113.5');
    expect(directAnswer({ ...page })).toEqual(page);
  });
});
