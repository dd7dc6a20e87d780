import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { startCollector, type RunningCollector } from '../../collector/server';
import { verifyReport } from '../../utils/protocol/signing';
import { waitFor } from '../support/extension';
import {
  extensionReports,
  extensionStorage,
  indexedDbRecords,
  openOptions,
  saveEndpoint,
  saveSettings,
  visit,
} from '../support/firefox/pages';
import { startFirefoxScenario, type FirefoxScenario } from '../support/firefox/scenario';
import type { SiteName } from '../support/simulator';

let scenario: FirefoxScenario;
let collector: RunningCollector;
let options: Page;

beforeAll(async () => {
  // A TLS handshake that never completes fails the page after 5 s instead of Firefox's 30.
  [scenario, collector] = await Promise.all([
    startFirefoxScenario({ prefs: { 'network.http.tls-handshake-timeout': 5 } }),
    startCollector({ port: 0 }),
  ]);
  options = await openOptions(scenario.firefox);
  await saveSettings(options, { probeTimeoutMs: 4_000 });
  expect(await saveEndpoint(options, collector.url)).toMatch(/Saved/);
});

afterAll(async () => {
  await scenario?.close();
  await collector?.close();
});

const BLOCKED: SiteName[] = ['reset', 'dns', 'stall', 'untrusted', 'plaintext443', 'http451'];
const HEALTHY: SiteName[] = ['healthy', 'notFound', 'slow', 'httpOnly'];
const KNOWN_BLOCKPAGE = 'ru-provider.test';

describe('blocking in real Firefox', () => {
  it('reports each kind of blocking, confirmed, signed and origin-only', async () => {
    const { sim } = scenario;
    const pages = [...BLOCKED, ...HEALTHY].map((name) => sim.sites[name].url);
    pages.push(`http://${KNOWN_BLOCKPAGE}/`, scenario.interceptedRoot.url);
    // Reports arrive while tabs still settle; how long a failed load takes to show is not the question here.
    const visits = Promise.all(pages.map((url) => visit(scenario.firefox, url)));

    const expected = [...BLOCKED.map((n) => sim.sites[n].host), KNOWN_BLOCKPAGE, scenario.interceptedRoot.host];
    const rows = await waitFor(
      'every blocked site to be reported',
      async () => {
        const all = await collector.store.list({ limit: 1000 });
        const missing = expected.filter((h) => !all.some((r) => r.host === h));
        if (missing.length > 0) throw new Error(`not reported yet: ${missing.join(', ')}`);
        return all;
      },
      150_000,
    );
    await visits;
    for (const name of BLOCKED) {
      const site = sim.sites[name];
      const mine = rows.filter((r) => r.host === site.host);
      expect(mine, site.host).toHaveLength(1);
      const { report, signature } = mine[0]!;
      expect(report.verdict, site.host).toEqual({ kind: site.expect, confirmed: true });
      expect(report.url).toBe(`${new URL(site.url).origin}/`);
      expect(report.client.browser).toMatch(/^Firefox \d+$/);
      expect(await verifyReport(report, signature)).toBe(true);
    }
    const byHost = (host: string) => rows.find((r) => r.host === host)!.report;
    expect(byHost(sim.sites.http451.host).evidence.blockpage).toEqual({ fingerprint: 'http-451', source: 'status' });
    // Firefox words certificate failures in the user's language; the report carries the error's name.
    expect(byHost(sim.sites.untrusted.host).evidence.probe?.error).toBe('MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT');
    expect(byHost(sim.sites.untrusted.host).evidence.navigationError).toBe('MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT');
    expect(byHost(sim.sites.plaintext443.host).evidence.probe?.error).toBe('NSS_ERROR_UNNAMED');

    const known = byHost(KNOWN_BLOCKPAGE);
    expect(known).toBeDefined();
    expect(known.verdict).toEqual({ kind: 'blockpage', confirmed: true });
    expect(known.evidence.blockpage).toMatchObject({ source: 'body' });
    expect(known.evidence.blockpage?.fingerprint).toMatch(/^(ooni|cp|cl)\./);
  });

  it('recognises a page served through an installed interception root by the issuer of its chain', async () => {
    const rows = await collector.store.list({ host: scenario.interceptedRoot.host });
    expect(rows).toHaveLength(1);
    const { report, signature } = rows[0]!;
    // The page itself loaded without a warning: only the certificate chain shows the interception.
    expect(scenario.interceptedRoot.requests()).toBeGreaterThanOrEqual(1);
    expect(report.verdict).toEqual({ kind: 'tls_mitm', confirmed: true });
    expect(report.evidence.interception).toMatchObject({ fingerprint: 'kz.qaznet-trust-network', country: 'KZ' });
    expect(report.evidence.interception?.issuer).toMatch(/Qaznet Trust Network/);
    expect(await verifyReport(report, signature)).toBe(true);
  });

  it('sends no report for healthy, missing, slow or HTTP-only pages', async () => {
    // The blocked reports arrived after these pages loaded, so any report about them would be in by now.
    await new Promise((r) => setTimeout(r, 3_000));
    const reported = new Set((await collector.store.list({ limit: 1000 })).map((r) => r.host));
    const local = new Set((await extensionReports(options)).map((r) => r.signed.report.host));
    for (const name of HEALTHY) {
      expect(reported.has(scenario.sim.sites[name].host), name).toBe(false);
      expect(local.has(scenario.sim.sites[name].host), name).toBe(false);
    }
    expect(scenario.sim.hits(scenario.sim.sites.healthy.host)).toBeGreaterThanOrEqual(1);
  });

  it('sends a short news brief to the background, and turns away the same brief padded past any block page in the page', async () => {
    const { sim } = scenario;
    const loads = (host: string) => sim.log.filter((l) => l === `${host} GET /`).length;
    await Promise.all(['brief-ru.test', 'padded-ru.test'].map((host) => visit(scenario.firefox, `http://${host}/`)));
    // The probe fetches a candidate again; the padded copy's only request is its own load.
    await waitFor('the probe of the short brief', async () => (loads('brief-ru.test') >= 2 ? true : undefined), 60_000);
    await new Promise((r) => setTimeout(r, 2_000));
    expect(loads('padded-ru.test')).toBe(1);
    const reported = new Set((await collector.store.list({ limit: 1000 })).map((r) => r.host));
    expect(reported.has('brief-ru.test')).toBe(false);
    expect(reported.has('padded-ru.test')).toBe(false);
  });

  it('keeps what it found in its own IndexedDB and storage, every report marked sent', async () => {
    const stored = await indexedDbRecords<{ id: string; status: string; signed: { report: { host: string } } }>(options, 'reports');
    expect(stored.map((r) => r.signed.report.host).sort()).toEqual((await collector.store.list({ limit: 1000 })).map((r) => r.host).sort());
    expect(stored.every((r) => r.status === 'sent')).toBe(true);
    expect(await extensionStorage(options)).toMatchObject({ settings: { endpoint: collector.url, probeTimeoutMs: 4_000 } });
  });

  it('counts a canary behind interception as up, so a blocked site is still reported', async () => {
    // The only canary now fails on its certificate: the network carried the handshake, it is not down.
    await saveSettings(options, { canaries: ['https://intercepted.test/'] });
    await visit(scenario.firefox, 'https://down.test/');
    const row = await waitFor('the down.test report', async () => (await collector.store.list({ host: 'down.test' }))[0], 60_000);
    expect(row.report.verdict).toEqual({ kind: 'tcp_reset', confirmed: true });
    expect(row.report.evidence.canaries).toMatchObject({
      checked: 1,
      reachable: 1,
      results: [{ url: 'https://intercepted.test/', ok: true, error: 'MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT' }],
    });
  });

  it('never let a name leave loopback: every unmapped name met the SOCKS wall', () => {
    expect(scenario.socks.log.every((line) => line.endsWith('-> unreachable'))).toBe(true);
    expect(scenario.socks.log.some((line) => line.startsWith('gone.test:'))).toBe(true);
  });
});
