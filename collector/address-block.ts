/**
 * A stand-in for "the network an address belongs to", for per-network budgets when no AS lookup
 * is wired in: the address's /16 (IPv4) or /32 (IPv6), roughly one provider's allocation. Like
 * the rate-limit keys it is a keyed hash, held in memory only and never written anywhere.
 */
import { createHmac, randomBytes } from 'node:crypto';
import ipaddr from 'ipaddr.js';

const SECRET = randomBytes(32);

export function addressBlockKey(address: string | undefined): string {
  let block = 'unknown';
  if (address && ipaddr.isValid(address)) {
    let parsed = ipaddr.parse(address);
    if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
    block =
      parsed.kind() === 'ipv4'
        ? `${(parsed as ipaddr.IPv4).octets.slice(0, 2).join('.')}/16`
        : `${(parsed as ipaddr.IPv6).parts
            .slice(0, 2)
            .map((p) => p.toString(16))
            .join(':')}::/32`;
  } else if (address) {
    block = `other:${address}`;
  }
  return createHmac('sha256', SECRET).update(block).digest('base64url').slice(0, 22);
}
