/**
 * Where the content script runs, as the manifest states it. Chromium: every http:// page, where a
 * network can put a block page in place of a site, and the secure pages of the sites on the watch
 * list (data/secure-watch-list.json). A content script costs a few per cent of every page it runs
 * on, so every other https:// page runs none; the deeper checks register it for all of them
 * (utils/pipeline/secure-pages.ts). Firefox: every page, as before.
 */
import watchList from '../../data/secure-watch-list.json';
import { PLAIN_PAGES } from '../../utils/pipeline/secure-pages';

export { PLAIN_PAGES };

/** One pattern per watched host: the host and every name under it. */
export function securePagePatterns(hosts: readonly string[]): string[] {
  return hosts.map((host) => `https://*.${host}/*`);
}

export function contentScriptMatches(browser: string): string[] {
  return browser === 'firefox' ? ['<all_urls>'] : [PLAIN_PAGES, ...securePagePatterns(watchList.hosts)];
}
