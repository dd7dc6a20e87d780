/**
 * Which address a response came from, when that address can be this computer's DNS answer for the
 * site. Through a proxy it never is: the proxy resolved the name (a SOCKS proxy with remote DNS,
 * as circumvention tools use) and Firefox reports `ip` as "0.0.0.0" or as the proxy's own address,
 * with `proxyInfo` set. Starting a DNS check then would send the name of every page the user
 * opens to the DNS-over-HTTPS resolver, for nothing.
 */
import { canonicalAddress } from './2-dns-answer';

interface ProxyInfoLike {
  type?: string;
  host?: string;
}

export interface ResponseAddress {
  ip?: string | null;
  /** Firefox only: how the request was proxied; null or absent when it went direct. */
  proxyInfo?: ProxyInfoLike | null;
}

/** Whether Firefox says the request went through a proxy. */
export function viaProxy(details: ResponseAddress): boolean {
  const proxy = details.proxyInfo;
  return proxy !== undefined && proxy !== null && proxy.type !== 'direct';
}

/**
 * The details without `ip` when it is not the answer of a name lookup made here: through a proxy,
 * or the unspecified address (0.0.0.0, ::), which no server answers from. A response that came at
 * all did not come from a null route: it came from this machine or through a proxy.
 */
export function directAnswer<T extends ResponseAddress>(details: T): Omit<T, 'ip'> & { ip?: string } {
  const { ip, ...rest } = details;
  if (!ip || viaProxy(details)) return rest;
  const address = canonicalAddress(ip);
  if (address === '0.0.0.0' || address === '::') return rest;
  return { ...rest, ip };
}
