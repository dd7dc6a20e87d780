// The offscreen document of a throttling measurement: answers the background's one request.
import { browser } from 'wxt/browser';
import { measureRoundInFrame } from '@/utils/confirm/timing-page';
import { fromOwnBackground, readTimingRequest } from '@/utils/confirm/timing-request';

// The credentialless frame loads this same page; only the document itself answers.
if (window.top === window) {
  const origin = browser.runtime.getURL('/');
  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    const request = readTimingRequest(message);
    if (!request || !fromOwnBackground(sender, browser.runtime.id, origin)) return undefined;
    return measureRoundInFrame(document, location.href, request);
  });
}
