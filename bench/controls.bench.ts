/**
 * Failed navigation → confirmed report queued, with the checks that tell blocking from outages
 * (canaries, the collector's control measurement, DNS-over-HTTPS) all running, on loopback.
 * The time is the extension's own: from the webRequest timestamp of the failure (the report's
 * createdAt) to the moment the report entered the queue (queuedAt).
 */
import { startCollector } from '../collector/server';
import { launchBrowser } from '../tests/support/browser';
import { extensionReports, openOptions, saveEndpoint, waitFor } from '../tests/support/extension';
import { startSimulator } from '../tests/support/simulator';
import { median, type Benchmark } from './types';

declare const chrome: { runtime: { sendMessage(message: unknown): Promise<any> } };

const RUNS = 5;

const bench: Benchmark = async () => {
  const sim = await startSimulator();
  const view: Record<string, string> = { 'reset.test': 'healthy.test', 'gone.test': 'healthy.test' };
  const collector = await startCollector({
    port: 0,
    control: {
      resolve: async (host) => [{ address: '127.0.0.1', family: 4, port: sim.portOf(view[host] ?? host) }],
      allowAddress: (a) => a === '127.0.0.1',
      ca: sim.trustedCertPem,
      perMinute: 1000,
    },
  });
  const browser = await launchBrowser({ args: sim.chromiumArgs() });
  try {
    const options = await openOptions(browser);
    await saveEndpoint(options, collector.url);
    await options.evaluate((url) => chrome.runtime.sendMessage({ blockwatch: 'saveSettings', payload: { dohResolver: url } }), sim.dohUrl);
    sim.doh.answers.set('gone.test', ['203.0.113.7']);

    const samples: Record<'reset' | 'dns', number[]> = { reset: [], dns: [] };
    for (const [kind, url, host] of [
      ['reset', 'https://reset.test/', 'reset.test'],
      ['dns', 'https://gone.test/', 'gone.test'],
    ] as const) {
      for (let i = 0; i < RUNS; i++) {
        const before = (await extensionReports(options)).filter((r) => r.signed.report.host === host).length;
        const page = await browser.context.newPage();
        await page.goto(url, { timeout: 30_000 }).catch(() => undefined);
        const entry = await waitFor(
          `report ${i + 1} for ${host}`,
          async () => {
            const mine = (await extensionReports(options)).filter((r) => r.signed.report.host === host);
            return mine.length > before ? mine.sort((a, b) => b.queuedAt - a.queuedAt)[0] : undefined;
          },
          30_000,
        );
        samples[kind].push(entry.queuedAt - Date.parse(entry.signed.report.createdAt));
        await page.close();
      }
    }
    const notes = 'canaries, control measurement and (for DNS) DoH all on loopback; real networks add their round trips';
    return (['reset', 'dns'] as const).map((kind) => ({
      id: `controls.queued-${kind}`,
      label: `failed navigation (${kind}) → report queued, with canaries + control${kind === 'dns' ? ' + DoH' : ''}`,
      measured: median(samples[kind]),
      unit: 'ms',
      budget: 1_500,
      direction: 'max' as const,
      samples: samples[kind],
      notes,
    }));
  } finally {
    await browser.close();
    await collector.close();
    await sim.close();
  }
};

export default bench;
