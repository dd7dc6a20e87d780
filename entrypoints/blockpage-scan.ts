import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { NOTABLE_STATUSES, pageBytes, pageStatus } from '@/utils/blockpage/page-status';
import { scanDocument } from '@/utils/blockpage/scan';
import { slowPageTiming } from '@/utils/observe/page-timing';
import type { Payload } from '@/utils/ui-api/messages';

/** The one call this script makes into the extension system, typed for what it sends. */
interface MessagingApi {
  runtime: { sendMessage(message: unknown): Promise<unknown> };
}

/**
 * The content script, registered in the manifest by wxt.config.ts (top frame of every page, at
 * document_idle). An unlisted script rather than a WXT content script: WXT's content-script context
 * (location watching, replacing an older copy after an update) would double what every page loads.
 */
export default defineUnlistedScript({
  main() {
    const status = pageStatus();
    const signals = scanDocument(document, status, pageBytes());
    const timing = slowPageTiming();
    // HTTP 451 always; 403 only on a short page, where the scan counted it as a sign.
    const notable = status !== undefined && (NOTABLE_STATUSES.has(status) || signals?.includes('status')) ? status : undefined;
    // An ordinary page sends nothing: the background is not woken for it.
    if (!signals && notable === undefined && !timing) return;
    // The envelope by hand: the typed sendMessage would bring the schema library into every page.
    const payload: Payload<'blockpageCandidate'> = {
      signals: signals ?? [],
      ...(notable !== undefined && { status: notable }),
      ...(timing && { timing }),
    };
    try {
      // The browser's own object, looked up only when there is something to send: no polyfill in
      // every page, since Chromium's MV3 and Firefox both answer sendMessage with a promise.
      const api = ((globalThis as { browser?: MessagingApi }).browser ?? (globalThis as { chrome?: MessagingApi }).chrome)!;
      void api.runtime.sendMessage({ blockwatch: 'blockpageCandidate', payload }).catch(() => undefined);
    } catch {
      // The extension was reloaded under the page: nobody is listening.
    }
  },
});
