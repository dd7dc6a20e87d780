/**
 * The offscreen document's half of a fresh-partition round (see fresh-partition.ts): it loads
 * itself into a credentialless frame, whose new document has network state of its own, and times
 * the requested URLs from that frame, all at once.
 */
import { timeFetch, type TimingSample, type TimingScope } from './timed-fetch';
import type { TimingRequest } from './timing-request';

/** A credentialless frame of this same page, loaded: its document is a new network partition. */
export async function openFreshFrame(doc: Document, pageUrl: string): Promise<{ scope: TimingScope; close(): void }> {
  const frame = doc.createElement('iframe');
  frame.setAttribute('credentialless', '');
  // A navigated frame, not about:blank: an empty frame shares its parent's network state.
  frame.src = `${pageUrl.split(/[?#]/)[0]}?frame`;
  const loaded = new Promise<void>((resolve) => frame.addEventListener('load', () => resolve(), { once: true }));
  doc.body.append(frame);
  await loaded;
  const win = frame.contentWindow as (Window & typeof globalThis) | null;
  if (!win) throw new Error('the frame has no window');
  return { scope: { fetch: win.fetch.bind(win), performance: win.performance }, close: () => frame.remove() };
}

export async function measureRoundInFrame(doc: Document, pageUrl: string, request: TimingRequest): Promise<TimingSample[]> {
  const frame = await openFreshFrame(doc, pageUrl);
  try {
    return await Promise.all(request.urls.map((url) => timeFetch(url, frame.scope, { timeoutMs: request.timeoutMs })));
  } finally {
    frame.close();
  }
}
