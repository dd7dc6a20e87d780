// Blockwatch's own pages in real Firefox, and what the extension keeps: its options page, the
// popup page opened as a tab for a site's tab, the report history, its IndexedDB and storage.
import type { Page } from 'puppeteer-core';
import type { QueuedReport } from '../../../utils/storage/records';
import { waitFor } from '../extension';
import type { FirefoxExtension } from './launch';

/**
 * The page side of the WebExtension API, as seen from inside an extension page. Reached through
 * globalThis in the functions run there: the test build would bind a bare `browser` to WXT's import.
 */
interface Ext {
  browser: BrowserApi;
}
interface BrowserApi {
  runtime: { sendMessage(message: unknown): Promise<any>; getURL(path: string): string };
  storage: { local: { get(key: string | null): Promise<Record<string, unknown>> } };
  tabs: {
    create(p: { url: string; active: boolean }): Promise<{ id: number }>;
    query(q: object): Promise<{ id: number; url?: string; active: boolean }[]>;
  };
  alarms: { create(name: string, info: { when: number }): Promise<void> };
}

interface BidiFrame {
  browsingContext: { navigate(url: string, wait: 'complete'): Promise<unknown> };
}

/**
 * Opens an extension page in a new tab and waits for `ready`. `page.goto()` never settles for
 * moz-extension:// pages over BiDi; the browsing context's own navigate does.
 */
export async function openExtensionPage(ff: FirefoxExtension, path: string, ready: string): Promise<Page> {
  const page = await ff.browser.newPage();
  await (page.mainFrame() as unknown as BidiFrame).browsingContext.navigate(`${ff.origin}/${path}`, 'complete');
  await page.waitForSelector(ready, { timeout: 30_000 });
  return page;
}

export const openOptions = (ff: FirefoxExtension) => openExtensionPage(ff, 'options.html', '#endpoint');
export const openHistory = (ff: FirefoxExtension) => openExtensionPage(ff, 'report-history.html', 'h1');

/** A user opens the site in a new tab; a failed load is what the user sees too, so it is not an error here. */
export async function visit(ff: FirefoxExtension, url: string): Promise<Page> {
  const page = await ff.browser.newPage();
  await page.goto(url, { timeout: 60_000, waitUntil: 'load' }).catch(() => undefined);
  return page;
}

/** Types the endpoint (which clears the last status), presses Save and returns the status the page shows. */
export async function saveEndpoint(options: Page, endpoint: string): Promise<string> {
  const field = await options.$('#endpoint');
  await field!.click({ count: 3 });
  await field!.type(endpoint);
  await options.click('#endpoint-save');
  return waitFor(
    'the endpoint status',
    async () => (await options.evaluate(() => document.getElementById('endpoint-status')?.textContent?.trim())) || undefined,
    15_000,
  );
}

/** The extension's record of its reports, through the message the history page uses. */
export async function extensionReports(page: Page): Promise<QueuedReport[]> {
  return page.evaluate(async () => {
    const answer = await (globalThis as unknown as Ext).browser.runtime.sendMessage({ blockwatch: 'listReports', payload: {} });
    if (!answer?.ok) throw new Error(`listReports failed: ${answer?.error}`);
    return answer.data;
  });
}

/** Changes settings through the message the options page sends; returns the settings now in force. */
export async function saveSettings(page: Page, patch: Record<string, unknown>): Promise<Record<string, unknown>> {
  return page.evaluate(async (p) => {
    const answer = await (globalThis as unknown as Ext).browser.runtime.sendMessage({ blockwatch: 'saveSettings', payload: p });
    if (!answer?.ok) throw new Error(`saveSettings failed: ${answer?.error}`);
    return answer.data;
  }, patch);
}

/** Everything the extension keeps in storage.local. */
export async function extensionStorage(page: Page): Promise<Record<string, unknown>> {
  return page.evaluate(() => (globalThis as unknown as Ext).browser.storage.local.get(null));
}

/** Every record of one object store of the extension's IndexedDB, read directly. */
export async function indexedDbRecords<T = unknown>(page: Page, store: string): Promise<T[]> {
  return page.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('blockwatch');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      return await new Promise<any[]>((resolve, reject) => {
        const request = db.transaction(name, 'readonly').objectStore(name).getAll();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    } finally {
      db.close();
    }
  }, store);
}

/** Puts queue entries straight into the extension's IndexedDB, due now, as `enqueue` would. */
export async function seedReportQueue(page: Page, entries: QueuedReport[]): Promise<void> {
  await page.evaluate(async (rows) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('blockwatch');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('reports', 'readwrite');
      for (const row of rows) tx.objectStore('reports').put(row);
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, entries);
}

/** Fires the extension's own wake-up alarm now: the same path as when a retry falls due. */
export async function fireFlushAlarm(page: Page): Promise<void> {
  await page.evaluate(() => (globalThis as unknown as Ext).browser.alarms.create('blockwatch-flush', { when: Date.now() }));
}

/** The tab id Firefox gave the page's tab, found by its URL from an extension page. */
export async function tabIdOf(extensionPage: Page, url: string): Promise<number> {
  return waitFor(
    `the tab of ${url}`,
    async () => {
      const tabs = await extensionPage.evaluate(() => (globalThis as unknown as Ext).browser.tabs.query({}));
      return tabs.find((t) => t.url === url)?.id;
    },
    10_000,
  );
}

/**
 * The toolbar popup's page for the site in `site`: the site's tab stays the active one in its
 * window, and popup.html opens in a background tab of that window, so its own "active tab of the
 * current window" is the site's tab, as when the user clicks the toolbar button on it.
 */
export async function openPopupFor(ff: FirefoxExtension, site: Page, from: Page): Promise<Page> {
  await site.bringToFront();
  // Puppeteer does not follow a tab's moz-extension:// address, so the popup is the tab that is new.
  const before = new Set(await ff.browser.pages());
  await from.evaluate((url) => (globalThis as unknown as Ext).browser.tabs.create({ url, active: false }), `${ff.origin}/popup.html`);
  const page = await waitFor('the popup tab', async () => (await ff.browser.pages()).find((p) => !before.has(p)), 20_000);
  await page.waitForSelector('button.primary', { timeout: 20_000 });
  return page;
}
