/**
 * What the background does for each browser event, as named functions. The entry point only
 * registers them; nothing here listens for pages that load normally, so a healthy page load
 * neither starts nor wakes the service worker.
 */
import { browser } from 'wxt/browser';
import { suspicionFromCommittedRedirect } from '../blockpage/evidence';
import { ProbeTracker } from '../confirm/probe';
import type { FrameCommit, FrameError } from '../observe/browser-events';
import { TabFallbackCheck } from '../observe/http-fallback';
import { pruneRecent, suspicionFromError } from '../observe/suspicion';
import { OUTAGE_ALARM } from '../classify/outage';
import { expediteUnreachable, REFUSED_KEY } from '../queue/queue';
import { refreshQueueWarning } from '../queue/warning';
import { browserLabel } from '../report/build';
import type { Suspicion } from '../storage/records';
import { NetworkWatch } from '../submit/network-back';
import { FLUSH_ALARM, requestFlush } from '../submit/schedule';
import { dispatch, type MessageSender } from '../ui-api/messages';
import { findingFromReport, forgetTab, recordFinding, recordTabError, type BadgeApi } from '../ui-api/tab-state';
import { openJoinConfirmation, welcomeOnInstall, type PageOpener } from './first-run';
import { createHandlers } from './handlers';
import { intakeAutomatic, recoverOutage, resumePending, type PipelineDeps } from './pipeline';
import { type ScriptingApi, syncSecurePages } from './secure-pages';
import { forgetWebRequest, watchWebRequest } from './web-request';

const logFailure = (error: unknown) => console.warn('Blockwatch:', error);

/** The URL a tab is loading, or else shows (Chromium names a navigation in progress `pendingUrl`). */
async function tabUrl(tabId: number): Promise<string | undefined> {
  const tab = (await browser.tabs.get(tabId)) as { url?: string; pendingUrl?: string };
  return tab.pendingUrl ?? tab.url;
}

/** The extension's own pages, opened in a new tab (Firefox for Android has no windows or tab positions to choose). */
const pages: PageOpener = {
  pageUrl: (path) => browser.runtime.getURL(path as '/welcome.html'),
  open: (url) => browser.tabs.create({ url }),
};

export function createBackground() {
  const tracker = new ProbeTracker();
  // MV3 has `action`; Firefox's MV2 build calls the same button `browserAction`.
  const badge: BadgeApi = browser.action ?? browser.browserAction;
  const flush = () => void requestFlush().catch(logFailure);
  const deps: PipelineDeps = {
    tracker,
    navigations: new TabFallbackCheck(tabUrl),
    client: { version: browser.runtime.getManifest().version, browser: browserLabel(navigator.userAgent) },
    onQueued: (entry, suspicion) => {
      flush();
      if (suspicion) void recordFinding(suspicion.tabId, findingFromReport(entry), badge).catch(logFailure);
    },
    // A tab that is already gone cannot be shown to be a normal one: stay quiet about it.
    isPrivateTab: (tabId) =>
      browser.tabs.get(tabId).then(
        (tab) => tab.incognito,
        () => true,
      ),
  };
  const intake = (suspicion: Suspicion | null) => void intakeAutomatic(suspicion, deps).catch(logFailure);
  const recover = () => void recoverOutage(deps).catch(logFailure);
  const network = new NetworkWatch(flush);
  const securePages = () =>
    void syncSecurePages({
      scripting: (browser as { scripting?: ScriptingApi }).scripting,
      manifestScripts: browser.runtime.getManifest().content_scripts ?? [],
      deeperChecks: () => browser.permissions.contains({ permissions: ['webRequest'] }),
    }).catch(logFailure);
  const handlers = createHandlers({
    onSettingsSaved: flush,
    onQueueChanged: flush,
    onBlockpageCandidate: intake,
    onJoinCollector: (sender) => openJoinConfirmation(sender, pages),
    ui: {
      pipeline: deps,
      getTab: async (tabId) => {
        const tab = await browser.tabs.get(tabId);
        return { id: tabId, incognito: tab.incognito, ...(tab.url !== undefined && { url: tab.url }) };
      },
    },
  });

  return {
    flush,
    /** Installed or updated: what is queued goes out, and a new installation explains itself. */
    onInstalled: (details: { reason: string }) => {
      flush();
      securePages();
      void welcomeOnInstall(details, pages, browser.storage.local).catch(logFailure);
    },
    /**
     * A failed main-frame navigation: Chromium's webNavigation names the network error (net::ERR_…).
     * Firefox's says only "Error code <number>", which names nothing: there webRequest tells instead.
     */
    onNavigationError: (details: FrameError) => {
      const suspicion = details.error.startsWith('net::') ? suspicionFromError(details) : null;
      if (suspicion?.navigationError) {
        void recordTabError(suspicion.tabId, { host: suspicion.host, navigationError: suspicion.navigationError }).catch(logFailure);
      }
      intake(suspicion);
    },
    /** A navigation that landed on a recorded block host (the listener is filtered to those hosts). */
    onBlockHostCommitted: (details: FrameCommit) => intake(suspicionFromCommittedRedirect(details)),
    onMessage: (message: unknown, sender: MessageSender) => dispatch(handlers, message, sender),
    onAlarm: (alarm: { name: string }) => {
      // The flush alarm comes at least once a minute while reports wait for an unreachable collector.
      if (alarm.name === FLUSH_ALARM) void expediteUnreachable().catch(logFailure).finally(flush);
      if (alarm.name === OUTAGE_ALARM) recover();
    },
    onTabRemoved: (tabId: number) => void forgetTab(tabId).catch(logFailure),
    /** A report refused at the queue's cap shows the toolbar warning at once. */
    onStorageChanged: (changes: Record<string, unknown>, area: string) => {
      if (area === 'local' && REFUSED_KEY in changes) void refreshQueueWarning().catch(logFailure);
    },
    onOnline: () => void network.networkIsBack().catch(logFailure),
    /** Deeper checks granted or withdrawn (Chromium's optional webRequest permission). */
    onPermissionsChanged: () => {
      if (!watchWebRequest(tracker, intake)) forgetWebRequest(tracker);
      securePages();
    },
    watchWebRequest: () => watchWebRequest(tracker, intake),
    /**
     * Every start of the worker picks up what a stopped one left: suspicions mid-probe, reports due,
     * an open outage, and a deeper-checks change it did not hear.
     */
    resume: () =>
      void (async () => {
        securePages();
        await pruneRecent().catch(() => undefined);
        await resumePending(deps);
        recover();
        await requestFlush();
      })().catch(logFailure),
  };
}
