import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { startCollector, type RunningCollector } from '../../collector/server';
import type { QueuedReport } from '../../utils/storage/records';
import type { SignedReport } from '../../utils/protocol/report-schema';
import { waitFor } from '../support/extension';
import { startFaultCollector, type Fault, type FaultCollector } from '../support/fault-collector';
import { makeKeys, type TestKeys } from '../support/fixtures';
import { extensionReports, fireFlushAlarm, openOptions, saveEndpoint, seedReportQueue, visit } from '../support/firefox/pages';
import { startFirefoxScenario, type FirefoxScenario } from '../support/firefox/scenario';
import { signReports } from '../support/seed-reports';

let scenario: FirefoxScenario;
let collector: RunningCollector;
let faults: FaultCollector;
let options: Page;
let keys: TestKeys;

beforeAll(async () => {
  [scenario, collector] = await Promise.all([startFirefoxScenario(), startCollector({ port: 0 })]);
  faults = await startFaultCollector(collector.url);
  keys = await makeKeys();
  options = await openOptions(scenario.firefox);
  expect(await saveEndpoint(options, faults.url)).toMatch(/Saved/);
});

afterAll(async () => {
  await scenario?.close();
  await faults?.close();
  await collector?.close();
});

async function entriesOf(ids: Iterable<string>): Promise<QueuedReport[]> {
  const wanted = new Set(ids);
  return (await extensionReports(options)).filter((e) => wanted.has(e.id));
}

/** Seeds reports, fires the alarm, and waits until their first request met its fault and they were put back. */
async function sendInto(label: string, faultList: Fault[]): Promise<{ reports: SignedReport[]; entries: QueuedReport[] }> {
  const reports = await signReports(keys, 3, label);
  const ids = reports.map((r) => r.report.id);
  faults.script(ids, faultList);
  const now = Date.now();
  await seedReportQueue(
    options,
    reports.map((signed) => ({ id: signed.report.id, signed, status: 'queued', attempts: 0, nextAttemptAt: now, queuedAt: now })),
  );
  await fireFlushAlarm(options);
  const entries = await waitFor(
    `${label}: the fault to be met and the reports put back`,
    async () => {
      const found = await entriesOf(ids);
      return faults.pending() === 0 && found.length === 3 && found.every((e) => e.status === 'queued' && e.attempts === 1)
        ? found
        : undefined;
    },
    30_000,
  );
  return { reports, entries };
}

describe('delivery under collector faults, in real Firefox', () => {
  it('keeps a real report while the collector is unreachable and sends it when its own alarm finds the network back', async () => {
    faults.setDown(true);
    await visit(scenario.firefox, scenario.sim.sites.reset.url);
    const waiting = await waitFor(
      'a failed delivery attempt',
      async () =>
        (await extensionReports(options)).find((e) => e.signed.report.host === 'reset.test' && e.attempts > 0 && e.status === 'queued'),
      60_000,
    );
    expect(waiting.lastFailure).toBe('unreachable');
    expect(await collector.store.count()).toBe(0);

    faults.setDown(false);
    // The user goes on browsing, but no page load is watched: the flush alarm, set no sooner than
    // 30 s and no later than a minute after the failed attempt, finds the collector reachable.
    await visit(scenario.firefox, scenario.sim.sites.healthy.url);
    await waitFor('the report to be sent', async () => ((await entriesOf([waiting.id]))[0]?.status === 'sent' ? true : undefined), 75_000);
    expect((await collector.store.list({ host: 'reset.test' })).map((r) => r.id)).toEqual([waiting.id]);
  });

  it('waits out Retry-After, resends what a garbled answer left unknown, and stores each report once', async () => {
    const busy = await sendInto('busy', [{ kind: 'status', status: 503, retryAfter: 5 }]);
    const answered503At = faults.log.find((l) => l.outcome === 'status 503')!.at;
    for (const entry of busy.entries) {
      expect(entry.lastError).toMatch(/503/);
      expect(entry.nextAttemptAt).toBeGreaterThanOrEqual(answered503At + 5_000);
    }
    const garbled = await sendInto('garbled', [{ kind: 'not-json' }]);
    expect(garbled.entries.every((e) => e.lastFailure === 'invalid-response')).toBe(true);
    const busyIds = new Set(busy.reports.map((r) => r.report.id));
    const all = [...busy.reports, ...garbled.reports];

    await waitFor(
      'every report to be delivered and marked sent',
      async () => {
        const entries = await entriesOf(all.map((r) => r.report.id));
        if (entries.every((e) => e.status === 'sent')) return true;
        await fireFlushAlarm(options);
        return undefined;
      },
      60_000,
    );
    // Nothing of the busy set went out again before its Retry-After ended.
    const busyRequests = faults.log.filter((l) => l.ids.some((id) => busyIds.has(id)));
    expect(busyRequests.slice(1).every((l) => l.at >= answered503At + 5_000)).toBe(true);
    // The garbled answer's reports were stored the first time, sent again, and kept once.
    const garbledIds = new Set(garbled.reports.map((r) => r.report.id));
    expect(faults.log.filter((l) => l.ids.some((id) => garbledIds.has(id))).length).toBeGreaterThanOrEqual(2);
    expect(await collector.store.count()).toBe(1 + 6);
    for (const report of all) expect(await collector.store.list({ host: report.report.host })).toHaveLength(1);
  });
});
