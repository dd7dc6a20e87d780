import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';
import { isIntranetHost } from '../utils/protocol/intranet';

/**
 * Decides whether the control measurement may contact a URL. A collector that fetched whatever it
 * was asked to would hand anyone a way into its own network (loopback admin ports, the cloud
 * metadata service, the private LAN), so only public unicast addresses on the web's ports pass.
 */

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
  /** Only the test seam sets it, as Chromium's host resolver rules do for the browser. */
  port?: number;
}

export type Resolve = (hostname: string) => Promise<ResolvedAddress[]>;

export interface GuardOptions {
  /** How names are resolved; the system resolver when absent. */
  resolve?: Resolve;
  /**
   * Widens the set of permitted addresses beyond public unicast. Test seam only: the end-to-end
   * tests run every "public" site on loopback. Production never sets it.
   */
  allowAddress?: (address: string) => boolean;
}

/** The ports of the web. Anything else would make the collector a port scanner. */
const ALLOWED_PORTS = new Set(['', '80', '443']);

export type TargetCheck =
  | { ok: true; url: URL; hostname: string; target: ResolvedAddress }
  /** The name did not resolve from here: a measurement, not a refusal. */
  | { ok: false; refused: false; error: 'dns' }
  | { ok: false; refused: true; reason: string };

/** Only addresses in no special range: not loopback, private, link-local, CGNAT, multicast, reserved, … */
export function isPublicAddress(raw: string): boolean {
  const address = raw.replace(/^\[|\]$/g, '');
  // Zone ids only ever name link-local interfaces; the shorthand IPv4 forms are normalised by the
  // URL parser before they get here, and anything not in canonical four-part form is refused.
  if (address.includes('%')) return false;
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  if (ipaddr.IPv4.isValidFourPartDecimal(address)) parsed = ipaddr.IPv4.parse(address);
  else if (ipaddr.IPv6.isValid(address)) parsed = ipaddr.IPv6.parse(address);
  else return false;
  // ipaddr.js reads ::1.2.3.4 (IPv4-compatible, ::/96) as if it were ::ffff:1.2.3.4 (mapped).
  if (parsed.kind() === 'ipv6' && address.includes('.') && !/:ffff:[\d.]+$/i.test(address)) return false;
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  // ::/8 is reserved; ipaddr.js calls most of it unicast, yet IPv4-compatible addresses in it
  // (::127.0.0.1, written ::7f00:1) reach IPv4 hosts through some stacks and translators.
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).parts[0]! < 0x100) return false;
  return parsed.range() === 'unicast';
}

export function addressAllowed(address: string, options: GuardOptions = {}): boolean {
  return isPublicAddress(address) || (options.allowAddress?.(address) ?? false);
}

export const systemResolve: Resolve = async (hostname) => {
  const answers = await lookup(hostname, { all: true, verbatim: true });
  return answers.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

function literalAddress(hostname: string): ResolvedAddress | null {
  const bare = hostname.replace(/^\[|\]$/g, '');
  if (ipaddr.IPv4.isValidFourPartDecimal(bare)) return { address: bare, family: 4 };
  if (ipaddr.IPv6.isValid(bare)) return { address: bare, family: 6 };
  return null;
}

export type Precheck =
  | { ok: true; url: URL; hostname: string; literal: ResolvedAddress | null }
  | { ok: false; refused: true; reason: string };

/**
 * Everything decidable without a lookup: the URL, its scheme and port, an address literal, a
 * private name. Costs nothing, so a refused target never takes a measurement's allowance.
 */
export function precheckTarget(raw: string, options: GuardOptions = {}): Precheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, refused: true, reason: 'not a URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, refused: true, reason: 'only http and https' };
  if (url.username || url.password) return { ok: false, refused: true, reason: 'credentials in the URL' };
  if (!ALLOWED_PORTS.has(url.port)) return { ok: false, refused: true, reason: 'only ports 80 and 443' };
  const hostname = url.hostname.replace(/\.$/, '');

  const literal = literalAddress(hostname);
  if (literal) {
    return addressAllowed(literal.address, options)
      ? { ok: true, url, hostname, literal }
      : { ok: false, refused: true, reason: 'not a public address' };
  }
  // Names such as metadata.google.internal or printer.local are private by definition.
  if (isIntranetHost(hostname)) return { ok: false, refused: true, reason: 'not a public host name' };
  return { ok: true, url, hostname, literal: null };
}

/**
 * Parses the URL (which normalises 2130706433, 0x7f.1 and 127.1 to 127.0.0.1), refuses what is
 * not a public web address, and resolves the name once. The caller must connect to exactly the
 * address returned, never resolve again: a second lookup is how DNS rebinding gets in.
 */
export async function checkTarget(raw: string, options: GuardOptions = {}): Promise<TargetCheck> {
  const pre = precheckTarget(raw, options);
  if (!pre.ok) return pre;
  const { url, hostname, literal } = pre;
  if (literal) return { ok: true, url, hostname, target: literal };

  let answers: ResolvedAddress[];
  try {
    answers = await (options.resolve ?? systemResolve)(hostname);
  } catch {
    return { ok: false, refused: false, error: 'dns' };
  }
  if (answers.length === 0) return { ok: false, refused: false, error: 'dns' };
  // One private answer among public ones is refused too: the connection could land on either.
  if (!answers.every((a) => addressAllowed(a.address, options))) {
    return { ok: false, refused: true, reason: 'the name resolves to a private address' };
  }
  return { ok: true, url, hostname, target: answers[0]! };
}
