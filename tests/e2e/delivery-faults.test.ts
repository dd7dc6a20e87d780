import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startCollector, type RunningCollector } from '../../collector/server';
import type { SignedReport } from '../../utils/protocol/report-schema';
import { launchBrowser, type ExtensionBrowser } from '../support/browser';
import { extensionReports, openOptions, saveEndpoint, waitFor } from '../support/extension';
import { startFaultCollector, type FaultCollector } from '../support/fault-collector';
import { makeKeys, type TestKeys } from '../support/fixtures';
import { fireFlushAlarm, seedQueue, serviceWorker, signReports } from '../support/seed-reports';
import { startSimulator, type Simulator } from '../support/simulator';
import type { QueuedReport } from '../../utils/storage/records';

let sim: Simulator;
let collector: RunningCollector;
let faults: FaultCollector;
let browser: ExtensionBrowser;
let options: Page;
let keys: TestKeys;
const everyReport: SignedReport[] = [];

beforeAll(async () => {
  keys = await makeKeys();
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

async function mine(reports: SignedReport[]): Promise<QueuedReport[]> {
  const ids = new Set(reports.map((r) => r.report.id));
  return (await extensionReports(options)).filter((e) => ids.has(e.id));
}

/** Seeds reports, fires the alarm, and waits until their first request met its fault and was settled. */
async function sendInto(
  label: string,
  count: number,
  fault: Parameters<FaultCollector['script']>[1],
): Promise<{ reports: SignedReport[]; entries: QueuedReport[] }> {
  const reports = await signReports(keys, count, label);
  everyReport.push(...reports);
  faults.script(
    reports.map((r) => r.report.id),
    fault,
  );
  const pendingBefore = faults.pending();
  const seededAt = Date.now();
  await seedQueue(browser, reports);
  await fireFlushAlarm(browser);
  const entries = await waitFor(
    `${label}: the fault to be met and the reports put back`,
    async () => {
      if (faults.pending() > pendingBefore - 1) return undefined;
      const now = await mine(reports);
      return now.length === count && now.every((e) => e.status === 'queued' && e.nextAttemptAt > seededAt) ? now : undefined;
    },
    60_000,
  );
  return { reports, entries };
}

async function storedIds(reports: SignedReport[]): Promise<string[]> {
  const found = await Promise.all(reports.map((r) => collector.store.list({ host: r.report.host })));
  return found.flat().map((row) => row.id);
}

function requestsWith(reports: SignedReport[]) {
  const ids = new Set(reports.map((r) => r.report.id));
  return faults.log.filter((l) => l.ids.some((id) => ids.has(id)));
}

describe('delivery under collector faults, in real Chromium', () => {
  it('meets each fault, keeps every report, and in the end stores each exactly once and marks it sent', async () => {
    // 503 with Retry-After, then 429 with Retry-After, on a queue of two batches.
    const busy = await sendInto('busy', 60, [
      { kind: 'status', status: 503, retryAfter: 20 },
      { kind: 'status', status: 429, retryAfter: 20 },
    ]);
    const first = requestsWith(busy.reports);
    // The second batch was not tried after the 503: one request only, and every report waits it out.
    expect(first).toHaveLength(1);
    expect(first[0]!.ids.length).toBeLessThanOrEqual(50);
    for (const entry of busy.entries) {
      expect(entry.nextAttemptAt).toBeGreaterThanOrEqual(first[0]!.at + 20_000);
      expect(entry.lastError).toMatch(/503/);
    }

    const failing = await sendInto('failing', 3, [{ kind: 'status', status: 500 }]);
    expect(failing.entries.every((e) => e.lastFailure === 'server' && e.attempts === 1)).toBe(true);

    const garbled = await sendInto('garbled', 3, [{ kind: 'not-json' }]);
    expect(garbled.entries.every((e) => e.lastFailure === 'invalid-response' && e.attempts === 1)).toBe(true);

    const dropped = await sendInto('dropped', 3, [{ kind: 'drop-after-store' }]);
    expect(dropped.entries.every((e) => e.lastFailure === 'unreachable')).toBe(true);
    // Both were stored by the collector although the extension never heard so.
    const earlyStored = [...garbled.reports, ...dropped.reports];
    expect((await storedIds(earlyStored)).sort()).toEqual(earlyStored.map((r) => r.report.id).sort());

    // While reports wait for an unreachable collector, the extension's own alarm comes within a
    // minute to see whether the network is back (no page load is watched), and when it fires the
    // dropped reports go out before their backoff ends; the collector's Retry-After still holds.
    const dueBefore = Math.min(...dropped.entries.map((e) => e.nextAttemptAt));
    const worker = await serviceWorker(browser);
    const alarm = await worker.evaluate(() =>
      (
        globalThis as unknown as { chrome: { alarms: { get(n: string): Promise<{ scheduledTime: number } | undefined> } } }
      ).chrome.alarms.get('blockwatch-flush'),
    );
    // Never later than a minute from now, nor than their own backoff (Chromium's floor is 30 s).
    const now = Date.now();
    expect(alarm?.scheduledTime).toBeLessThanOrEqual(Math.max(Math.min(dueBefore, now + 60_000), now + 30_000) + 1_000);
    await fireFlushAlarm(browser);
    await waitFor(
      'the dropped reports to be resent when the alarm found the network back',
      async () => ((await mine(dropped.reports)).every((e) => e.status === 'sent') ? true : undefined),
      30_000,
    );
    const resend = requestsWith(dropped.reports).at(-1)!;
    expect(resend.at).toBeLessThan(dueBefore);
    expect(requestsWith(busy.reports)).toHaveLength(1);

    // A request that never gets an answer: the extension gives up after its timeout and retries.
    const hung = await sendInto('hung', 3, [{ kind: 'hang' }]);
    expect(hung.entries.every((e) => e.lastFailure === 'timeout')).toBe(true);

    // Everything is retried from the real alarm path; each fire sends only what is due.
    await waitFor(
      'every report to be delivered and marked sent',
      async () => {
        const entries = await mine(everyReport);
        if (entries.every((e) => e.status === 'sent')) return entries;
        await fireFlushAlarm(browser);
        return undefined;
      },
      120_000,
    );

    expect(faults.pending()).toBe(0);
    // The 429 came no sooner than the 503's Retry-After, and the final send no sooner than the 429's.
    const busyRequests = requestsWith(busy.reports);
    const at429 = busyRequests.find((l) => l.outcome === 'status 429')!;
    expect(at429.at).toBeGreaterThanOrEqual(first[0]!.at + 20_000);
    expect(busyRequests.filter((l) => l.at > at429.at).every((l) => l.at >= at429.at + 20_000)).toBe(true);

    const extension = await mine(everyReport);
    expect(extension).toHaveLength(everyReport.length);
    expect(new Set(extension.map((e) => e.id)).size).toBe(everyReport.length);
    expect(extension.every((e) => e.status === 'sent')).toBe(true);
    // Exactly once in the collector's store: every id there, nothing else.
    expect(await collector.store.count()).toBe(everyReport.length);
    expect((await storedIds(everyReport)).sort()).toEqual(everyReport.map((r) => r.report.id).sort());
    // The reports the collector had already stored were sent again and accepted, not duplicated.
    for (const set of [garbled, dropped, hung]) expect(requestsWith(set.reports).length).toBeGreaterThanOrEqual(2);
  });
});
