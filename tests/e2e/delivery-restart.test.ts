import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector, type RunningCollector } from '../../collector/server';
import type { SignedReport } from '../../utils/protocol/report-schema';
import { launchBrowser, type ExtensionBrowser } from '../support/browser';
import { extensionReports, openOptions, saveEndpoint, waitFor } from '../support/extension';
import { startFaultCollector, type FaultCollector } from '../support/fault-collector';
import { makeKeys } from '../support/fixtures';
import { fireFlushAlarm, seedQueue, signReports } from '../support/seed-reports';
import { startSimulator, type Simulator } from '../support/simulator';
import type { QueuedReport } from '../../utils/storage/records';

/** Half the 15 s base backoff: the soonest any retry of a failed send may come (utils/queue.ts). */
const MIN_BACKOFF_MS = 7_500;

let sim: Simulator;
let collector: RunningCollector;
let faults: FaultCollector;
let browser: ExtensionBrowser | undefined;

beforeAll(async () => {
  sim = await startSimulator();
  collector = await startCollector({ port: 0 });
  faults = await startFaultCollector(collector.url);
});

afterAll(async () => {
  await browser?.close();
  await faults?.close();
  await collector?.close();
  await sim?.close();
});

describe('a browser restart with reports queued', () => {
  it('delivers every report afterwards, including one cut off mid-request, each exactly once', async () => {
    browser = await launchBrowser({ args: sim.chromiumArgs() });
    const profileDir = browser.profileDir;
    let options = await openOptions(browser);
    expect(await saveEndpoint(options, faults.url)).toMatch(/Saved/);
    const keys = await makeKeys();

    // Cut off mid-request: the collector stores these but the browser closes before any answer.
    const inFlight = await signReports(keys, 3, 'in-flight');
    faults.script(
      inFlight.map((r) => r.report.id),
      [{ kind: 'hang' }],
    );
    await seedQueue(browser, inFlight);
    await fireFlushAlarm(browser);
    await waitFor('the hung request to reach the collector', async () => (faults.pending() === 0 ? true : undefined), 30_000);
    await waitFor('the collector to store it', async () => ((await collector.store.count()) === 3 ? true : undefined), 10_000);

    // Then the collector goes down; reports found by browsing, and many more, queue up behind
    // the hung request. The browser is closed before that request times out.
    faults.setDown(true);
    const page = await browser.context.newPage();
    await page.goto(sim.sites.dns.url).catch(() => undefined);
    await page.goto(sim.sites.reset.url).catch(() => undefined);
    const waiting = await signReports(keys, 40, 'waiting');
    await seedQueue(browser, waiting);
    const before = await waitFor(
      'the browsed reports to be queued',
      async () => {
        const all = await extensionReports(options);
        const browsed = all.filter((e) => e.signed.report.host === sim.sites.dns.host || e.signed.report.host === sim.sites.reset.host);
        return browsed.length === 2 && all.length === 45 ? all : undefined;
      },
      20_000,
    );
    const inFlightIds = new Set(inFlight.map((r: SignedReport) => r.report.id));
    expect(before.filter((e) => inFlightIds.has(e.id)).every((e) => e.status === 'sending')).toBe(true);
    expect(before.some((e) => e.status === 'sent')).toBe(false);
    const expected = before.map((e) => e.id);

    await browser.close({ keepProfile: true });

    // The same profile comes back while the collector is still down.
    expect(faults.refused()).toBe(0); // the hung request held the sender: nothing else was tried
    const restartedAt = Date.now();
    browser = await launchBrowser({ args: sim.chromiumArgs(), profileDir });
    options = await openOptions(browser);
    await waitFor(
      'a failed attempt after the restart',
      async () => {
        const all = await extensionReports(options);
        // The interrupted sends were taken back at start, and everything has met the down collector.
        return all.length === 45 && all.every((e) => e.status === 'queued' && e.lastFailure === 'unreachable') ? all : undefined;
      },
      60_000,
    );
    expect(await collector.store.count()).toBe(3);

    // The collector returns; browsing shows the network works and the queue goes out, with no
    // alarm fired by the test: the page load is the extension's own cue.
    faults.setDown(false);
    const downFor = Date.now() - restartedAt;
    const refusedWhileDown = faults.refused();
    const again = await browser.context.newPage();
    await again.goto(sim.sites.healthy.url);
    const delivered = await waitFor(
      'every report to be delivered and marked sent',
      async () => {
        const all = await extensionReports(options);
        return all.length === 45 && all.every((e) => e.status === 'sent') ? all : undefined;
      },
      60_000,
    );

    expect(delivered.map((e: QueuedReport) => e.id).sort()).toEqual([...expected].sort());
    expect(await collector.store.count()).toBe(45);
    const stored = (await collector.store.list({ limit: 1000 })).map((row) => row.id);
    expect(new Set(stored).size).toBe(45);
    expect([...stored].sort()).toEqual([...expected].sort());
    // What the extension sent, counted at the proxy. Every report was accepted exactly once.
    for (const id of expected) expect(faults.acceptedAnswers(id), id).toBe(1);
    // Bound 2 for the in-flight reports: the request cut off by the restart, then the one answered
    // after it (they were already stored, and accepted again without a second copy).
    for (const id of inFlightIds) expect(faults.sends(id), id).toBe(2);
    // Bound 1 for the rest: every earlier attempt was refused before its reports were read.
    for (const id of expected.filter((i) => !inFlightIds.has(i))) expect(faults.sends(id), id).toBe(1);
    // While down: the attempt at start, then at most one per shortest backoff (a retry storm would
    // show here; each refused request for /v1/reports is one attempt, whatever it carried).
    expect(refusedWhileDown).toBeGreaterThanOrEqual(1);
    expect(refusedWhileDown).toBeLessThanOrEqual(1 + Math.ceil(downFor / MIN_BACKOFF_MS));
  });
});
