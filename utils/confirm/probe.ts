import { fetchWithoutLocalRedirects } from '../protocol/redirect-guard';

/**
 * The confirmation fetch. `fetch` itself only says "Failed to fetch"; the exact network error of
 * the probe's own request comes from a webRequest listener through the tracker, where the browser
 * lets Blockwatch hold webRequest (Firefox, or Chromium with the deeper checks granted). Without
 * it the probe still knows whether it failed, timed out or loaded, and what it loaded.
 */

export interface ProbeResult {
  ok: boolean;
  status?: number;
  error?: string;
  timedOut?: boolean;
  ms: number;
  /** What the probe saw of a page that loaded, for matching block pages; never reported as is. */
  page?: ProbedPage;
}

export interface ProbedPage {
  /** The first `maxBodyBytes` of the body, decoded. */
  body: string;
  /** How many bytes of the body were read (at most `maxBodyBytes`): what a control's page is compared by. */
  bytes?: number;
  finalUrl: string;
  headers: { name: string; value: string }[];
  /** Every URL the request was redirected to, in order, as webRequest saw them. */
  redirects: string[];
  /** The address that answered, when webRequest named it. */
  ip?: string;
  /** Certificate issuers of the connection, where the browser exposes them (Firefox). */
  issuers?: string[];
  /** The site answered with a redirect whose target only webRequest could have named: not followed. */
  unfollowedRedirect?: boolean;
}

export interface RequestEvent {
  requestId: string;
  url: string;
  tabId: number;
}

export interface RequestErrorEvent extends RequestEvent {
  error: string;
}

interface Pending {
  url: string;
  requestId?: string;
  error?: string;
  notify?: () => void;
  redirects: string[];
  ip?: string;
  issuers?: string[];
  /** Where the current hop redirected to, as webRequest saw it (fetch hides it from a manual redirect). */
  location?: string;
}

/** As the request goes out: fetch never sends the fragment, so webRequest never shows it. */
function normalise(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.hash = '';
    return parsed.href;
  } catch {
    return url;
  }
}

export class ProbeTracker {
  private readonly waiting: Pending[] = [];
  private readonly byRequest = new Map<string, Pending>();

  /** `listening`: webRequest listeners feed the tracker; without them no error will ever be named. */
  constructor(public listening = false) {}

  watch(url: string): Pending {
    const pending: Pending = { url: normalise(url), redirects: [] };
    this.waiting.push(pending);
    return pending;
  }

  release(pending: Pending): void {
    const index = this.waiting.indexOf(pending);
    if (index >= 0) this.waiting.splice(index, 1);
    if (pending.requestId) this.byRequest.delete(pending.requestId);
  }

  /** Background requests (no tab) for a watched URL are the probe's own. */
  onBeforeRequest(details: RequestEvent): void {
    if (details.tabId !== -1 || this.byRequest.has(details.requestId)) return;
    const url = normalise(details.url);
    const pending = this.waiting.find((p) => p.url === url && p.requestId === undefined);
    if (!pending) return;
    pending.requestId = details.requestId;
    this.byRequest.set(details.requestId, pending);
  }

  onErrorOccurred(details: RequestErrorEvent): void {
    const pending = this.byRequest.get(details.requestId);
    if (!pending) return;
    pending.error = details.error;
    pending.notify?.();
  }

  onBeforeRedirect(details: { requestId: string; redirectUrl: string }): void {
    const pending = this.byRequest.get(details.requestId);
    if (!pending) return;
    pending.redirects.push(details.redirectUrl);
    pending.location = details.redirectUrl;
  }

  /** A redirect's Location, for the browsers that send no onBeforeRedirect for a manual one. */
  onHeadersReceived(details: { requestId: string; statusCode: number; responseHeaders?: { name: string; value?: string }[] }): void {
    const pending = this.byRequest.get(details.requestId);
    const value = details.responseHeaders?.find((h) => h.name.toLowerCase() === 'location')?.value;
    if (!pending || !value || details.statusCode < 300 || details.statusCode >= 400) return;
    try {
      pending.location = new URL(value, pending.url).href;
    } catch {
      // An unusable Location is no redirect to follow.
    }
  }

  /** The probe follows a redirect itself: the same watch now waits for the next hop's request. */
  follow(pending: Pending, url: string): void {
    if (pending.requestId) this.byRequest.delete(pending.requestId);
    Object.assign(pending, {
      url: normalise(url),
      requestId: undefined,
      error: undefined,
      ip: undefined,
      issuers: undefined,
      location: undefined,
    });
  }

  /** Where the current hop redirected to; webRequest may tell a moment after fetch answered. */
  async locationOf(pending: Pending, waitMs: number): Promise<string | undefined> {
    // Without webRequest nobody will tell: the redirect is not followed (redirect-guard.ts).
    if (!this.listening) return pending.location;
    for (let waited = 0; pending.location === undefined && waited < waitMs; waited += 20) await new Promise((r) => setTimeout(r, 20));
    return pending.location;
  }

  onResponseStarted(details: { requestId: string; ip?: string }): void {
    const pending = this.byRequest.get(details.requestId);
    if (pending && details.ip) pending.ip = details.ip;
  }

  /** Firefox only: the issuers of the certificate chain the probe's connection presented. */
  onSecurityInfo(requestId: string, issuers: string[]): void {
    const pending = this.byRequest.get(requestId);
    if (pending) pending.issuers = issuers;
  }

  /** The error of the watched request; it may arrive just before or after fetch rejects. */
  async errorOf(pending: Pending, waitMs: number): Promise<string | undefined> {
    if (pending.error !== undefined || !this.listening) return pending.error;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, waitMs);
      pending.notify = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    return pending.error;
  }
}

export interface ProbeOptions {
  timeoutMs: number;
  tracker: ProbeTracker;
  fetchImpl?: typeof fetch;
  /** How long to wait for webRequest to name the error after fetch rejected. */
  errorWaitMs?: number;
  /** Read up to this many bytes of a loaded page, for block-page matching; 0 reads none. */
  maxBodyBytes?: number;
}

/** A bounded read: a huge or endless body costs at most `limit` bytes and the probe's timeout. */
async function readBounded(response: Response, limit: number): Promise<{ text: string; bytes: number }> {
  const reader = response.body?.getReader();
  if (!reader) return { text: '', bytes: 0 };
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value.subarray(0, limit - size));
      size += Math.min(value.byteLength, limit - size);
    }
  } catch {
    // What arrived before the failure is still evidence.
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  // Many block pages in the region are windows-1251 and say so only in a <meta> tag.
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 2048));
  const charset =
    /charset=["']?([\w-]+)/i.exec(response.headers.get('content-type') ?? '')?.[1] ??
    /<meta[^>]{0,200}charset=["']?([\w-]+)/i.exec(head)?.[1];
  try {
    return { text: new TextDecoder(charset ?? 'utf-8').decode(bytes), bytes: size };
  } catch {
    return { text: new TextDecoder('utf-8').decode(bytes), bytes: size };
  }
}

export async function probe(url: string, options: ProbeOptions): Promise<ProbeResult> {
  const { timeoutMs, tracker, fetchImpl = fetch, errorWaitMs = 2_000, maxBodyBytes = 0 } = options;
  const pending = tracker.watch(url);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    // Hop by hop: a redirect into the local network is recorded, never requested (redirect-guard.ts).
    const hops = await fetchWithoutLocalRedirects(
      url,
      { method: 'GET', credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer', signal: controller.signal },
      { fetchImpl, locationOf: () => tracker.locationOf(pending, 500), onHop: (next) => tracker.follow(pending, next) },
    );
    const redirects = [...new Set([...pending.redirects, ...hops.redirects])];
    // As the browser itself would have failed the request.
    if (hops.kind === 'stopped' && hops.why === 'too-many') return { ok: false, error: 'net::ERR_TOO_MANY_REDIRECTS', ms: elapsed() };
    if (hops.kind === 'stopped') {
      const unfollowed = hops.why === 'unknown' ? { unfollowedRedirect: true } : {};
      const page = maxBodyBytes > 0 ? { page: { body: '', finalUrl: hops.url, headers: [], redirects, ...unfollowed } } : {};
      return { ok: true, ...(hops.status !== undefined && { status: hops.status }), ms: elapsed(), ...page };
    }
    const response = hops.response;
    const ms = elapsed();
    if (maxBodyBytes <= 0) {
      await response.body?.cancel().catch(() => undefined);
      return { ok: true, status: response.status, ms };
    }
    const { text: body, bytes } = await readBounded(response, maxBodyBytes);
    const page: ProbedPage = {
      body,
      bytes,
      finalUrl: response.url || hops.url,
      headers: [...response.headers].map(([name, value]) => ({ name, value })),
      redirects,
      ...(pending.ip && { ip: pending.ip }),
      ...(pending.issuers && { issuers: pending.issuers }),
    };
    return { ok: true, status: response.status, ms, page };
  } catch {
    const ms = elapsed();
    if (controller.signal.aborted) return { ok: false, timedOut: true, ms };
    const error = await tracker.errorOf(pending, errorWaitMs);
    return { ok: false, ms, ...(error !== undefined && { error }) };
  } finally {
    clearTimeout(timer);
    tracker.release(pending);
  }
}
