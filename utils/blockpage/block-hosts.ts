/**
 * The host names that recorded redirect fingerprints send blocked sites to. Chromium matches a
 * navigation's URL against these filters itself, so the background hears only of navigations
 * that land on a block host, and nothing of the pages people normally visit.
 */
import { FINGERPRINT_ROWS } from './fingerprint-data';

function hostOf(pattern: string): string | null {
  const match = /^(?:[a-z]+:)?\/\/([^/:?#]+)/i.exec(pattern.trim()) ?? /^[a-z]+:\/\/([^/:?#]+)/i.exec(pattern);
  return match?.[1] ? match[1].toLowerCase().replace(/\.$/, '') : null;
}

export function blockHosts(rows = FINGERPRINT_ROWS): string[] {
  const hosts = new Set<string>();
  for (const [, family, field, , pattern] of rows) {
    if (family !== 'header' || field !== 'location') continue;
    const host = hostOf(pattern.replace(/^[^:]*?(?=:\/\/)/, 'http'));
    if (host) hosts.add(host);
  }
  return [...hosts].sort();
}

/** For `webNavigation.onCommitted.addListener(fn, { url: blockHostFilters() })`. */
export function blockHostFilters(rows = FINGERPRINT_ROWS): { hostEquals: string }[] {
  return blockHosts(rows).map((host) => ({ hostEquals: host }));
}
