/**
 * The confirmation fetch. `fetch` itself only says "Failed to fetch"; the exact network error of
 * the probe's own request comes from the background's webRequest listener through the tracker.
 */

export interface ProbeResult {
  ok: boolean;
  status?: number;
  error?: string;
  timedOut?: boolean;
  ms: number;
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

  watch(url: string): Pending {
    const pending: Pending = { url: normalise(url) };
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

  /** The error of the watched request; it may arrive just before or after fetch rejects. */
  async errorOf(pending: Pending, waitMs: number): Promise<string | undefined> {
    if (pending.error !== undefined) return pending.error;
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
}

export async function probe(url: string, options: ProbeOptions): Promise<ProbeResult> {
  const { timeoutMs, tracker, fetchImpl = fetch, errorWaitMs = 2_000 } = options;
  const pending = tracker.watch(url);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const response = await fetchImpl(url, {
      method: 'GET',
      credentials: 'omit',
      cache: 'no-store',
      redirect: 'follow',
      referrerPolicy: 'no-referrer',
      signal: controller.signal,
    });
    const ms = elapsed();
    await response.body?.cancel().catch(() => undefined);
    return { ok: true, status: response.status, ms };
  } catch {
    const ms = elapsed();
    if (controller.signal.aborted) return { ok: false, timedOut: true, ms };
    const error = await tracker.errorOf(pending, errorWaitMs);
    return { ok: false, error: error ?? 'unknown', ms };
  } finally {
    clearTimeout(timer);
    tracker.release(pending);
  }
}
