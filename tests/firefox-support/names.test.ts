import { describe, expect, it } from 'vitest';
import { namePrefs, pacScript, servedHosts } from '../support/firefox/names';

describe('servedHosts', () => {
  it('takes the names mapped to loopback ports and leaves out those made to fail', () => {
    const rules =
      'MAP reset.test 127.0.0.1:4001, MAP Healthy.test 127.0.0.1:4002, MAP gone.test ~NOTFOUND, MAP * ~NOTFOUND, EXCLUDE localhost';
    expect([...servedHosts(rules)]).toEqual([
      ['reset.test', 4001],
      ['healthy.test', 4002],
    ]);
  });
});

describe('pacScript', () => {
  const findProxy = (direct: string[], port: number) =>
    new Function(`${pacScript(direct, port)}; return FindProxyForURL;`)() as (url: string, host: string) => string;

  it('sends mapped names and loopback direct, and every other name to the SOCKS server', () => {
    const find = findProxy(['healthy.test'], 1080);
    expect(find('https://healthy.test/', 'healthy.test')).toBe('DIRECT');
    expect(find('https://Healthy.Test/', 'Healthy.Test')).toBe('DIRECT');
    expect(find('http://127.0.0.1:4000/', '127.0.0.1')).toBe('DIRECT');
    expect(find('http://localhost/', 'localhost')).toBe('DIRECT');
    expect(find('https://www.example.org/', 'www.example.org')).toBe('SOCKS5 127.0.0.1:1080');
    expect(find('https://gone.test/', 'gone.test')).toBe('SOCKS5 127.0.0.1:1080');
  });
});

describe('namePrefs', () => {
  it('maps the names, forces 443 and 80 to the routers and never fails over to a direct connection', () => {
    const prefs = namePrefs({ direct: ['a.test', 'b.test'], tlsRouterPort: 4443, httpRouterPort: 4080, socksPort: 1080 });
    expect(prefs).toMatchObject({
      'network.dns.localDomains': 'a.test,b.test',
      'network.socket.forcePort': '443=4443;80=4080',
      'network.proxy.type': 2,
      'network.proxy.failover_direct': false,
      'network.proxy.socks5_remote_dns': true,
      'network.trr.mode': 5,
    });
    const pac = decodeURIComponent(String(prefs['network.proxy.autoconfig_url']).replace(/^data:[^,]*,/, ''));
    expect(pac).toBe(pacScript(['a.test', 'b.test'], 1080));
  });
});
