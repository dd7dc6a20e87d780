import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { blockHostFilters } from '@/utils/blockpage/block-hosts';
import { counted, exposeActivity } from '@/utils/pipeline/activity';
import { createBackground } from '@/utils/pipeline/background';

// Every listener here fires only for something that may be blocking, a message, an alarm or a
// lifecycle change: none for a page that loads normally.
export default defineBackground(() => {
  const bg = createBackground();
  browser.webNavigation.onErrorOccurred.addListener(counted('webNavigation.onErrorOccurred', bg.onNavigationError));
  browser.webNavigation.onCommitted.addListener(counted('webNavigation.onCommitted', bg.onBlockHostCommitted), { url: blockHostFilters() });
  browser.runtime.onMessage.addListener(counted('runtime.onMessage', bg.onMessage));
  browser.alarms.onAlarm.addListener(counted('alarms.onAlarm', bg.onAlarm));
  browser.tabs.onRemoved.addListener(counted('tabs.onRemoved', bg.onTabRemoved));
  browser.storage.onChanged.addListener(counted('storage.onChanged', bg.onStorageChanged));
  browser.permissions.onAdded.addListener(bg.onPermissionsChanged);
  browser.permissions.onRemoved.addListener(bg.onPermissionsChanged);
  // Listening for browser start-up is what wakes the worker then, so queued reports go out.
  browser.runtime.onStartup.addListener(bg.flush);
  browser.runtime.onInstalled.addListener(bg.onInstalled);
  // Firefox's background page hears `online`; a Chromium service worker gets no dependable one.
  globalThis.addEventListener?.('online', bg.onOnline);
  exposeActivity();
  bg.watchWebRequest();
  bg.resume();
});
