/**
 * The one message between the background and the offscreen document that times a round, and the
 * document's checks of it. No schema library: the document bundles only what it needs.
 */

/** The key of the one message the offscreen document answers. */
export const TIMING_REQUEST = 'blockwatchTiming';

export interface TimingRequest {
  urls: string[];
  timeoutMs: number;
}

const MAX_URLS = 11;
const MAX_TIMEOUT_MS = 60_000;

/** The request, if the message is one: at most 11 http(s) URLs and a bounded time limit. */
export function readTimingRequest(message: unknown): TimingRequest | null {
  const request = (message as Record<string, unknown> | null)?.[TIMING_REQUEST] as Partial<TimingRequest> | undefined;
  if (!request || !Array.isArray(request.urls) || typeof request.timeoutMs !== 'number') return null;
  if (request.urls.length === 0 || request.urls.length > MAX_URLS) return null;
  if (!request.urls.every((u) => typeof u === 'string' && /^https?:\/\//i.test(u) && u.length <= 2048)) return null;
  return { urls: request.urls, timeoutMs: Math.min(Math.max(request.timeoutMs, 1_000), MAX_TIMEOUT_MS) };
}

/** Only the extension's own background may ask: never a web page through a content script. */
export function fromOwnBackground(
  sender: { id?: string; tab?: unknown; url?: string },
  extensionId: string,
  extensionOrigin: string,
): boolean {
  return sender.id === extensionId && sender.tab === undefined && (sender.url === undefined || sender.url.startsWith(extensionOrigin));
}
