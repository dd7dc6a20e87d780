import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startCollector, type RunningCollector } from '../../collector/server';
import { verifyReport } from '../../utils/protocol/signing';
import { launchBrowser, type ExtensionBrowser } from '../support/browser';
import { extensionReports, openOptions, saveEndpoint, visit, waitFor } from '../support/extension';
import { startFaultCollector, type FaultCollector } from '../support/fault-collector';
import { startSimulator, type Simulator } from '../support/simulator';

/** Half the 15 s base backoff: the soonest any retry of a failed send may come (utils/queue.ts). */
const MIN_BACKOFF_MS = 7_500;

let sim: Simulator;
let collector: RunningCollector;
// The collector sits behind the proxy, which keeps its port for the whole test: going "down" and
// coming back never gives the port up for another process to take.
let faults: FaultCollector;
let browser: ExtensionBrowser;
let options: Page;

beforeAll(async () => {
  sim = await startSimulator();
  collector = await startCollector({ port: 0 });
  faults = await startFaultCollector(collector.url);
  browser = await launchBrowser({ args: sim.chromiumArgs() });
  options = await openOptions(browser);
  expect(await saveEndpoint(options, faults.url)).toMatch(/Saved/);
});

afterAll(async () => {
  await browser?.close();
  await faults?.close();
  await collector?.close();
  await sim?.close();
});

describe('delivery when the collector is unreachable', () => {
  it('keeps the report queued with the reason, and delivers it once the collector is back, on its own schedule', async () => {
    faults.setDown(true);
    const downAt = Date.now();

    await visit(browser, sim.sites.dns.url);
    const waiting = await waitFor(
      'a failed delivery attempt',
      async () => (await extensionReports(options)).find((r) => r.signed.report.host === sim.sites.dns.host && r.attempts > 0),
      30_000,
    );
    expect(waiting.status).toBe('queued');
    expect(waiting.lastError).toMatch(/could not be reached/);
    expect(waiting.nextAttemptAt).toBeGreaterThan(Date.now() - 1_000);

    // The collector comes back at the same address; the extension's alarm retries on its own
    // (no page load, no alarm fired by the test).
    faults.setDown(false);
    const downFor = Date.now() - downAt;
    const refused = faults.refused();
    const stored = await waitFor(
      'the retried report to arrive',
      async () => (await collector.store.list({ host: sim.sites.dns.host }))[0],
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
    // Counted at the proxy: one send reached the collector and was accepted; the attempts before
    // it were refused, at most one per shortest backoff while the collector was down.
    expect(faults.sends(waiting.id)).toBe(1);
    expect(faults.acceptedAnswers(waiting.id)).toBe(1);
    expect(refused).toBeGreaterThanOrEqual(1);
    expect(refused).toBeLessThanOrEqual(1 + Math.ceil(downFor / MIN_BACKOFF_MS));
    expect(faults.refused()).toBe(refused);
  });
});
