/**
 * Networks end to end in real Chromium: a report carries the network its collector named (the
 * collector maps loopback through its test-only ranges, NETWORK_TEST_RANGES' format), and the
 * popup on the blocked site shows what others reported, from the collector's public status.
 */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { loadNetworkLookup } from '../../collector/network/lookup';
import { startCollector, type RunningCollector } from '../../collector/server';
import { verifyReport } from '../../utils/protocol/signing';
import { makeReporter } from '../collector/fixtures';
import { postBatch } from '../collector/http';
import { launchBrowser, type ExtensionBrowser } from '../support/browser';
import { openOptions, saveEndpoint, visit, waitFor } from '../support/extension';
import { openPopup, SCREENSHOT_DIR, textOf } from '../support/popup';
import { startSimulator, type Simulator } from '../support/simulator';

const TEST_RANGES = fileURLToPath(new URL('../fixtures/networks/test-ranges.csv', import.meta.url));
const KAZAKHTELECOM = { asn: 9198, name: 'JSC Kazakhtelecom', cc: 'KZ' };

let sim: Simulator;
let collector: RunningCollector;
let browser: ExtensionBrowser;
let options: Page;

beforeAll(async () => {
  sim = await startSimulator();
  collector = await startCollector({
    port: 0,
    networks: loadNetworkLookup({ publicData: false, testRanges: TEST_RANGES }),
    publicStatus: { minReporters: 3 },
  });
  // Six other people already reported the site blocked, three on Kcell and three on Beeline.
  const others = await Promise.all(Array.from({ length: 6 }, () => makeReporter()));
  const host = sim.sites.dns.host;
  const entries = await Promise.all(
    others.map((who, i) =>
      who.signed({
        host,
        url: `https://${host}/`,
        verdict: { kind: 'dns', confirmed: true },
        network: i < 3 ? { asn: 29355, name: 'Kcell JSC', cc: 'KZ' } : { asn: 21299, name: 'Kar-Tel LLC', cc: 'KZ' },
      }),
    ),
  );
  expect((await postBatch(collector.url, entries)).body.accepted).toHaveLength(6);
  browser = await launchBrowser({ args: [...sim.chromiumArgs(), '--lang=en-US'] });
  options = await openOptions(browser);
  expect(await saveEndpoint(options, collector.url)).toMatch(/Saved/);
});

afterAll(async () => {
  await browser?.close();
  await collector?.close();
  await sim?.close();
});

describe('networks', () => {
  it('a report names the network its collector named, signed, and the popup shows what others report', async () => {
    const page = await visit(browser, sim.sites.dns.url);
    const stored = await waitFor(
      'the report from this browser',
      async () => (await collector.store.list({ host: sim.sites.dns.host })).find((r) => r.report.network?.asn === KAZAKHTELECOM.asn),
      30_000,
    );
    expect(stored.report.network).toEqual(KAZAKHTELECOM);
    expect(stored.networkSource).toBe('report');
    expect(stored.receivedNetwork).toEqual(KAZAKHTELECOM);
    expect(await verifyReport(stored.report, stored.signature)).toBe(true);

    const popup = await openPopup(browser, page);
    const sentence = await popup.waitFor<string>('what others report', textOf('.others-sentence'));
    // This browser's own report (one person on Kazakhtelecom) is below the threshold: only the others count.
    expect(sentence).toBe('Reported blocked on 2 networks in Kazakhstan by 6 people in the last day.');
    const link = await popup.evaluate<string>(`document.querySelector('.others a').href`);
    expect(link).toBe(`${collector.url}/status/${sim.sites.dns.host}`);
    await popup.screenshot(join(SCREENSHOT_DIR, 'en', 'popup-others.png'));
    await popup.close();
  });
});
