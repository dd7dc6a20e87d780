import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startCollector, type RunningCollector } from '../../collector/server';
import { verifyReport } from '../../utils/protocol/signing';
import { launchBrowser, type ExtensionBrowser } from '../support/browser';
import { extensionReports, openOptions, saveEndpoint, visit, waitFor } from '../support/extension';
import { startSimulator, type Simulator } from '../support/simulator';

let sim: Simulator;
let collector: RunningCollector;
let browser: ExtensionBrowser;
let options: Page;

beforeAll(async () => {
  sim = await startSimulator();
  collector = await startCollector({ port: 0 });
  browser = await launchBrowser({ args: sim.chromiumArgs() });
  options = await openOptions(browser);
  expect(await saveEndpoint(options, collector.url)).toMatch(/Saved/);
});

afterAll(async () => {
  await browser?.close();
  await collector?.close();
  await sim?.close();
});

/** What the background keeps in IndexedDB about the outage, read inside the service worker. */
async function outageState(): Promise<{ open: boolean; held: string[] }> {
  return browser.worker.evaluate(
    () =>
      new Promise<{ open: boolean; held: string[] }>((resolve, reject) => {
        const request = indexedDB.open('blockwatch');
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const db = request.result;
          const tx = db.transaction(['outage', 'held'], 'readonly');
          const current = tx.objectStore('outage').get('current');
          const held = tx.objectStore('held').getAll();
          tx.oncomplete = () => {
            db.close();
            resolve({ open: current.result !== undefined, held: (held.result as { host: string }[]).map((s) => s.host).sort() });
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

describe('a network-wide outage', () => {
  // Sites that load, reset, serve a block page and fail DNS once the network is back.
  const during = ['healthy.test', 'reset.test', 'censored.test', 'gone.test'];

  it('holds every failure while the canaries fail too, and sends nothing per site', async () => {
    sim.setOutage(true);
    await Promise.all(during.map((host) => visit(browser, `https://${host}/`)));
    const state = await waitFor(
      'every failure to be held',
      async () => {
        const s = await outageState();
        return s.held.length === during.length ? s : undefined;
      },
      60_000,
    );
    expect(state).toEqual({ open: true, held: [...during].sort() });
    expect(await extensionReports(options)).toEqual([]);
    expect(await collector.store.count()).toBe(0);
    expect(sim.log).toContain('outage: connection reset');
  });

  it('after recovery reports the outage once, re-probes what was held, and reports only what still fails', async () => {
    const downUntil = Date.now();
    sim.setOutage(false);
    // The user goes on browsing; the recovery check comes from the extension's own once-a-minute
    // alarm, which exists only while an outage is open (no page load is watched).
    await visit(browser, 'https://healthy.test/');
    await waitFor(
      'the outage report and the still-blocked sites at the collector',
      async () => {
        const hosts = (await collector.store.list({ limit: 100 })).map((r) => r.kind);
        return ['outage', 'tcp_reset', 'blockpage', 'dns'].every((k) => hosts.includes(k)) ? true : undefined;
      },
      60_000,
    );
    // Give a duplicate, if there were one, time to arrive.
    await new Promise((r) => setTimeout(r, 2_000));
    const rows = await collector.store.list({ limit: 100 });

    const outages = rows.filter((r) => r.kind === 'outage');
    expect(outages).toHaveLength(1);
    const { report, signature } = outages[0]!;
    expect(report.verdict).toEqual({ kind: 'outage', confirmed: true });
    expect(await verifyReport(report, signature)).toBe(true);
    const period = report.evidence.outage!;
    expect(period.held).toBe(during.length);
    expect(Date.parse(period.start)).toBeLessThanOrEqual(downUntil);
    expect(Date.parse(period.end)).toBeGreaterThanOrEqual(downUntil);
    expect(report.createdAt).toBe(period.start);
    expect(report.evidence.canaries).toMatchObject({ checked: 3, reachable: 0 });
    // It names the canary that answered again, not a site the user visited.
    expect(during).not.toContain(report.host);

    // The site that works again is not reported; the blocked ones are, as what they are.
    expect(rows.filter((r) => r.host === 'healthy.test')).toEqual([]);
    expect(rows.filter((r) => r.host === 'reset.test').map((r) => r.report.verdict)).toEqual([{ kind: 'tcp_reset', confirmed: true }]);
    expect(rows.filter((r) => r.host === 'censored.test').map((r) => r.report.verdict)).toEqual([{ kind: 'blockpage', confirmed: true }]);
    expect(rows.filter((r) => r.host === 'gone.test').map((r) => r.report.verdict)).toEqual([{ kind: 'dns', confirmed: true }]);
    expect(rows).toHaveLength(4);
    expect(await outageState()).toEqual({ open: false, held: [] });
  });
});
