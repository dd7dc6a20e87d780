// How made-up host names reach loopback in Firefox, which has no --host-resolver-rules: the names
// the simulator serves resolve to 127.0.0.1 (network.dns.localDomains), their ports 443 and 80 are
// forced to the local routers, and a PAC file sends every other name to a SOCKS server that
// answers "host unreachable". Pure functions, so the mapping can be tested without a browser.

/** Host → loopback port of every name the Chromium resolver rules map to a simulated server. */
export function servedHosts(hostResolverRules: string): Map<string, number> {
  const served = new Map<string, number>();
  for (const rule of hostResolverRules.split(',')) {
    const match = /^\s*MAP\s+([a-z0-9.-]+)\s+127\.0\.0\.1:(\d+)\s*$/i.exec(rule);
    if (match?.[1] && match[2]) served.set(match[1].toLowerCase(), Number(match[2]));
  }
  return served;
}

/**
 * A PAC script: the direct names and loopback go direct, every other name to the SOCKS server,
 * which resolves names itself. No DNS happens in the browser for a proxied name.
 */
export function pacScript(direct: Iterable<string>, socksPort: number): string {
  const names = JSON.stringify(Object.fromEntries([...direct, 'localhost', '127.0.0.1'].map((h) => [h.toLowerCase(), true])));
  return [
    'function FindProxyForURL(url, host) {',
    `  var direct = ${names};`,
    '  if (direct[host.toLowerCase()] === true) return "DIRECT";',
    `  return "SOCKS5 127.0.0.1:${socksPort}";`,
    '}',
  ].join('\n');
}

export interface NamePrefsInput {
  /** Names that resolve to 127.0.0.1 inside Firefox and connect directly. */
  direct: Iterable<string>;
  tlsRouterPort: number;
  httpRouterPort: number;
  socksPort: number;
}

/** The Firefox preferences that put the names above in place. */
export function namePrefs(input: NamePrefsInput): Record<string, string | number | boolean> {
  const direct = [...input.direct];
  return {
    'network.dns.localDomains': direct.join(','),
    'network.socket.forcePort': `443=${input.tlsRouterPort};80=${input.httpRouterPort}`,
    'network.proxy.type': 2,
    'network.proxy.autoconfig_url': `data:application/x-ns-proxy-autoconfig,${encodeURIComponent(pacScript(direct, input.socksPort))}`,
    // The proxy resolves names; a failing proxy never means "then try without one".
    'network.proxy.socks_remote_dns': true,
    'network.proxy.socks5_remote_dns': true,
    'network.proxy.failover_direct': false,
    // No DNS-over-HTTPS of Firefox's own, no IPv6 lookups for the mapped names.
    'network.trr.mode': 5,
    'network.dns.disableIPv6': true,
  };
}
