/**
 * Redirects followed one hop at a time, never into the local network. A page that triggers a probe
 * could otherwise redirect it to the user's router (`http://192.168.1.1/…`): a blind request from
 * the user's own browser. Each hop is fetched with `redirect: 'manual'` and its target checked first.
 */
import { isIntranetHost } from './intranet';

/** As browsers allow (Chromium and Firefox: 20). */
export const MAX_REDIRECTS = 20;

/** Whether an answer is a redirect: a 3xx, or the opaque one browsers give for `redirect: 'manual'`. */
export function isRedirect(response: Response): boolean {
  return response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400 && response.status !== 304);
}

/** An IPv6 address as eight numbers; null when it is not one. */
function ipv6Parts(text: string): number[] | null {
  let address = text.toLowerCase();
  const dotted = /^(.*:)(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(address);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(2).map(Number) as [number, number, number, number];
    address = `${dotted[1]}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = address.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return null;
  const parts = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail].map((p) =>
    /^[0-9a-f]{1,4}$/.test(p) ? parseInt(p, 16) : Number.NaN,
  );
  return parts.length === 8 && parts.every((p) => !Number.isNaN(p)) ? parts : null;
}

function isLocalIpv4(a: number, b: number): boolean {
  // isIntranetHost knows the private and loopback ranges; these are never a web site either.
  return a >= 224 || (a === 192 && b === 0) || (a === 198 && (b === 18 || b === 19));
}

/**
 * Ranges isIntranetHost leaves out: all of ::/8 (IPv4-compatible addresses, and the NAT64 prefix
 * 64:ff9b::/96, which no web site is linked by) and multicast.
 */
function isLocalIpv6(parts: number[]): boolean {
  const first = parts[0]!;
  return first < 0x100 || first >= 0xff00;
}

/** Whether a URL points into the local network (or is not a web URL at all): never fetched by a probe. */
export function isLocalTarget(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return true;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return true;
  if (url.username || url.password) return true;
  const host = url.hostname.replace(/\.$/, '');
  if (isIntranetHost(host)) return true;
  if (host.startsWith('[')) {
    const parts = ipv6Parts(host.slice(1, -1));
    return parts === null || isLocalIpv6(parts);
  }
  const v4 = /^(\d+)\.(\d+)\.\d+\.\d+$/.exec(host);
  return v4 ? isLocalIpv4(Number(v4[1]), Number(v4[2])) : false;
}

export interface GuardOptions {
  fetchImpl: typeof fetch;
  maxRedirects?: number;
  /**
   * Where the hop just fetched redirected to, when its answer hides it: a browser's answer to
   * `redirect: 'manual'` is opaque, and webRequest names the Location instead.
   */
  locationOf?: (hopUrl: string) => Promise<string | undefined>;
  /** Called before each further hop is fetched (the probe's tracker then watches it). */
  onHop?: (nextUrl: string) => void;
}

export type GuardedFetch =
  | { kind: 'response'; response: Response; url: string; redirects: string[] }
  /** Stopped at a redirect: to the local network, to where we cannot tell, or one too many. */
  | { kind: 'stopped'; why: 'local' | 'unknown' | 'too-many'; status?: number; url: string; redirects: string[] };

/**
 * Fetches `url` and follows its redirects one by one, each to a target outside the local network.
 * A redirect that may not be followed ends the fetch: its target is recorded, never requested.
 */
export async function fetchWithoutLocalRedirects(url: string, init: RequestInit, options: GuardOptions): Promise<GuardedFetch> {
  const { fetchImpl, maxRedirects = MAX_REDIRECTS } = options;
  const redirects: string[] = [];
  let current = url;
  for (let hop = 0; ; hop++) {
    const response = await fetchImpl(current, { ...init, redirect: 'manual' });
    if (!isRedirect(response)) return { kind: 'response', response, url: current, redirects };
    const status = response.status >= 300 ? response.status : undefined;
    await response.body?.cancel().catch(() => undefined);
    const header = response.headers.get('location');
    const location = header ?? (await options.locationOf?.(current));
    let next: string;
    try {
      next = new URL(location ?? '', current).href;
    } catch {
      return { kind: 'stopped', why: 'unknown', ...(status && { status }), url: current, redirects };
    }
    if (!location) return { kind: 'stopped', why: 'unknown', ...(status && { status }), url: current, redirects };
    redirects.push(next);
    if (isLocalTarget(next)) return { kind: 'stopped', why: 'local', ...(status && { status }), url: current, redirects };
    if (hop >= maxRedirects) return { kind: 'stopped', why: 'too-many', ...(status && { status }), url: current, redirects };
    options.onHop?.(next);
    current = next;
  }
}
