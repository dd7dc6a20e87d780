/**
 * Block pages end to end: the background's signals (a redirect to a known block host, a response
 * from a known block address or with a filtering product's headers, a candidate from the content
 * script) become suspicions, and the probe's own copy of the page decides, or hands its signs to
 * the comparison with the control (classify/page-comparison.ts). Nothing the page or the content
 * script says is trusted: only what the probe fetched itself is matched.
 */
import { matchHeuristic } from './heuristic';
import { summarise } from './compare';
import { recogniseDenial, type Denial } from './denials';
import { pageSigns } from './page-signs';
import type { PageSummary } from '../protocol/report-schema';
import { MAX_BLOCKPAGE_BYTES, MAX_BLOCKPAGE_LINKS, MAX_BLOCKPAGE_TEXT } from './limits';
import type { FrameAnswer, FrameCommit, FrameRedirect } from '../observe/browser-events';
import { suspectMainFrame } from '../observe/suspicion';
import {
  fingerprintById,
  fingerprintScope,
  matchAddress,
  matchBody,
  matchHeaders,
  matchRedirect,
  matchStatus,
  STRONG_CONFIDENCE,
  type FingerprintMatch,
} from './fingerprints';
import { pageShape } from './html-text';
import { heuristicMayDecide } from './page-words';
import { matchInterception, type InterceptionMatch } from './interception';
import type { ProbeResult } from '../confirm/probe';
import type { Suspicion } from '../storage/records';

/** How much of a probed page is read for matching. Block pages are small; articles are cut. */
export const PROBE_BODY_LIMIT = MAX_BLOCKPAGE_BYTES;

/** A main-frame redirect whose target is a recorded block host. */
export function suspicionFromRedirect(details: FrameRedirect, now = Date.now()): Suspicion | null {
  const match = matchRedirect(details.redirectUrl);
  if (!match) return null;
  return suspectMainFrame(details, { blockpageSignal: `redirect:${match.fingerprint}` }, now);
}

/**
 * A navigation that a server redirect landed on a recorded block host (webNavigation's
 * `onCommitted`, which in Chromium costs nothing for other pages: the browser filters it by host).
 * That event does not say where the navigation started, so the blocked site is read from the block
 * page's own address, where national block pages name it (`?rs=http://site/`, `?url=site`). A
 * redirect that does not name the site cannot be attributed without the deeper checks.
 */
export function suspicionFromCommittedRedirect(details: FrameCommit, now = Date.now()): Suspicion | null {
  if (!details.transitionQualifiers?.includes('server_redirect')) return null;
  const match = matchRedirect(details.url);
  if (!match) return null;
  const site = namedSite(details.url);
  if (!site) return null;
  return suspectMainFrame({ ...details, url: site }, { blockpageSignal: `redirect:${match.fingerprint}` }, now);
}

/** The first query value of a block page's address that is the address or name of another site. */
export function namedSite(blockUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(blockUrl);
  } catch {
    return null;
  }
  for (const value of url.searchParams.values()) {
    const candidate = /^https?:\/\//i.test(value) ? value : /^[a-z0-9-]+(\.[a-z0-9-]+)+\.?$/i.test(value) ? `http://${value}/` : null;
    if (!candidate) continue;
    try {
      const site = new URL(candidate);
      if ((site.protocol === 'http:' || site.protocol === 'https:') && site.hostname !== url.hostname && !/^[\d.]+$/.test(site.hostname)) {
        return `${site.origin}/`;
      }
    } catch {
      // not an address: try the next value
    }
  }
  return null;
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
export function suspicionFromAddress(details: FrameAnswer, now = Date.now()): Suspicion | null {
  if (matchRedirect(details.url)) return null; // the block host itself: the redirect names the site
  const match = servingAddressMatch(details.ip);
  if (!match) return null;
  return suspectMainFrame(details, { blockpageSignal: `address:${match.fingerprint}` }, now);
}

/**
 * The content script found a candidate. The tab and URL come from the browser's record of the
 * sender, never from the message; a page already on a recorded block host is reported under the
 * blocked site's own name, when its address names it, as the redirect that led there is.
 */
export function suspicionFromCandidate(
  sender: { tab?: { id?: number }; frameId?: number; url?: string },
  status?: number,
  now = Date.now(),
): Suspicion | null {
  if (sender.frameId !== 0 || sender.tab?.id === undefined || !sender.url) return null;
  const page = { frameId: 0, tabId: sender.tab.id, url: sender.url };
  const onBlockHost = matchRedirect(sender.url);
  if (onBlockHost) {
    // The block page names the site it stands for, where a host filter did not (not every recorded
    // block address has a host): the same suspicion as the redirect's, deduplicated with it.
    const site = namedSite(sender.url);
    return site ? suspectMainFrame({ ...page, url: site }, { blockpageSignal: `redirect:${onBlockHost.fingerprint}` }, now) : null;
  }
  // HTTP 451 is a block page by definition (RFC 7725); the page's own timing entry says so.
  return suspectMainFrame(page, status === 451 ? { httpStatus: 451 } : { blockpageSignal: 'page' }, now);
}

export interface PageCandidate {
  /** What pointed at a block page on the probe's copy (page-signs.ts): `blocking:vi`, `status:403`, `fp:<id>`, … */
  signs: string[];
  /** What decides where no control can: the heuristic's match, or null (silence). */
  alone: FingerprintMatch | null;
  /** A recorded fingerprint among the signs: reported as such when the control sees another page. */
  fingerprint?: FingerprintMatch;
  /** The page as the probe got it, to compare with the control's. */
  page: PageSummary;
}

export type ProbedBlockpage =
  | { kind: 'blockpage'; blockpage: FingerprintMatch }
  | { kind: 'tls_mitm'; interception: InterceptionMatch }
  /** A denial that is not censorship (denials.ts): never reported automatically. */
  | { kind: 'denial'; denial: Denial }
  /** Signs without proof: the control's copy decides, or the heuristic alone. */
  | { kind: 'candidate'; candidate: PageCandidate };

/**
 * Without webRequest the probe cannot see where a redirect leads, so it does not follow it. When the
 * browser itself was taken by a server redirect to a recorded block host, the probe being redirected
 * too reproduces it: the block host's own fingerprint names the page.
 */
function redirectSeenAgain(suspicion: Suspicion, page: NonNullable<ProbeResult['page']>): FingerprintMatch | null {
  const id = suspicion.blockpageSignal?.startsWith('redirect:') ? suspicion.blockpageSignal.slice('redirect:'.length) : null;
  return id && page.unfollowedRedirect ? fingerprintById(id, 'header') : null;
}

/**
 * What the probe's own load of the page shows, in order: proof (a recorded redirect, address,
 * header or body fingerprint, whatever else the page says, but for product and institution rows on
 * a recognised denial; HTTP 451), then denials that are not censorship, then signs that need the
 * control's copy to decide. Signs count only where something
 * already pointed at a block page or the user asked, so an ordinary page that merely failed once
 * is never judged by its words.
 */
export function classifyProbedPage(suspicion: Suspicion, result: ProbeResult): ProbedBlockpage | null {
  const page = result.page;
  if (!result.ok) return null;
  if (!page) {
    const status = matchStatus(result.status);
    return status ? { kind: 'blockpage', blockpage: status } : null;
  }
  const interception = matchInterception(page.issuers);
  if (interception) return { kind: 'tls_mitm', interception };
  const shape = pageShape(page.body);
  // A news article may link to a regulator's register or quote a block page's markup; what is in
  // the body counts only on a page shaped like a notice. Where the page came from always counts.
  const noticeShaped = shape.articleMarks === 0 && shape.text.length <= MAX_BLOCKPAGE_TEXT * 3 && shape.links <= MAX_BLOCKPAGE_LINKS * 4;
  const redirected =
    [...page.redirects, page.finalUrl].map(matchRedirect).find((m) => m !== null) ??
    servingAddressMatch(page.ip) ??
    redirectSeenAgain(suspicion, page);
  if (redirected) return { kind: 'blockpage', blockpage: redirected };
  const recorded = noticeShaped ? (strongest(matchHeaders(page.headers)) ?? matchBody(page.body)) : null;
  const denial = recogniseDenial({
    html: page.body,
    shape,
    headers: page.headers,
    ...(result.status !== undefined && { status: result.status }),
  });
  // National and provider block pages are reported whatever else they say. The datasets also record
  // filtering products and institutions' filters as they met them, among them CDN and WAF products
  // (Sucuri, DDoS-Guard) and bare "Access Denied" titles: a page recognised as a denial that is not
  // censorship stays one, whichever of those rows it also shows.
  if (recorded && !(denial && /^(prod|inst|vbw)$/.test(fingerprintScope(recorded.fingerprint) ?? '')))
    return { kind: 'blockpage', blockpage: recorded };
  // HTTP 451 is a block page by definition (RFC 7725), unless the publisher says it keeps the page
  // from the visitor's country itself.
  const status = matchStatus(result.status);
  if (status && denial?.family !== 'geo_restriction') return { kind: 'blockpage', blockpage: status };
  if (denial) return { kind: 'denial', denial };
  const pointed = Boolean(suspicion.blockpageSignal) || suspicion.httpStatus !== undefined || suspicion.trigger === 'manual';
  const summary = summarise(result);
  // Only a page shaped like a notice is compared: an article that links to a regulator or quotes a
  // block page's markup is the site's own, and is never shown to the collector.
  if (!pointed || !summary || !noticeShaped) return null;
  const found = pageSigns({
    html: page.body,
    shape,
    headers: page.headers,
    finalUrl: page.finalUrl,
    noticeShaped,
    ...(result.status !== undefined && { status: result.status }),
  });
  if (found.signs.length === 0) return null;
  return {
    kind: 'candidate',
    candidate: {
      signs: found.signs,
      // Alone, without the control's copy, a page's own words decide only when how it was served backs them.
      alone: heuristicMayDecide(suspicion, result) ? matchHeuristic(shape) : null,
      page: summary,
      ...(found.fingerprint && { fingerprint: found.fingerprint }),
    },
  };
}

/** A header match is proof only when strong: vague rows are hints (page-signs.ts). */
function strongest(match: FingerprintMatch | null): FingerprintMatch | null {
  return match && (match.confidence ?? 0) >= STRONG_CONFIDENCE ? match : null;
}

/**
 * Deeper checks only (webRequest's `responseHeaders` of a main frame): a response whose headers
 * carry a recorded fingerprint of a filtering product (`Server`, `Via`, `X-App-Url`). The page may
 * say nothing the content script can see; the probe's own copy decides.
 */
export function suspicionFromHeaders(
  details: FrameAnswer & { responseHeaders?: { name: string; value?: string }[] },
  now = Date.now(),
): Suspicion | null {
  const headers = (details.responseHeaders ?? []).filter((h) => h.name.toLowerCase() !== 'location');
  const match = headers.length > 0 ? matchHeaders(headers) : null;
  if (!match) return null;
  return suspectMainFrame(details, { blockpageSignal: `header:${match.fingerprint}` }, now);
}
