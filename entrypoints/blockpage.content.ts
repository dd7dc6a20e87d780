import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { scanDocument } from '@/utils/blockpage/scan';
import type { Payload } from '@/utils/ui-api/messages';

export default defineContentScript({
  matches: ['<all_urls>'],
  runAt: 'document_idle',
  allFrames: false,
  main() {
    const signals = scanDocument(document);
    if (!signals) return;
    // The envelope by hand: the typed sendMessage would bring the schema library into every page.
    const payload: Payload<'blockpageCandidate'> = { signals };
    void browser.runtime.sendMessage({ blockwatch: 'blockpageCandidate', payload }).catch(() => undefined);
  },
});
