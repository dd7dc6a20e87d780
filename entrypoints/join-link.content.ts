/**
 * On a collector's join page (`<endpoint>/join`), tells the background when the user clicks "Use
 * this collector in Blockwatch". It changes nothing on the page, so the page cannot tell whether
 * Blockwatch is installed; a click the page made up (`isTrusted` false) or a page without the
 * collector's marker is ignored. What opens is Blockwatch's own confirmation page.
 */
import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';

// Kept in step with utils/ui-api/join-link.ts, which the content script may not import.
const MARKER = 'meta[name="blockwatch-collector"]';
const BUTTON_ID = 'blockwatch-join';

export default defineContentScript({
  // `<endpoint>/join` on an https:// collector, or on this computer; any port.
  matches: [
    'https://*/join',
    'https://*/*/join',
    'http://localhost/join',
    'http://localhost/*/join',
    'http://127.0.0.1/join',
    'http://127.0.0.1/*/join',
  ],
  runAt: 'document_idle',
  main() {
    const onClick = (event: MouseEvent) => {
      if (!event.isTrusted || !(event.target instanceof Element) || !event.target.closest(`#${BUTTON_ID}`)) return;
      if (!document.querySelector(MARKER)) return;
      // One confirmation page per visit, however often the button is pressed.
      document.removeEventListener('click', onClick, true);
      void browser.runtime.sendMessage({ blockwatch: 'joinCollector', payload: {} }).catch(() => undefined);
    };
    document.addEventListener('click', onClick, true);
  },
});
