import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { startCollector, type RunningCollector } from '../../collector/server';
import { waitFor } from '../support/extension';
import { extensionReports, indexedDbRecords, openOptions, saveEndpoint, saveSettings, visit } from '../support/firefox/pages';
import { startFirefoxScenario, type FirefoxScenario } from '../support/firefox/scenario';

/**
 * A user behind a SOCKS proxy with remote DNS, as circumvention tools set Firefox up: the proxy
 * resolves every name, and Firefox reports each page's address as 0.0.0.0. That is no DNS answer
 * of this computer, so no page may start the DNS check and no name may reach the resolver.
 */
let scenario: FirefoxScenario;
let collector: RunningCollector;
let options: Page;

const PROXIED = ['healthy.test', 'slow.test', 'plain.test', 'reset.test'];

beforeAll(async () => {
  [scenario, collector] = await Promise.all([startFirefoxScenario({ proxied: PROXIED }), startCollector({ port: 0 })]);
  options = await openOptions(scenario.firefox);
  // The resolver is one the test can watch; it is reached directly, as the default one would be.
  await saveSettings(options, { dohResolver: scenario.sim.dohUrl, probeTimeoutMs: 4_000 });
  expect(await saveEndpoint(options, collector.url)).toMatch(/Saved/);
});

afterAll(async () => {
  await scenario?.close();
  await collector?.close();
});

describe('behind a SOCKS proxy with remote DNS, in real Firefox', () => {
  it('loads pages through the proxy, with the proxy doing the name lookups', async () => {
    for (const url of ['https://healthy.test/', 'https://slow.test/', 'http://plain.test/']) await visit(scenario.firefox, url);
    const carried = scenario.socks.log.filter((l) => l.endsWith('-> carried')).map((l) => l.split(':')[0]);
    expect(new Set(carried)).toEqual(new Set(['healthy.test', 'slow.test', 'plain.test']));
    expect(scenario.sim.hits('healthy.test')).toBeGreaterThanOrEqual(1);
    expect(scenario.sim.hits('plain.test')).toBeGreaterThanOrEqual(1);
  });

  it('sends no name to the DNS-over-HTTPS resolver and reports nothing about pages that loaded', async () => {
    // A suspicion would have been admitted and probed within a second of the load.
    await new Promise((r) => setTimeout(r, 3_000));
    expect(scenario.sim.doh.queries).toEqual([]);
    expect(await indexedDbRecords(options, 'recent')).toEqual([]);
    expect(await extensionReports(options)).toEqual([]);
    expect(await collector.store.count()).toBe(0);
  });

  it('still reports a site the proxy cannot reach past a reset, with its real kind', async () => {
    await visit(scenario.firefox, 'https://reset.test/');
    const row = await waitFor('the reset report', async () => (await collector.store.list({ host: 'reset.test' }))[0], 60_000);
    expect(row.report.verdict).toEqual({ kind: 'tcp_reset', confirmed: true });
    expect(scenario.sim.doh.queries).toEqual([]);
  });
});
