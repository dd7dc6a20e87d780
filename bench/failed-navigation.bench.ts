/**
 * From a failed navigation to a confirmed report in the queue, for a connection reset and a DNS
 * failure, in real Chromium with the built extension against the censorship simulator.
 *
 * The measured interval is the extension's own: from the moment the browser reported the main-frame
 * error (the webRequest event's timeStamp, which becomes the report's createdAt) to the moment the
 * signed report was handed to IndexedDB (queuedAt). Both are read from the stored report, so the
 * harness's polling adds nothing. It covers the wait for the worker, the dedupe record, the probe
 * fetch and its error, the HTTP-fallback grace period, the signature and the queue. It does not
 * cover the time the network takes to fail the navigation in the first place. As a check from
 * outside, the notes give the time from Playwright seeing the navigation fail to the harness first
 * seeing the report (polled every 25 ms, so a little longer).
 *
 * BENCH_FAILED_NAV_RUNS (default 9) visits per kind, alternating reset and DNS, each in a new tab.
 */
import type { Worker } from 'playwright-core';
import { launchBrowser } from '../tests/support/browser';
import { startSimulator, type SiteName } from '../tests/support/simulator';
import { median, percentile, type Benchmark, type BenchResult } from './types';

const BUDGET_MS = 1_500;
const KINDS = [
  { site: 'reset', kind: 'tcp_reset', label: 'reset' },
  { site: 'dns', kind: 'dns', label: 'DNS' },
] as const satisfies readonly { site: SiteName; kind: string; label: string }[];

interface StoredReport {
  id: string;
  queuedAt: number;
  createdAt: string;
  kind: string;
  confirmed: boolean;
}

/** Reads the extension's report queue from inside its service worker. */
function storedReports(worker: Worker, host: string): Promise<StoredReport[]> {
  return worker.evaluate(async (wanted) => {
    // Opening a database that does not exist yet would create it without the extension's stores.
    if (!(await indexedDB.databases()).some((d) => d.name === 'blockwatch')) return [];
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('blockwatch');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      if (!db.objectStoreNames.contains('reports')) return [];
      const all = await new Promise<any[]>((resolve, reject) => {
        const request = db.transaction('reports').objectStore('reports').getAll();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      return all
        .filter((entry) => entry.signed.report.host === wanted)
        .map((entry) => ({
          id: entry.id,
          queuedAt: entry.queuedAt,
          createdAt: entry.signed.report.createdAt,
          kind: entry.signed.report.verdict.kind,
          confirmed: entry.signed.report.verdict.confirmed,
        }));
    } finally {
      db.close();
    }
  }, host);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const bench: Benchmark = async () => {
  const runs = Math.max(1, Number(process.env.BENCH_FAILED_NAV_RUNS ?? 9) || 9);
  const sim = await startSimulator();
  const browser = await launchBrowser({ args: sim.chromiumArgs() });
  const inside = new Map<string, number[]>(KINDS.map((k) => [k.site, []]));
  const outside = new Map<string, number[]>(KINDS.map((k) => [k.site, []]));
  try {
    // Let the worker finish its start-up work (key, pruning) so it is not counted against a visit.
    await sleep(1_500);
    for (let i = 0; i < runs; i++) {
      for (const { site: name, kind } of KINDS) {
        const site = sim.sites[name];
        const known = new Set((await storedReports(browser.worker, site.host)).map((r) => r.id));
        const page = await browser.context.newPage();
        await page.goto(`${site.url}?visit=${i}`, { timeout: 30_000 }).catch(() => undefined);
        const failedAt = Date.now();
        let report: StoredReport | undefined;
        while (!report) {
          report = (await storedReports(browser.worker, site.host)).find((r) => !known.has(r.id));
          if (!report) {
            if (Date.now() - failedAt > 20_000) throw new Error(`no report for ${site.host} within 20 s of visit ${i}`);
            await sleep(25);
          }
        }
        const seenAt = Date.now();
        if (report.kind !== kind || !report.confirmed)
          throw new Error(`${site.host}: expected confirmed ${kind}, got ${report.kind} (confirmed ${report.confirmed})`);
        inside.get(name)!.push(report.queuedAt - Date.parse(report.createdAt));
        outside.get(name)!.push(seenAt - failedAt);
        await page.close();
        await sleep(250);
      }
    }
  } finally {
    await browser.close();
    await sim.close();
  }

  return KINDS.map(({ site, kind, label }): BenchResult => {
    const samples = inside.get(site)!;
    const seen = outside.get(site)!;
    return {
      id: `failed-navigation.${kind}`,
      label: `failed navigation (${label}) → confirmed report queued`,
      measured: median(samples),
      unit: 'ms',
      budget: BUDGET_MS,
      direction: 'max',
      samples,
      notes:
        `browser's error event to report queued, from the stored report's createdAt and queuedAt; ${samples.length} visits; ` +
        `max ${Math.max(...samples)} ms; seen from outside ${median(seen)} ms median (p75 ${Math.round(percentile(seen, 75))} ms) after the navigation failed`,
    };
  });
};

export default bench;
