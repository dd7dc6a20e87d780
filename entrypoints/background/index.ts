import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { pruneRecent, suspicionFromError, suspicionFromResponse } from '@/utils/detection';
import { createHandlers } from '@/utils/handlers';
import { dispatch } from '@/utils/messaging';
import { intakeAutomatic, resumePending, type PipelineDeps } from '@/utils/pipeline';
import { ProbeTracker } from '@/utils/probe';
import { browserLabel } from '@/utils/report';
import { FLUSH_ALARM, requestFlush } from '@/utils/sender';

export default defineBackground(() => {
  const tracker = new ProbeTracker();
  const deps: PipelineDeps = {
    tracker,
    client: { version: browser.runtime.getManifest().version, browser: browserLabel(navigator.userAgent) },
    onQueued: () => void requestFlush(),
  };
  const everywhere = { urls: ['<all_urls>'] };

  browser.webRequest.onBeforeRequest.addListener((d) => void tracker.onBeforeRequest(d), { ...everywhere, types: ['xmlhttprequest'] });
  browser.webRequest.onErrorOccurred.addListener(
    (d) => {
      tracker.onErrorOccurred(d);
      void intakeAutomatic(suspicionFromError(d), deps);
    },
    { ...everywhere, types: ['main_frame', 'xmlhttprequest'] },
  );
  browser.webRequest.onCompleted.addListener((d) => void intakeAutomatic(suspicionFromResponse(d), deps), {
    ...everywhere,
    types: ['main_frame'],
  });

  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === FLUSH_ALARM) void requestFlush();
  });
  browser.runtime.onMessage.addListener((message) => dispatch(createHandlers(() => void requestFlush()), message));

  // Every start of the worker picks up what a stopped one left: suspicions mid-probe, reports due.
  void (async () => {
    await pruneRecent().catch(() => undefined);
    await resumePending(deps);
    await requestFlush();
  })();
});
