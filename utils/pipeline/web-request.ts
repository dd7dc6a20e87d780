/**
 * What Blockwatch reads through webRequest where it holds it: always in Firefox, and in Chromium
 * only once the user grants the optional "deeper checks" (holding webRequest there makes Chromium
 * route every request of every page through the extension system, which costs every page).
 * It adds the exact network error of Blockwatch's own probe, the address that served a page, the
 * headers of filtering products, and redirects; in Firefox also page errors by name, HTTP 451 and certificate chains.
 */
import { browser } from 'wxt/browser';
import { suspicionFromAddress, suspicionFromHeaders, suspicionFromRedirect } from '../blockpage/evidence';
import { suspicionFromDnsAnswer } from '../classify/2-dns-answer';
import { directAnswer } from '../classify/direct-address';
import type { ProbeTracker } from '../confirm/probe';
import { withErrorName } from '../observe/firefox-errors';
import { suspicionFromError, suspicionFromResponse } from '../observe/suspicion';
import type { Suspicion } from '../storage/records';
import { watchCertificates, type SecurityInfoApi } from './firefox-certificates';

type Intake = (suspicion: Suspicion | null) => void;

/** The parts of `browser.webRequest` used here, so a build without it type-checks. */
type WebRequest = NonNullable<typeof browser.webRequest>;

let watching: WebRequest | null = null;

/** Whether webRequest is available to this extension right now (a granted optional permission counts). */
export function webRequestApi(): WebRequest | null {
  return (browser as { webRequest?: WebRequest }).webRequest ?? null;
}

/**
 * Registers the listeners once, when webRequest is available. Called synchronously at the start of
 * the worker (so its events can wake it) and again when the user grants the permission.
 */
export function watchWebRequest(tracker: ProbeTracker, intake: Intake, webRequest: WebRequest | null = webRequestApi()): boolean {
  if (!webRequest) return false;
  if (watching === webRequest) return true;
  watching = webRequest;
  tracker.listening = true;
  // The probes are the only requests without a tab: pages' own fetches never reach these listeners.
  const probes = { urls: ['<all_urls>'], types: ['xmlhttprequest' as const], tabId: -1 };
  const pages = { urls: ['<all_urls>'], types: ['main_frame' as const] };
  webRequest.onBeforeRequest.addListener((d) => void tracker.onBeforeRequest(d), probes);
  // Firefox words TLS failures as sentences in the user's language; they are named first.
  webRequest.onErrorOccurred.addListener((d) => tracker.onErrorOccurred(withErrorName(d)), probes);
  webRequest.onBeforeRedirect.addListener((d) => tracker.onBeforeRedirect(d), probes);
  // Only an address this computer's own lookup gave: never a proxy's (classify/direct-address.ts).
  webRequest.onResponseStarted.addListener((d) => tracker.onResponseStarted(directAnswer(d)), probes);
  // Probes follow redirects hop by hop; a manual redirect's Location is told only here.
  webRequest.onHeadersReceived.addListener((d) => void tracker.onHeadersReceived(d), probes, ['responseHeaders']);
  webRequest.onBeforeRedirect.addListener((d) => intake(suspicionFromRedirect(d)), pages);
  // A recorded block address names its fingerprint, then a filtering product's headers; any other
  // private address is a DNS answer to check.
  webRequest.onResponseStarted.addListener(
    (d) => {
      const answer = directAnswer(d);
      intake(suspicionFromAddress(answer) ?? suspicionFromHeaders(d) ?? suspicionFromDnsAnswer(answer));
    },
    pages,
    ['responseHeaders'],
  );
  const security = webRequest as unknown as Partial<SecurityInfoApi>;
  if (typeof security.getSecurityInfo === 'function') {
    // Firefox: its webNavigation names no network error, and its pages expose no response status.
    webRequest.onErrorOccurred.addListener((d) => intake(suspicionFromError(withErrorName(d))), pages);
    webRequest.onCompleted.addListener((d) => intake(suspicionFromResponse(d)), pages);
    watchCertificates(security as SecurityInfoApi, tracker, intake);
  }
  return true;
}

/** After the user withdrew the permission: the browser dropped the listeners with the API. */
export function forgetWebRequest(tracker: ProbeTracker, webRequest: WebRequest | null = webRequestApi()): void {
  if (webRequest) return;
  watching = null;
  tracker.listening = false;
}
