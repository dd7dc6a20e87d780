/**
 * When the page's own words may count. The content script's candidate and the heuristic read
 * only what the page says, and any site can say it; so, without the user asking, a page flagged by
 * its own words is judged by them only when the way it was served also points away from the site.
 */
import type { Suspicion } from '../storage/records';
import type { ProbeResult } from '../confirm/probe';

function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname.replace(/\.$/, '');
  } catch {
    return null;
  }
}

/** An error status (the site did not serve its page), or a redirect that left the site's host. */
export function servedUnlikeTheSite(suspicion: Suspicion, result: ProbeResult): boolean {
  const status = result.status ?? 200;
  if (status < 200 || status >= 300) return true;
  const page = result.page;
  if (!page) return false;
  return [...page.redirects, page.finalUrl].some((url) => {
    const host = hostOf(url);
    return host !== null && host !== suspicion.host;
  });
}

/** Whether the heuristic may decide: the user asked, a signal from outside the page pointed at a notice, or the page's words are backed by how it was served. */
export function heuristicMayDecide(suspicion: Suspicion, result: ProbeResult): boolean {
  if (suspicion.trigger === 'manual') return true;
  if (!suspicion.blockpageSignal) return false;
  return suspicion.blockpageSignal !== 'page' || servedUnlikeTheSite(suspicion, result);
}
