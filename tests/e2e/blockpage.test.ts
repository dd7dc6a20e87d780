import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startCollector, type RunningCollector } from '../../collector/server';
import { matchRedirect } from '../../utils/blockpage/fingerprints';
import { verifyReport } from '../../utils/protocol/signing';
import { BLOCK_HOST, BLOCKPAGE_SITES } from '../support/blockpage-sites';
import { launchBrowser, type ExtensionBrowser } from '../support/browser';
import { extensionReports, openOptions, saveEndpoint, visit, waitFor } from '../support/extension';
import { settled } from '../support/settled';
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
  expect(await saveEndpoint(options, `${collector.url}/`)).toMatch(/Saved/);
  // The browsing both tests look at, done once here so either test can run alone or first.
  await Promise.all(BLOCKPAGE_SITES.filter((s) => s.host !== BLOCK_HOST).map((s) => visit(browser, `http://${s.host}/`, 'load')));
});

afterAll(async () => {
  await browser?.close();
  await collector?.close();
  await sim?.close();
});

const blocked = BLOCKPAGE_SITES.filter((s) => s.expect !== 'none');
const innocent = BLOCKPAGE_SITES.filter((s) => s.expect === 'none');

describe('block pages in real Chromium', () => {
  it('reports known, redirected and unknown block pages as confirmed blockpage with the fingerprint', async () => {
    const rows = await waitFor(
      'every block page to be reported',
      async () => {
        const all = await collector.store.list({ limit: 1000 });
        const missing = blocked.filter((s) => !all.some((r) => r.host === s.host)).map((s) => s.host);
        if (missing.length > 0) throw new Error(`not reported yet: ${missing.join(', ')}`);
        return all;
      },
      90_000,
    );
    for (const site of blocked) {
      const mine = rows.filter((r) => r.host === site.host);
      expect(mine, site.host).toHaveLength(1);
      const { report, signature } = mine[0]!;
      expect(report.verdict, site.host).toEqual({ kind: 'blockpage', confirmed: true });
      expect(report.evidence.blockpage?.source, site.host).toBe(site.expect);
      expect(report.evidence.blockpage?.fingerprint, site.host).toMatch(
        site.expect === 'heuristic' ? /^heuristic\.(kk|ru)$/ : /^(ooni|cp|cl)\./,
      );
      expect(await verifyReport(report, signature)).toBe(true);
    }
    const byHost = (h: string) => rows.find((r) => r.host === h)!.report.evidence.blockpage!;
    // The redirect names the recorded block host's own fingerprint.
    expect(byHost('redirected.test').fingerprint).toBe(matchRedirect(`http://${BLOCK_HOST}/?id=17`)!.fingerprint);
    expect(byHost('tr-national.test')).toMatchObject({ dataset: 'censoredplanet' });
    expect(byHost('kz-unknown.test')).toMatchObject({
      fingerprint: 'heuristic.kk',
      signals: expect.arrayContaining(['blocking:kk', 'short']),
    });
    expect(byHost('ru-unknown.test')).toMatchObject({
      fingerprint: 'heuristic.ru',
      signals: expect.arrayContaining(['blocking:ru', 'authority:ru']),
    });
  });

  it('reports no article about blocking, and not the block host under its own name', async () => {
    // Nothing left that could still become a report: no candidate being probed, no send.
    await settled(options, { delivered: true });
    const reported = new Set((await collector.store.list({ limit: 1000 })).map((r) => r.host));
    const local = new Set((await extensionReports(options)).map((r) => r.signed.report.host));
    for (const site of innocent) {
      expect(reported.has(site.host), site.host).toBe(false);
      expect(local.has(site.host), site.host).toBe(false);
    }
    // The short briefs were candidates for the content script: the probe fetched them and said no.
    expect(sim.log).toContain('brief-ru.test GET /');
    expect(sim.log.filter((l) => l === 'brief-ru.test GET /').length).toBeGreaterThanOrEqual(2);
    // The same brief past the size of any block page is turned away in the page: only its own load.
    expect(sim.log.filter((l) => l === 'padded-ru.test GET /')).toHaveLength(1);
  });
});
