/**
 * A page the content script found slow becomes a suspicion of throttling. The timing is the page's
 * word, checked again here; it only asks for a measurement, which Blockwatch then makes itself.
 */
import type { Suspicion } from '../storage/records';
import { isSlowPage, type PageTiming } from './page-timing';
import { suspectMainFrame } from './suspicion';

export function suspicionFromSlowPage(
  sender: { tab?: { id?: number }; frameId?: number; url?: string },
  timing: PageTiming | undefined,
  now = Date.now(),
): Suspicion | null {
  if (!timing || !isSlowPage(timing)) return null;
  if (sender.frameId !== 0 || sender.tab?.id === undefined || !sender.url) return null;
  // Only a page fetched over TLS can show a throttled handshake to the background's measurement.
  if (!sender.url.startsWith('https:')) return null;
  const suspicion = suspectMainFrame({ frameId: 0, tabId: sender.tab.id, url: sender.url }, {}, now);
  return suspicion && { ...suspicion, pageTiming: { ...timing } };
}
