/**
 * A public name that resolved here to a private address: the "answer that looks wrong" half of the
 * DNS check. A DNS filter that answers blocked names with an address on the local network (a
 * sinkhole, a block-page server inside the ISP) leaves the page loading fine, so no error ever
 * shows it. Only a resolver the local network cannot tamper with can say whether the name really
 * points there. Recorded block addresses are not handled here: they take the block-page path
 * (utils/blockpage.ts), which names the fingerprint.
 */
import type { FrameAnswer } from '../observe/browser-events';
import { suspectMainFrame } from '../observe/suspicion';
import { queryDoh, type DnsEvidence } from '../confirm/doh';
import { isPrivateIpv4, isPrivateIpv6 } from '../protocol/intranet';
import type { ProbeTracker } from '../confirm/probe';
import type { Verdict } from './1-probe-verdict';
import type { Suspicion } from '../storage/records';
import type { Settings } from '../storage/settings-rules';

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/**
 * One spelling per address, so the local answer and the resolver's can be compared: lower-case,
 * no brackets, IPv6 compressed as the URL parser writes it, IPv4-mapped IPv6 as plain IPv4.
 * Null for anything that is not an IP address.
 */
export function canonicalAddress(raw: string): string | null {
  const plain = raw
    .trim()
    .replace(/^\[|\]$/g, '')
    .toLowerCase();
  const v4 = IPV4.exec(plain);
  if (v4) return v4.slice(1).every((p) => Number(p) <= 255) ? v4.slice(1).map(Number).join('.') : null;
  if (!plain.includes(':')) return null;
  let host: string;
  try {
    host = new URL(`http://[${plain}]/`).hostname.slice(1, -1);
  } catch {
    return null;
  }
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
  if (mapped?.[1] && mapped[2]) {
    const hi = parseInt(mapped[1], 16);
    const lo = parseInt(mapped[2], 16);
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  return host;
}

function isLoopback(address: string): boolean {
  return address.startsWith('127.') || address === '::1';
}

function isPrivate(address: string): boolean {
  return address.includes(':') ? isPrivateIpv6(address) : isPrivateIpv4(address);
}

/**
 * The address, canonical, when a public name answering from it is suspicious: RFC 1918, CGNAT
 * (100.64/10), link-local, unique-local and link-local IPv6, 0.0.0.0 and `::` (a null route).
 * Loopback is left out on purpose: a local proxy, a VPN client or a hosts-file entry (ad blockers
 * ship long ones) answer from this very machine far more often than a censor does, and asking a
 * resolver about every such page would reveal the user's browsing for nothing.
 */
export function suspiciousAddress(ip: string | undefined): string | null {
  const address = ip === undefined ? null : canonicalAddress(ip);
  if (!address || isLoopback(address)) return null;
  return isPrivate(address) ? address : null;
}

/** A main-frame response (webRequest's `ip`) for a public name from a private address. */
export function suspicionFromDnsAnswer(details: FrameAnswer, now = Date.now()): Suspicion | null {
  const address = suspiciousAddress(details.ip);
  if (!address) return null;
  // An IP-literal URL involved no DNS at all; a private one is the intranet and never reported.
  let hostname: string;
  try {
    hostname = new URL(details.url).hostname;
  } catch {
    return null;
  }
  if (canonicalAddress(hostname) !== null) return null;
  return suspectMainFrame(details, { dnsAnswer: address }, now);
}

/** The resolver learns the name: only once the user chose a collector, as for every other check. */
export function mayCompareDns(settings: Pick<Settings, 'endpoint' | 'dohResolver'>): boolean {
  return settings.endpoint !== null && Boolean(settings.dohResolver);
}

/**
 * What the resolver's answer means for a name that resolved here to `local`. Only a resolver that
 * knows the name, gives only public addresses and not `local`, proves the local answer wrong.
 * - NXDOMAIN or no address: the name has no public address to hide; an internal name, nothing.
 * - any private address among the answers (`local` is one): the owner points the name at private
 *   space (a company's public name for an internal service); nothing.
 * - unreachable or broken resolver: not proof either way. Reporting it would turn every DoH outage
 *   on a company network into tampering reports; staying quiet loses at most one report.
 * - the resolver itself answered from `local`: every connection goes to that address, so it is a
 *   proxy (Chromium names the proxy as the address that served the page), not a DNS answer.
 */
export function dnsAnswerVerdict(local: string, doh: DnsEvidence, dohServedFrom: readonly string[] = []): Verdict | null {
  if (doh.answer !== 'addresses' || !doh.addresses?.length) return null;
  const answers = doh.addresses.map(canonicalAddress);
  if (answers.some((a) => a === null || isPrivate(a))) return null;
  if (dohServedFrom.some((ip) => canonicalAddress(ip) === local)) return null;
  return { kind: 'dns', confirmed: true, evidence: { dns: { ...doh, local } } };
}

export interface DnsAnswerDeps {
  tracker: ProbeTracker;
  fetchImpl?: typeof fetch;
}

/** Asks the resolver about a suspicious answer; null when there is nothing to report. */
export async function confirmDnsAnswer(suspicion: Suspicion, settings: Settings, deps: DnsAnswerDeps): Promise<Verdict | null> {
  const local = suspicion.dnsAnswer;
  if (!local || !mayCompareDns(settings) || !settings.dohResolver) return null;
  const servedFrom: string[] = [];
  const doh = await queryDoh(settings.dohResolver, suspicion.host, {
    tracker: deps.tracker,
    servedFrom: (ip) => servedFrom.push(ip),
    ...(deps.fetchImpl && { fetchImpl: deps.fetchImpl }),
  });
  return dnsAnswerVerdict(local, doh, servedFrom);
}
