import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startCollector, type RunningCollector } from '../../collector/server';
import type { SignedReport } from '../../utils/protocol/report-schema';
import type { QueuedReport } from '../../utils/storage/records';
import { launchBrowser, type ExtensionBrowser } from '../support/browser';
import { extensionReports, openOptions, saveEndpoint, waitFor } from '../support/extension';
import { startFaultCollector, type Fault, type FaultCollector } from '../support/fault-collector';
import { makeKeys, type TestKeys } from '../support/fixtures';
import { fireFlushAlarm, scheduledFlush, seedQueue, signReports } from '../support/seed-reports';
import { startSimulator, type Simulator } from '../support/simulator';

/**
 * Delivery against a collector that fails in every way the protocol allows. The fault proxy counts
 * what the extension sent per report: each test ends with every report accepted exactly once (one
 * answer that said so reached the extension) and with no report sent more often than its faults
 * require. Each test seeds its own reports and waits until they are all sent, so the tests do not
 * depend on one another's order.
 */

let sim: Simulator;
let collector: RunningCollector;
let faults: FaultCollector;
let browser: ExtensionBrowser;
let options: Page;
let keys: TestKeys;

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

/** Seeds reports, fires the alarm once to start the first send, and waits until that send met its fault and the reports were put back. */
async function sendInto(label: string, count: number, fault: Fault[]): Promise<{ reports: SignedReport[]; entries: QueuedReport[] }> {
  const reports = await signReports(keys, count, label);
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

/** Fires the flush alarm on every poll until the reports are sent: only what is due goes out. */
async function deliverWithAlarms(what: string, reports: SignedReport[], timeoutMs = 120_000): Promise<QueuedReport[]> {
  return waitFor(
    what,
    async () => {
      const entries = await mine(reports);
      if (entries.length === reports.length && entries.every((e) => e.status === 'sent')) return entries;
      await fireFlushAlarm(browser);
      return undefined;
    },
    timeoutMs,
  );
}

function requestsWith(reports: SignedReport[]) {
  const ids = new Set(reports.map((r) => r.report.id));
  return faults.log.filter((l) => l.ids.some((id) => ids.has(id)));
}

/**
 * Every report accepted exactly once, and sent at most `bound` times. The collector stores a
 * report once whatever is sent, so these counts, taken at the proxy, are what can show a duplicate
 * or needless send.
 */
async function expectDelivered(reports: SignedReport[], bound: number): Promise<void> {
  for (const { report } of reports) {
    expect(faults.acceptedAnswers(report.id), `accepted answers for ${report.host}`).toBe(1);
    expect(faults.sends(report.id), `sends of ${report.host}`).toBeLessThanOrEqual(bound);
  }
  const stored = (await Promise.all(reports.map((r) => collector.store.list({ host: r.report.host })))).flat().map((row) => row.id);
  expect(stored.sort()).toEqual(reports.map((r) => r.report.id).sort());
}

describe('delivery under collector faults, in real Chromium', () => {
  it('gives up a request that never gets an answer after its timeout, and sends it once more', async () => {
    const hung = await sendInto('hung', 3, [{ kind: 'hang' }]);
    expect(hung.entries.every((e) => e.lastFailure === 'timeout' && e.attempts === 1)).toBe(true);
    // The collector stored them; the extension never heard so.
    expect((await Promise.all(hung.reports.map((r) => collector.store.list({ host: r.report.host })))).flat()).toHaveLength(3);
    await deliverWithAlarms('the hung reports to be sent again', hung.reports);
    // Bound 2: the hung request, then the one whose answer arrived.
    await expectDelivered(hung.reports, 2);
  });

  it('retries a 500, a garbled answer and a dropped connection once each; the alarm brings back only what the network cost', async () => {
    // Retry-After that outlasts the alarm below: the network's return must not override it.
    const patient = await sendInto('patient', 3, [{ kind: 'status', status: 503, retryAfter: 20 }]);
    const failing = await sendInto('failing', 3, [{ kind: 'status', status: 500, retryAfter: 20 }]);
    expect(failing.entries.every((e) => e.lastFailure === 'server' && e.attempts === 1)).toBe(true);
    const garbled = await sendInto('garbled', 3, [{ kind: 'not-json' }]);
    expect(garbled.entries.every((e) => e.lastFailure === 'invalid-response' && e.attempts === 1)).toBe(true);
    // Last: every flush alarm pulls reports that could not reach the collector forward.
    const dropped = await sendInto('dropped', 3, [{ kind: 'drop-after-store' }]);
    expect(dropped.entries.every((e) => e.lastFailure === 'unreachable')).toBe(true);

    // While reports wait for an unreachable collector, the extension's own alarm comes within a
    // minute to see whether the network is back (no page load is watched), and when it fires the
    // dropped reports go out before their backoff ends; the collector's Retry-After still holds.
    const dueBefore = Math.min(...(await mine(dropped.reports)).map((e) => e.nextAttemptAt));
    const alarm = await scheduledFlush(browser);
    // Never later than a minute from now, nor than their own backoff (Chromium's floor is 30 s).
    const now = Date.now();
    expect(alarm).toBeLessThanOrEqual(Math.max(Math.min(dueBefore, now + 60_000), now + 30_000) + 1_000);
    await fireFlushAlarm(browser);
    await waitFor(
      'the dropped reports to be resent when the alarm found the network back',
      async () => ((await mine(dropped.reports)).every((e) => e.status === 'sent') ? true : undefined),
      30_000,
    );
    expect(requestsWith(dropped.reports).at(-1)!.at).toBeLessThan(dueBefore);
    expect(requestsWith(patient.reports)).toHaveLength(1);

    const all = [patient, failing, dropped, garbled].flatMap((s) => s.reports);
    await deliverWithAlarms('every report to be delivered and marked sent', all);
    expect(faults.pending()).toBe(0);
    // Bound 2 for each set: the one request that met its fault, then the one that was answered.
    // The garbled and dropped reports were stored at the first attempt, so the second is a
    // needed resend that the collector answers "accepted" without storing them again.
    for (const set of [patient, failing, dropped, garbled]) await expectDelivered(set.reports, 2);
    for (const set of [dropped, garbled]) for (const { report } of set.reports) expect(faults.sends(report.id)).toBe(2);
    const patientResent = requestsWith(patient.reports).at(-1)!;
    expect(patientResent.at).toBeGreaterThanOrEqual(requestsWith(patient.reports)[0]!.at + 20_000);
  });

  it('holds the whole queue for a 503 and then a 429 with Retry-After, two batches deep', async () => {
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
    await deliverWithAlarms('the busy reports to be delivered', busy.reports);
    expect(faults.pending()).toBe(0);
    const requests = requestsWith(busy.reports);
    const at429 = requests.find((l) => l.outcome === 'status 429')!;
    expect(at429.at).toBeGreaterThanOrEqual(first[0]!.at + 20_000);
    expect(requests.filter((l) => l.at > at429.at).every((l) => l.at >= at429.at + 20_000)).toBe(true);
    // Bound 3: the 503 reaches the first batch only, the 429 one batch, then the answered send.
    await expectDelivered(busy.reports, 3);
    // Each fault stopped the pass it met: no other batch went out in the same second.
    expect(requests.filter((l) => l.at <= at429.at)).toHaveLength(2);
  });

  it('schedules its own retries: with no alarm fired by the test, backoff and the wake-up alarm deliver', async () => {
    const reports = await signReports(keys, 4, 'self');
    const ids = reports.map((r) => r.report.id);
    faults.script(ids, [
      { kind: 'status', status: 500 },
      { kind: 'status', status: 502 },
    ]);
    await seedQueue(browser, reports);
    // The first send comes from saving the settings, as when a user sets the endpoint; every later
    // one from the extension's own backoff and alarm.
    expect(await saveEndpoint(options, faults.url)).toMatch(/Saved/);
    const afterFirst = await waitFor(
      'the first failure to be recorded',
      async () => {
        const entries = await mine(reports);
        return entries.length === 4 && entries.every((e) => e.status === 'queued' && e.attempts === 1) ? entries : undefined;
      },
      30_000,
    );
    const firstDue = Math.min(...afterFirst.map((e) => e.nextAttemptAt));
    // The extension set its own wake-up no sooner than the backoff asks.
    expect(await waitFor('the wake-up alarm to be set', () => scheduledFlush(browser), 10_000)).toBeGreaterThanOrEqual(firstDue);

    const sent = await waitFor(
      'the extension to deliver on its own schedule',
      async () => {
        const entries = await mine(reports);
        return entries.every((e) => e.status === 'sent') ? entries : undefined;
      },
      150_000,
    );
    const sends = requestsWith(reports);
    expect(sends.map((l) => l.outcome)).toEqual(['status 500', 'status 502', 'pass']);
    // Each retry waited at least its backoff: half of 15 s, then half of 30 s (equal jitter).
    expect(sends[1]!.at - sends[0]!.at).toBeGreaterThanOrEqual(7_500);
    expect(sends[1]!.at).toBeGreaterThanOrEqual(firstDue);
    expect(sends[2]!.at - sends[1]!.at).toBeGreaterThanOrEqual(15_000);
    expect(sent.every((e) => e.attempts === 3)).toBe(true);
    // Bound 3: two faults, then the answered send.
    await expectDelivered(reports, 3);
  });
});
