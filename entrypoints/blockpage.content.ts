import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { notableStatus } from '@/utils/blockpage/page-status';
import { scanDocument } from '@/utils/blockpage/scan';
import { slowPageTiming } from '@/utils/observe/page-timing';
import type { Payload } from '@/utils/ui-api/messages';

export default defineContentScript({
  matches: ['<all_urls>'],
  runAt: 'document_idle',
  allFrames: false,
  main() {
    const status = notableStatus();
    const signals = scanDocument(document);
    const timing = slowPageTiming();
    // An ordinary page sends nothing: the background is not woken for it.
    if (!signals && status === undefined && !timing) return;
    // The envelope by hand: the typed sendMessage would bring the schema library into every page.
    const payload: Payload<'blockpageCandidate'> = {
      signals: signals ?? [],
      ...(status !== undefined && { status }),
      ...(timing && { timing }),
    };
    void browser.runtime.sendMessage({ blockwatch: 'blockpageCandidate', payload }).catch(() => undefined);
  },
});
