/**
 * Block pages end to end: the background's signals (a redirect to a known block host, a response
 * from a known block address, a candidate from the content script) become suspicions, and the
 * probe's own copy of the page decides. Nothing the page or the content script says is trusted:
 * only what the probe fetched itself is matched.
 */
import { matchHeuristic } from './blockpage-heuristic';
import { MAX_BLOCKPAGE_LINKS, MAX_BLOCKPAGE_TEXT } from './blockpage-limits';
import { suspectMainFrame, type Suspicion } from './detection';
import { matchAddress, matchBody, matchHeaders, matchRedirect, matchStatus, type FingerprintMatch } from './fingerprints';
import { pageShape } from './html-text';
import { heuristicMayDecide } from './page-words';
import { matchInterception, type InterceptionMatch } from './interception';
import type { ProbeResult } from './probe';

/** How much of a probed page is read for matching. Block pages are small; articles are cut. */
export const PROBE_BODY_LIMIT = 256 * 1024;

interface MainFrameDetails {
  type: string;
  tabId: number;
  url: string;
  timeStamp?: number;
}

/** A main-frame redirect whose target is a recorded block host. */
export function suspicionFromRedirect(details: MainFrameDetails & { redirectUrl: string }, now = Date.now()): Suspicion | null {
  const match = matchRedirect(details.redirectUrl);
  if (!match) return null;
  return suspectMainFrame(details, { blockpageSignal: `redirect:${match.fingerprint}` }, now);
}

/**
 * The address that answered, as a block-page signal. Loopback and unspecified addresses are left
 * out: the recorded DNS answers include them (a sinkhole), but an answer from this very machine is
 * a local proxy or VPN client as often as a sinkhole; whether the name resolved there is for the
 * DNS check to say.
 */
function servingAddressMatch(ip: string | undefined) {
  const plain = ip?.replace(/^\[|\]$/g, '').toLowerCase() ?? '';
  if (/^(127\.|0\.0\.0\.0$)|^(::1|::|::ffff:127\..*)$/.test(plain)) return null;
  return matchAddress(plain);
}

/** A main-frame response served from a recorded block address (webRequest's `ip`). */
export function suspicionFromAddress(details: MainFrameDetails & { ip?: string }, now = Date.now()): Suspicion | null {
  if (matchRedirect(details.url)) return null; // the block host itself: the redirect names the site
  const match = servingAddressMatch(details.ip);
  if (!match) return null;
  return suspectMainFrame(details, { blockpageSignal: `address:${match.fingerprint}` }, now);
}

/**
 * The content script found a candidate. The tab and URL come from the browser's record of the
 * sender, never from the message; a page already on a recorded block host was reported through
 * the redirect that led there, under the blocked site's own name.
 */
export function suspicionFromCandidate(sender: { tab?: { id?: number }; frameId?: number; url?: string }, now = Date.now()): Suspicion | null {
  if (sender.frameId !== 0 || sender.tab?.id === undefined || !sender.url) return null;
  if (matchRedirect(sender.url)) return null;
  return suspectMainFrame({ type: 'main_frame', tabId: sender.tab.id, url: sender.url }, { blockpageSignal: 'page' }, now);
}

export interface ProbedBlockpage {
  kind: 'blockpage' | 'tls_mitm';
  blockpage?: FingerprintMatch;
  interception?: InterceptionMatch;
}

/**
 * What the probe's own load of the page shows. Recorded fingerprints always count; the heuristic
 * only where something already pointed at a block page, so an ordinary page that merely failed
 * once is never judged by vocabulary.
 */
export function classifyProbedPage(suspicion: Suspicion, result: ProbeResult): ProbedBlockpage | null {
  const page = result.page;
  if (!result.ok || !page) return null;
  const interception = matchInterception(page.issuers);
  if (interception) return { kind: 'tls_mitm', interception };
  const shape = pageShape(page.body);
  // A news article may link to a regulator's register or quote a block page's markup; what is in
  // the body counts only on a page shaped like a notice. Where the page came from always counts.
  const noticeShaped = shape.articleMarks === 0 && shape.text.length <= MAX_BLOCKPAGE_TEXT * 3 && shape.links <= MAX_BLOCKPAGE_LINKS * 4;
  const found =
    matchStatus(result.status) ??
    [...page.redirects, page.finalUrl].map(matchRedirect).find((m) => m !== null) ??
    servingAddressMatch(page.ip) ??
    (noticeShaped ? (matchHeaders(page.headers) ?? matchBody(page.body)) : null) ??
    (heuristicMayDecide(suspicion, result) ? matchHeuristic(shape) : null);
  return found ? { kind: 'blockpage', blockpage: found } : null;
}

