/**
 * Runs one round of timed requests in a fresh network partition, so that every request opens a
 * new connection, as a first visit would, and shows its TLS handshake. The browser keeps a
 * connection open for minutes and reuses it (an HTTP/2 one for every request to that site), so
 * repeated requests from the background itself would time one handshake and then none.
 *
 * In Chromium an offscreen document holds a credentialless frame; such a frame gets network state
 * of its own, connections included, for each new document. The document is made for one
 * round and closed after it, so its timing entries go with it. Where the browser has no offscreen
 * documents (Firefox) there is no such round, and throttling is not confirmed.
 */
import { browser } from 'wxt/browser';
import { TimingSampleSchema } from '../protocol/report-schema';
import type { TimingSample } from './timed-fetch';
import { TIMING_REQUEST, type TimingRequest } from './timing-request';

export const TIMING_PAGE = '/timing.html' as const;
interface OffscreenApi {
  createDocument(parameters: { url: string; reasons: string[]; justification: string }): Promise<void>;
  closeDocument(): Promise<void>;
}

function offscreenApi(): OffscreenApi | undefined {
  const api = (globalThis as { chrome?: { offscreen?: Partial<OffscreenApi> } }).chrome?.offscreen;
  return typeof api?.createDocument === 'function' && typeof api.closeDocument === 'function' ? (api as OffscreenApi) : undefined;
}

export function freshPartitionsAvailable(): boolean {
  return offscreenApi() !== undefined;
}

const SamplesSchema = TimingSampleSchema.array().max(11);

// One offscreen document at a time is all the browser allows: rounds wait for each other.
let running: Promise<unknown> = Promise.resolve();

async function askDocument(request: TimingRequest): Promise<unknown> {
  // The document's listener is registered as its script runs; give a slow start a few tries.
  for (let attempt = 0; ; attempt++) {
    try {
      return await browser.runtime.sendMessage({ [TIMING_REQUEST]: request });
    } catch (error) {
      if (attempt >= 10) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

async function roundInDocument(api: OffscreenApi, request: TimingRequest): Promise<TimingSample[] | null> {
  // A document left behind by a worker that was stopped mid-round would block the new one.
  await api.closeDocument().catch(() => undefined);
  await api.createDocument({
    url: browser.runtime.getURL(TIMING_PAGE),
    reasons: ['IFRAME_SCRIPTING'],
    justification: 'Times a site from a fresh network partition (a credentialless frame) to confirm that it is throttled.',
  });
  try {
    const parsed = SamplesSchema.safeParse(await askDocument(request));
    return parsed.success && parsed.data.length === request.urls.length ? parsed.data : null;
  } finally {
    await api.closeDocument().catch(() => undefined);
  }
}

/** One round: every URL timed once, together, on new connections; null where that cannot be done. */
export function measureInFreshPartition(urls: string[], timeoutMs: number): Promise<TimingSample[] | null> {
  const api = offscreenApi();
  if (!api) return Promise.resolve(null);
  const round = running.then(
    () => roundInDocument(api, { urls, timeoutMs }).catch(() => null),
    () => roundInDocument(api, { urls, timeoutMs }).catch(() => null),
  );
  running = round;
  return round;
}
