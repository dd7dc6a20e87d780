import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startCollector, type RunningCollector } from '../../collector/server';
import { verifyReport } from '../../utils/protocol/signing';
import { launchBrowser, type ExtensionBrowser } from '../support/browser';
import { extensionReports, openOptions, saveEndpoint, storedSettings, visit, waitFor } from '../support/extension';
import { startSimulator, type SiteName, type Simulator } from '../support/simulator';

let sim: Simulator;
let collector: RunningCollector;
let browser: ExtensionBrowser;
let options: Page;

beforeAll(async () => {
  sim = await startSimulator();
  collector = await startCollector({ port: 0 });
  // As for a real user, Chromium tries http:// links over HTTPS first.
  browser = await launchBrowser({ args: sim.chromiumArgs({ httpsUpgrades: true }) });
  options = await openOptions(browser);
});

afterAll(async () => {
  await browser?.close();
  await collector?.close();
  await sim?.close();
});

async function collectorHosts(): Promise<string[]> {
  return (await collector.store.list({ limit: 1000 })).map((r) => r.host);
}

describe('the collection endpoint', () => {
  it('refuses an endpoint that is not https, shows why, and keeps nothing', async () => {
    const status = await saveEndpoint(options, 'http://collector.example.org');
    expect(status).toMatch(/https/);
    expect((await storedSettings(options)).endpoint).toBeNull();
    expect(await options.getByLabel('Collection endpoint').getAttribute('aria-invalid')).toBe('true');
  });

  it('keeps a blocked site queued in the browser until an endpoint is chosen, then sends it', async () => {
    const site = sim.sites.reset;
    await visit(browser, `${site.url}news/2024/some-article?utm_source=x#comments`);
    const queued = await waitFor(
      'the reset report to be queued',
      async () => (await extensionReports(options)).find((r) => r.signed.report.host === site.host),
      30_000,
    );
    expect(queued.status).toBe('queued');
    expect(await collector.store.count()).toBe(0);

    const status = await saveEndpoint(options, `${collector.url}/`);
    expect(status).toMatch(/Saved/);
    expect((await storedSettings(options)).endpoint).toBe(collector.url);
    await waitFor(
      'the reset report to reach the collector',
      async () => ((await collectorHosts()).includes(site.host) ? true : undefined),
      15_000,
    );
  });
});

describe('blocking, as the simulator serves it', () => {
  const blocked: SiteName[] = ['dns', 'untrusted', 'plaintext443', 'http451', 'stall'];
  const healthy: SiteName[] = [
    'healthy',
    'notFound',
    'slow',
    'httpOnly',
    'httpOnlyUpgradable',
    'brokenSubresources',
    'intranet',
    'intranetSingleLabel',
  ];

  it('reaches the collector with the right kind, a valid signature and an origin-only URL', async () => {
    await Promise.all([...blocked, ...healthy].map((name) => visit(browser, sim.sites[name].url)));
    // The user starts loading a page that never answers, then goes elsewhere.
    const abandoned = await browser.context.newPage();
    void abandoned.goto(sim.sites.abandoned.url).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 1_500));
    await abandoned.goto(sim.sites.healthy.url);

    const expectedHosts = [...blocked.map((n) => sim.sites[n].host), sim.sites.reset.host];
    const stored = await waitFor(
      'every blocked site to be reported',
      async () => {
        const rows = await collector.store.list({ limit: 1000 });
        return expectedHosts.every((h) => rows.some((r) => r.host === h)) ? rows : undefined;
      },
      120_000,
    );
    for (const name of [...blocked, 'reset' as const]) {
      const site = sim.sites[name];
      const rows = stored.filter((r) => r.host === site.host);
      expect(rows, site.host).toHaveLength(1);
      const { report, signature } = rows[0]!;
      expect(report.verdict, site.host).toEqual({ kind: site.expect, confirmed: true });
      expect(report.trigger).toBe('auto');
      expect(report.url).toBe(`${new URL(site.url).origin}/`);
      expect(await verifyReport(report, signature)).toBe(true);
    }
    expect(stored.find((r) => r.host === sim.sites.http451.host)?.report.evidence.blockpage).toEqual({
      fingerprint: 'http-451',
      source: 'status',
    });
  });

  it('sends no report for healthy sites, 404s, slow or HTTP-only sites, broken sub-resources, abandoned loads or intranet hosts', async () => {
    // The blocked reports above arrived after these visits, so any report about them would be in by now.
    await new Promise((r) => setTimeout(r, 3_000));
    const hosts = new Set(await collectorHosts());
    const local = new Set((await extensionReports(options)).map((r) => r.signed.report.host));
    // The HTTP-only site really was tried over HTTPS first, and that attempt failed.
    expect(sim.log).toContain(`${sim.sites.httpOnlyUpgradable.host} TLS ClientHello`);
    for (const name of [...healthy, 'abandoned' as const]) {
      expect(hosts.has(sim.sites[name].host), name).toBe(false);
      expect(local.has(sim.sites[name].host), name).toBe(false);
    }
  });

  it('marks every delivered report as sent in the extension', async () => {
    const reports = await extensionReports(options);
    expect(reports.length).toBeGreaterThanOrEqual(6);
    expect(reports.filter((r) => r.status !== 'sent')).toEqual([]);
  });
});
