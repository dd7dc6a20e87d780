import { createHmac, randomBytes } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import ipaddr from 'ipaddr.js';

/**
 * The address a request came from, used only as a rate-limit key in memory.
 *
 * `trustProxy` is how many reverse proxies of our own stand in front of the collector. With 0 the
 * TCP peer is the client and X-Forwarded-For is ignored (anyone can write it). With n > 0 the
 * n-th entry from the right of X-Forwarded-For is the address our outermost proxy saw: entries
 * further left were written by the client and are not believed.
 */
export function clientAddress(c: Context, trustProxy: number): string | undefined {
  if (trustProxy > 0) {
    const forwarded = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const entry = forwarded[forwarded.length - trustProxy];
    if (entry) return entry;
  }
  try {
    return getConnInfo(c).remote.address;
  } catch {
    // Not served by the Node adapter (e.g. app.request in a test): no address to know.
    return undefined;
  }
}

/** Forgotten with the process: the keys below cannot be turned back into addresses, even from a memory dump. */
const SECRET = randomBytes(32);

/**
 * The rate-limit key for an address: IPv4 as is, IPv6 by its /64 (one subscriber usually holds a
 * whole /64 and can rotate through it), IPv4-mapped IPv6 as IPv4; then a keyed hash of that.
 */
export function addressKey(address: string | undefined): string {
  let normalised = 'unknown';
  if (address && ipaddr.isValid(address)) {
    let parsed = ipaddr.parse(address);
    if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
    normalised =
      parsed.kind() === 'ipv6'
        ? `${(parsed as ipaddr.IPv6).parts
            .slice(0, 4)
            .map((p) => p.toString(16))
            .join(':')}::/64`
        : parsed.toString();
  } else if (address) {
    normalised = `other:${address}`;
  }
  return createHmac('sha256', SECRET).update(normalised).digest('base64url').slice(0, 22);
}
