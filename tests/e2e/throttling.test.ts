// Throttling in real Chromium, against the simulator's throttling box: a site whose ClientHello is
// held for seconds here only is reported as `throttled` with its samples, baseline and control; a
// slow server, a site slow from the collector too and a network slow for everything are not.
// The simulated sites are secure pages off the watch list, which the content script reads only
// with the deeper checks; so this runs with them (the watched sites run the same script by default).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startCollector, type RunningCollector } from '../../collector/server';
import type { Resolve } from '../../collector/ssrf-guard';
import { verifyReport } from '../../utils/protocol/signing';
import { launchBrowser, type ExtensionBrowser } from '../support/browser';
import { extensionReports, openOptions, saveEndpoint, securePagesRegistered, visit, waitFor } from '../support/extension';
import { startSimulator, THROTTLE_HOLD_MS, type Simulator } from '../support/simulator';

let sim: Simulator;
let collector: RunningCollector;
let browser: ExtensionBrowser;
let options: Page;

/**
 * The collector's own network: throttled.test and relayed.test reach their servers directly, past
 * the relays that hold the ClientHello; slow-everywhere.test goes through its relay, slow there too;
 * slow.test is the same slow server from everywhere. All on loopback.
 */
function collectorView(): Resolve {
  const ports: Record<string, () => number> = {
    'throttled.test': () => sim.backendPortOf('throttled.test'),
    'relayed.test': () => sim.backendPortOf('relayed.test'),
    'slow-everywhere.test': () => sim.portOf('slow-everywhere.test'),
    'slow.test': () => sim.portOf('slow.test'),
  };
  return async (host) => {
    const port = ports[host];
    if (!port) throw Object.assign(new Error(`ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return [{ address: '127.0.0.1', family: 4, port: port() }];
  };
}

/** What the background's throttling measurements decided so far (in the worker's memory). */
async function decisions(): Promise<Record<string, number>> {
  const worker = browser.context.serviceWorkers()[0] ?? browser.worker;
  const counts = (await worker.evaluate(() =>
    (globalThis as unknown as { blockwatchActivity(): Record<string, number> }).blockwatchActivity(),
  )) as Record<string, number>;
  return Object.fromEntries(Object.entries(counts).filter(([name]) => name.startsWith('throttling.')));
}

async function decided(reason: string): Promise<void> {
  await waitFor(
    `a throttling measurement to decide ${reason}`,
    async () => ((await decisions())[`throttling.${reason}`] ? true : undefined),
    90_000,
  );
}

async function reported(host: string): Promise<boolean> {
  const atCollector = (await collector.store.list({ limit: 1000 })).some((r) => r.host === host);
  const inBrowser = (await extensionReports(options)).some((r) => r.signed.report.host === host);
  return atCollector || inBrowser;
}

const held = (host: string) => sim.log.filter((line) => line.startsWith(`${host} ClientHello held`)).length;

beforeAll(async () => {
  sim = await startSimulator();
  collector = await startCollector({
    port: 0,
    control: { resolve: collectorView(), allowAddress: (a) => a === '127.0.0.1', ca: sim.trustedCertPem },
  });
  browser = await launchBrowser({ args: sim.chromiumArgs(), deeper: true });
  await securePagesRegistered(browser);
  options = await openOptions(browser);
  expect(await saveEndpoint(options, collector.url)).toMatch(/Saved/);
});

afterAll(async () => {
  await browser?.close();
  await collector?.close();
  await sim?.close();
});

describe('throttling', () => {
  it('reports a site whose handshake is held here only as throttled, with samples, baseline and control', async () => {
    const site = sim.sites.throttled;
    await visit(browser, site.url);
    const row = await waitFor(
      'the throttled report at the collector',
      async () => (await collector.store.list({ limit: 1000 })).find((r) => r.host === site.host),
      90_000,
    );
    const { report, signature } = row;
    expect(report.verdict).toEqual({ kind: 'throttled', confirmed: true });
    expect(report.trigger).toBe('auto');
    expect(report.url).toBe('https://throttled.test/');
    expect(await verifyReport(report, signature)).toBe(true);

    const throttling = report.evidence.throttling!;
    // The page load as the browser timed it: the held handshake.
    expect(throttling.page?.tlsMs).toBeGreaterThanOrEqual(THROTTLE_HOLD_MS - 100);
    expect(throttling.rounds).toHaveLength(3);
    for (const round of throttling.rounds) {
      expect(round.site.error).toBeUndefined();
      expect(round.site.tlsMs).toBeGreaterThanOrEqual(THROTTLE_HOLD_MS - 100);
      expect(round.site.ms).toBeGreaterThanOrEqual(round.site.tlsMs!);
      // The three canaries, at the same moment, on new connections of their own.
      expect(round.baseline).toMatchObject({ sites: 3 });
      expect(round.baseline!.tlsMs).toBeLessThan(400);
    }
    // The collector reached the server directly: quick, and it says so.
    expect(report.evidence.control).toMatchObject({ ok: true, status: 200 });
    expect(report.evidence.control!.ms).toBeLessThan(2_000);
    // Every round opened a connection of its own: the page, the probe and three rounds were each held.
    expect(held(site.host)).toBeGreaterThanOrEqual(5);
    expect((await decisions())['throttling.throttled']).toBe(1);
  });

  it('does not report a server that answers slowly after a fast handshake', async () => {
    await visit(browser, sim.sites.slow.url);
    await decided('fast-handshake');
    expect(await reported(sim.sites.slow.host)).toBe(false);
  });

  it('does not report a site that is slow from the collector as well', async () => {
    const site = sim.sites.throttledEverywhere;
    await visit(browser, site.url);
    await decided('slow-from-control');
    // Slow here in every round, and from the collector's network too: slow, not throttled here.
    expect(held(site.host)).toBeGreaterThanOrEqual(5);
    expect(await reported(site.host)).toBe(false);
  });

  it('does not report anything while the network is slow for everything', async () => {
    sim.setSlowNetwork(THROTTLE_HOLD_MS);
    try {
      const site = sim.sites.relayed;
      await visit(browser, site.url);
      await decided('slow-baseline');
      expect(held(site.host)).toBeGreaterThanOrEqual(2);
      expect(held('canary')).toBeGreaterThanOrEqual(3);
      expect(await reported(site.host)).toBe(false);
    } finally {
      sim.setSlowNetwork(0);
    }
  });

  it('sent nothing but the one throttled report', async () => {
    expect((await collector.store.list({ limit: 1000 })).map((r) => r.host)).toEqual(['throttled.test']);
  });
});
