import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startCollector, type RunningCollector } from '../../collector/server';
import { verifyReport } from '../../utils/protocol/signing';
import { launchBrowser, type ExtensionBrowser } from '../support/browser';
import { extensionReports, openOptions, saveEndpoint, waitFor } from '../support/extension';
import { startSimulator, type Simulator } from '../support/simulator';

let sim: Simulator;
let collector: RunningCollector | undefined;
let browser: ExtensionBrowser;
let options: Page;
let port: number;

beforeAll(async () => {
  sim = await startSimulator();
  collector = await startCollector({ port: 0 });
  port = Number(new URL(collector.url).port);
  browser = await launchBrowser({ args: sim.chromiumArgs() });
  options = await openOptions(browser);
  expect(await saveEndpoint(options, collector.url)).toMatch(/Saved/);
});

afterAll(async () => {
  await browser?.close();
  await collector?.close();
  await sim?.close();
});

describe('delivery when the collector is unreachable', () => {
  it('keeps the report queued with the reason, and delivers it once the collector is back', async () => {
    await collector!.close();
    collector = undefined;

    const page = await browser.context.newPage();
    await page.goto(sim.sites.dns.url).catch(() => undefined);
    const waiting = await waitFor(
      'a failed delivery attempt',
      async () => (await extensionReports(options)).find((r) => r.signed.report.host === sim.sites.dns.host && r.attempts > 0),
      30_000,
    );
    expect(waiting.status).toBe('queued');
    expect(waiting.lastError).toMatch(/could not be reached/);
    expect(waiting.nextAttemptAt).toBeGreaterThan(Date.now() - 1_000);

    // The same collector comes back at the same address; the extension's alarm retries on its own.
    collector = await startCollector({ port });
    const stored = await waitFor(
      'the retried report to arrive',
      async () => (await collector!.store.list({ host: sim.sites.dns.host }))[0],
      90_000,
    );
    expect(stored.report.id).toBe(waiting.id);
    expect(await verifyReport(stored.report, stored.signature)).toBe(true);
    const sent = await waitFor(
      'the extension to mark it sent',
      async () => (await extensionReports(options)).find((r) => r.id === waiting.id && r.status === 'sent'),
      10_000,
    );
    expect(sent.attempts).toBeGreaterThanOrEqual(2);
    expect(await collector.store.count()).toBe(1);
  });
});
