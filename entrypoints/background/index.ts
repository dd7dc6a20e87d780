import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { suspicionFromAddress, suspicionFromRedirect } from '@/utils/blockpage';
import { suspicionFromDnsAnswer } from '@/utils/dns-answer';
import { NetworkWatch } from '@/utils/connectivity';
import { MainFrameLog, pruneRecent, suspectMainFrame, suspicionFromError, suspicionFromResponse } from '@/utils/detection';
import { createHandlers } from '@/utils/handlers';
import { chainNames, matchInterception, type SecurityInfoLike } from '@/utils/interception';
import { dispatch } from '@/utils/messaging';
import { OUTAGE_ALARM } from '@/utils/outage';
import { intakeAutomatic, recoverOutage, resumePending, type PipelineDeps } from '@/utils/pipeline';
import { ProbeTracker } from '@/utils/probe';
import { browserLabel } from '@/utils/report';
import { REFUSED_KEY } from '@/utils/queue';
import { refreshQueueWarning } from '@/utils/queue-warning';
import { FLUSH_ALARM, requestFlush } from '@/utils/sender';
import { findingFromReport, forgetTab, onTabNavigated, recordFinding, type BadgeApi } from '@/utils/tab-state';

const logFailure = (error: unknown) => console.warn('Blockwatch:', error);
const flush = () => void requestFlush().catch(logFailure);
const recover = (deps: PipelineDeps) => void recoverOutage(deps).catch(logFailure);

export default defineBackground(() => {
  const tracker = new ProbeTracker();
  const navigations = new MainFrameLog();
  // MV3 has `action`; Firefox's MV2 build calls the same button `browserAction`.
  const badge: BadgeApi = browser.action ?? browser.browserAction;
  const deps: PipelineDeps = {
    tracker,
    navigations,
    client: { version: browser.runtime.getManifest().version, browser: browserLabel(navigator.userAgent) },
    onQueued: (entry, suspicion) => {
      flush();
      if (suspicion) void recordFinding(suspicion.tabId, findingFromReport(entry), badge).catch(logFailure);
    },
    // A tab that is already gone cannot be shown to be a normal one: stay quiet about it.
    isPrivateTab: (tabId) => browser.tabs.get(tabId).then((tab) => tab.incognito, () => true),
  };
  // Pages' own fetches never reach these listeners: the probes are the only requests without a tab.
  const pages = { urls: ['<all_urls>'], types: ['main_frame' as const] };
  const probes = { urls: ['<all_urls>'], types: ['xmlhttprequest' as const], tabId: -1 };

  // Listeners for pages are few on purpose: each one costs the browser a dispatch and the worker a
  // wake-up for every page the user loads.
  const network = new NetworkWatch(flush);
  browser.webRequest.onBeforeRequest.addListener((d) => {
    navigations.record(d);
    // The tab's badge follows it: kept on the same site, cleared when the tab moves to another.
    void onTabNavigated(d.tabId, d.url, badge).catch(logFailure);
    return undefined;
  }, pages);
  browser.webRequest.onBeforeRequest.addListener((d) => void tracker.onBeforeRequest(d), probes);
  browser.webRequest.onErrorOccurred.addListener((d) => void intakeAutomatic(suspicionFromError(d), deps).catch(logFailure), pages);
  browser.webRequest.onErrorOccurred.addListener((d) => tracker.onErrorOccurred(d), probes);
  browser.webRequest.onCompleted.addListener((d) => {
    void intakeAutomatic(suspicionFromResponse(d), deps).catch(logFailure);
    // A page that loads is the first sign the network is back: after an outage, and for reports
    // that could not reach the collector (a Chromium service worker gets no dependable `online`).
    recover(deps);
    void network.pageLoaded(d).catch(logFailure);
  }, pages);
  browser.tabs.onRemoved.addListener((tabId) => navigations.forgetTab(tabId));
  // Block pages: a redirect to a recorded block host, an answer from a recorded block address.
  browser.webRequest.onBeforeRedirect.addListener((d) => void intakeAutomatic(suspicionFromRedirect(d), deps).catch(logFailure), pages);
  // A recorded block address names its fingerprint; any other private address is a DNS answer to check.
  browser.webRequest.onResponseStarted.addListener(
    (d) => void intakeAutomatic(suspicionFromAddress(d) ?? suspicionFromDnsAnswer(d), deps).catch(logFailure),
    pages,
  );
  browser.webRequest.onBeforeRedirect.addListener((d) => tracker.onBeforeRedirect(d), probes);
  browser.webRequest.onResponseStarted.addListener((d) => tracker.onResponseStarted(d), probes);
  // Probes follow redirects hop by hop; a manual redirect's Location is told only here.
  browser.webRequest.onHeadersReceived.addListener((d) => void tracker.onHeadersReceived(d), probes, ['responseHeaders']);
  // Firefox alone lets an extension read a connection's certificate chain.
  const firefox = browser.webRequest as { getSecurityInfo?: (id: string, o: object) => Promise<SecurityInfoLike> };
  if (typeof firefox.getSecurityInfo === 'function') {
    const inspect = (d: { requestId: string; type: string; tabId: number; url: string; timeStamp?: number }) => {
      void firefox.getSecurityInfo!(d.requestId, { certificateChain: true })
        .then((info) => {
          const names = chainNames(info);
          if (d.tabId === -1) return tracker.onSecurityInfo(d.requestId, names);
          const found = matchInterception(names);
          if (found) void intakeAutomatic(suspectMainFrame(d, { blockpageSignal: `interception:${found.fingerprint}` }, Date.now()), deps).catch(logFailure);
        })
        .catch(logFailure);
      return undefined;
    };
    browser.webRequest.onHeadersReceived.addListener(inspect, { urls: ['https://*/*'], types: ['main_frame'] }, ['blocking']);
    browser.webRequest.onHeadersReceived.addListener(inspect, { urls: ['https://*/*'], types: ['xmlhttprequest'], tabId: -1 }, ['blocking']);
  }
  browser.tabs.onRemoved.addListener((tabId) => void forgetTab(tabId).catch(logFailure));

  // Firefox's background page hears `online`; a Chromium service worker gets no dependable one.
  globalThis.addEventListener?.('online', () => void network.networkIsBack().catch(logFailure));

  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === FLUSH_ALARM) flush();
    if (alarm.name === OUTAGE_ALARM) recover(deps);
  });
  const handlers = createHandlers({
    onSettingsSaved: flush,
    onQueueChanged: flush,
    onBlockpageCandidate: (s) => void intakeAutomatic(s, deps).catch(logFailure),
    ui: {
      pipeline: deps,
      getTab: async (tabId) => {
        const tab = await browser.tabs.get(tabId);
        return { id: tabId, incognito: tab.incognito, ...(tab.url !== undefined && { url: tab.url }) };
      },
    },
  });
  // A report refused at the queue's cap shows the toolbar warning at once.
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && REFUSED_KEY in changes) void refreshQueueWarning().catch(logFailure);
  });
  browser.runtime.onMessage.addListener((message, sender) => dispatch(handlers, message, sender));

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
