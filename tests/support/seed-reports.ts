/**
 * Puts reports signed in Node straight into the extension's own queue, for tests and benchmarks
 * about delivery, where how a report came to be does not matter and hundreds are needed at once.
 */
import type { Worker } from 'playwright-core';
import type { SignedReport } from '../../utils/protocol/report-schema';
import type { ExtensionBrowser } from './browser';
import { makeSigned, type TestKeys } from './fixtures';
import type { QueuedReport } from '../../utils/storage/records';

declare const chrome: { alarms: { create(name: string, info: { when: number }): Promise<void> } };

export async function signReports(keys: TestKeys, count: number, label: string): Promise<SignedReport[]> {
  return Promise.all(Array.from({ length: count }, (_, i) => makeSigned(keys, { host: `${label}-${i}.example.kz` })));
}

/** The running service worker; a new one after the old one was stopped. */
export async function serviceWorker(browser: ExtensionBrowser): Promise<Worker> {
  return browser.context.serviceWorkers()[0] ?? (await browser.context.waitForEvent('serviceworker', { timeout: 30_000 }));
}

/** Queues the reports in the extension's IndexedDB, due now, as `enqueue` would. */
export async function seedQueue(browser: ExtensionBrowser, reports: SignedReport[]): Promise<void> {
  const now = Date.now();
  const entries: QueuedReport[] = reports.map((signed) => ({
    id: signed.report.id,
    signed,
    status: 'queued',
    attempts: 0,
    nextAttemptAt: now,
    queuedAt: now,
  }));
  const worker = await serviceWorker(browser);
  await worker.evaluate(async (rows) => {
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
export async function fireFlushAlarm(browser: ExtensionBrowser): Promise<void> {
  const worker = await serviceWorker(browser);
  await worker.evaluate(() => chrome.alarms.create('blockwatch-flush', { when: Date.now() }));
}
