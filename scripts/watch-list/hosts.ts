/**
 * Turns the URLs of a Citizen Lab test list into the host names Blockwatch watches on secure pages:
 * lower case, ASCII (punycode), no `www.`, no port; IP literals and malformed rows are left out.
 */
import { domainToASCII } from 'node:url';

/**
 * The URLs of a test-list CSV in the given categories (`category_code`, its second field; the URL
 * and the code never hold a comma, later fields may).
 */
export function listUrls(csv: string, categories: readonly string[]): string[] {
  const [header = '', ...rows] = csv.split(/\r?\n/);
  if (!header.startsWith('url,category_code,')) throw new Error(`not a test list: the header is "${header.slice(0, 60)}"`);
  return rows
    .map((row) => row.split(','))
    .filter(([url, code]) => url?.trim() && categories.includes(code?.trim() ?? ''))
    .map(([url]) => url!.trim());
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** The host a row names, as a match pattern can hold it, or null when it names none. */
export function watchedHost(url: string): string | null {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return null;
  }
  if (!host || IPV4.test(host) || host.startsWith('[')) return null;
  const ascii = domainToASCII(host.replace(/\.$/, '')).replace(/^www\./, '');
  // A single label names no public site; `*.` would then match a whole top-level domain.
  return ascii.includes('.') ? ascii : null;
}

/** Each host once, sorted, with hosts already covered by a parent on the list left out. */
export function watchedHosts(urls: readonly string[]): string[] {
  const all = new Set(urls.map(watchedHost).filter((h): h is string => h !== null));
  const covered = (host: string) => {
    for (let dot = host.indexOf('.'); dot !== -1; dot = host.indexOf('.', dot + 1)) {
      if (all.has(host.slice(dot + 1))) return true;
    }
    return false;
  };
  return [...all].filter((h) => !covered(h)).sort();
}
