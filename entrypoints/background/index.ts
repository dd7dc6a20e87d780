import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { MainFrameLog, pruneRecent, suspicionFromError, suspicionFromResponse } from '@/utils/detection';
import { createHandlers } from '@/utils/handlers';
import { dispatch } from '@/utils/messaging';
import { OUTAGE_ALARM } from '@/utils/outage';
import { intakeAutomatic, recoverOutage, resumePending, type PipelineDeps } from '@/utils/pipeline';
import { ProbeTracker } from '@/utils/probe';
import { browserLabel } from '@/utils/report';
import { FLUSH_ALARM, requestFlush } from '@/utils/sender';

const logFailure = (error: unknown) => console.warn('Blockwatch:', error);
const flush = () => void requestFlush().catch(logFailure);
const recover = (deps: PipelineDeps) => void recoverOutage(deps).catch(logFailure);

export default defineBackground(() => {
  const tracker = new ProbeTracker();
  const navigations = new MainFrameLog();
  const deps: PipelineDeps = {
    tracker,
    navigations,
    client: { version: browser.runtime.getManifest().version, browser: browserLabel(navigator.userAgent) },
    onQueued: flush,
    // A tab that is already gone cannot be shown to be a normal one: stay quiet about it.
    isPrivateTab: (tabId) => browser.tabs.get(tabId).then((tab) => tab.incognito, () => true),
  };
  // Pages' own fetches never reach these listeners: the probes are the only requests without a tab.
  const pages = { urls: ['<all_urls>'], types: ['main_frame' as const] };
  const probes = { urls: ['<all_urls>'], types: ['xmlhttprequest' as const], tabId: -1 };

  browser.webRequest.onBeforeRequest.addListener((d) => void navigations.record(d), pages);
  browser.webRequest.onBeforeRequest.addListener((d) => void tracker.onBeforeRequest(d), probes);
  browser.webRequest.onErrorOccurred.addListener((d) => void intakeAutomatic(suspicionFromError(d), deps).catch(logFailure), pages);
  browser.webRequest.onErrorOccurred.addListener((d) => tracker.onErrorOccurred(d), probes);
  browser.webRequest.onCompleted.addListener((d) => void intakeAutomatic(suspicionFromResponse(d), deps).catch(logFailure), pages);
  // A page that loads is the first sign the network is back after an outage.
  browser.webRequest.onCompleted.addListener(() => recover(deps), pages);
  browser.tabs.onRemoved.addListener((tabId) => navigations.forgetTab(tabId));

  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === FLUSH_ALARM) flush();
    if (alarm.name === OUTAGE_ALARM) recover(deps);
  });
  const handlers = createHandlers(flush);
  browser.runtime.onMessage.addListener((message) => dispatch(handlers, message));

  // Listening for browser start-up is what wakes the worker then, so reports queued before a
  // restart go out without waiting for the next page load.
  browser.runtime.onStartup.addListener(flush);
  browser.runtime.onInstalled.addListener(flush);

  // Every start of the worker picks up what a stopped one left: suspicions mid-probe, reports due.
  void (async () => {
    await pruneRecent().catch(() => undefined);
    await resumePending(deps);
    recover(deps);
    await requestFlush();
  })().catch(logFailure);
});
