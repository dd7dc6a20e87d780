/**
 * 1,000 queued reports delivered to a local collector (budget ≤ 10 s), in real Chromium with the
 * built extension. Each run puts 1,000 reports, signed beforehand, into the extension's own queue
 * while no endpoint is set (nothing may be sent then), then saves the endpoint in the options page
 * as a user would, and times until the collector holds all 1,000 and the extension marks every
 * one sent. Median of several runs; the collector verifies every signature and stores to PGlite.
 */
import { startCollector } from '../collector/server';
import { launchBrowser } from '../tests/support/browser';
import { openOptions, saveEndpoint } from '../tests/support/extension';
import { makeKeys } from '../tests/support/fixtures';
import { seedQueue, signReports } from '../tests/support/seed-reports';
import { median, type BenchResult } from './types';

const REPORTS = 1_000;
const RUNS = 3;

declare const chrome: { runtime: { sendMessage(message: unknown): Promise<any> } };

export default async function deliveryBench(): Promise<BenchResult[]> {
  const collector = await startCollector({ port: 0 });
  const browser = await launchBrowser();
  const samples: number[] = [];
  try {
    const options = await openOptions(browser);
    const keys = await makeKeys();
    for (let run = 0; run < RUNS; run++) {
      await options.evaluate(async () => {
        await chrome.runtime.sendMessage({ blockwatch: 'deleteAllReports', payload: {} });
        await chrome.runtime.sendMessage({ blockwatch: 'saveSettings', payload: { endpoint: null } });
      });
      const reports = await signReports(keys, REPORTS, `bench${run}`);
      await seedQueue(browser, reports);
      const storedBefore = await collector.store.count();
      const started = performance.now();
      await saveEndpoint(options, collector.url);
      for (;;) {
        const stored = (await collector.store.count()) - storedBefore;
        if (stored === REPORTS) {
          const status = await options.evaluate(
            async () => (await chrome.runtime.sendMessage({ blockwatch: 'queueStatus', payload: {} })).data,
          );
          if (status.counts.sent === REPORTS) break;
        }
        if (performance.now() - started > 120_000) throw new Error(`run ${run}: only ${stored} of ${REPORTS} reports arrived in 120 s`);
        await new Promise((r) => setTimeout(r, 50));
      }
      samples.push((performance.now() - started) / 1000);
    }
  } finally {
    await browser.close();
    await collector.close();
  }
  return [
    {
      id: 'delivery.1000-reports',
      label: '1,000 queued reports delivered to a local collector',
      measured: median(samples),
      unit: 's',
      budget: 10,
      direction: 'max',
      samples,
      notes: `real Chromium, built extension, PGlite collector verifying signatures; ${RUNS} runs, polled every 50 ms`,
    },
  ];
}
