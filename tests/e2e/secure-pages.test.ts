// Where the content script runs in real Chromium. By default: plain http:// pages and the secure
// pages of the sites on the watch list, and no other https:// page (a content script costs every
// page it runs on). With the deeper checks: every secure page too, and a watched one only once.
// Whether it ran is read from the page's JavaScript worlds over the DevTools protocol.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startCollector, type RunningCollector } from '../../collector/server';
import { launchBrowser, type ExtensionBrowser } from '../support/browser';
import { openOptions, registeredScripts, saveEndpoint, securePagesRegistered, visit, waitFor } from '../support/extension';
import { startSimulator, WATCHED_HOST, type Simulator } from '../support/simulator';

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator();
});

afterAll(async () => {
  await sim?.close();
});

interface ExecutionContext {
  name: string;
  origin: string;
  auxData?: { type?: string };
}

/** How many of Blockwatch's isolated worlds the page has: one per content script that ran in it. */
async function blockwatchWorlds(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  const contexts: ExecutionContext[] = [];
  cdp.on('Runtime.executionContextCreated', (event: { context: ExecutionContext }) => contexts.push(event.context));
  // Runtime.enable reports every context that already exists before it answers.
  await cdp.send('Runtime.enable');
  await cdp.detach();
  return contexts.filter((c) => c.auxData?.type === 'isolated' && c.origin.startsWith('chrome-extension://')).length;
}

/** Visits `url` and counts the worlds once the page is idle (the content script runs at document_idle). */
async function worldsOn(browser: ExtensionBrowser, url: string): Promise<number> {
  const page = await visit(browser, url, 'load');
  // A script that runs does so within moments of the load event; a page without one stays at 0.
  const count = await waitFor(
    `a content script on ${url}`,
    async () => {
      const worlds = await blockwatchWorlds(page);
      return worlds > 0 ? worlds : undefined;
    },
    3_000,
  ).catch(() => 0);
  await page.close();
  return count;
}

const reportedHosts = async (collector: RunningCollector) => (await collector.store.list({ limit: 1000 })).map((r) => r.host);

for (const deeper of [false, true]) {
  describe(deeper ? 'with the deeper checks' : 'by default', () => {
    let browser: ExtensionBrowser;
    let collector: RunningCollector;

    beforeAll(async () => {
      collector = await startCollector({ port: 0 });
      browser = await launchBrowser({ args: sim.chromiumArgs(), deeper });
      const options = await openOptions(browser);
      expect(await saveEndpoint(options, collector.url)).toMatch(/Saved/);
      await options.close();
    });

    afterAll(async () => {
      await browser?.close();
      await collector?.close();
    });

    it(deeper ? 'registers the script for every secure page but the watched ones' : 'registers nothing beyond the manifest', async () => {
      const manifest = await browser.worker.evaluate(() =>
        (
          globalThis as unknown as { chrome: { runtime: { getManifest(): { content_scripts: { matches: string[] }[] } } } }
        ).chrome.runtime.getManifest(),
      );
      const matches = manifest.content_scripts[0]!.matches;
      expect(matches[0]).toBe('http://*/*');
      expect(matches).toContain(`https://*.${WATCHED_HOST}/*`);
      expect(matches).not.toContain('<all_urls>');
      expect(matches).not.toContain('https://*/*');
      if (!deeper) {
        expect(await registeredScripts(browser)).toEqual([]);
        return;
      }
      const [script] = await securePagesRegistered(browser);
      expect(script).toMatchObject({ matches: ['https://*/*'], js: ['blockpage-scan.js'] });
      expect(script!.excludeMatches).toEqual(matches.slice(1));
    });

    it(`runs the content script on plain and watched pages${deeper ? ', and on every other secure page' : ' only'}`, async () => {
      expect(await worldsOn(browser, sim.sites.httpOnly.url)).toBe(1);
      // Exactly one: the manifest's script, never the registration's as well.
      expect(await worldsOn(browser, sim.sites.http451.url)).toBe(1);
      expect(await worldsOn(browser, sim.sites.healthy.url)).toBe(deeper ? 1 : 0);
    });

    it(`${deeper ? 'reports' : 'does not hear of'} HTTP 451 on a secure site off the watch list`, async () => {
      const unlisted = sim.sites.http451Unlisted;
      const page = await visit(browser, unlisted.url, 'load');
      // The watched 451 site, visited after it, is the sign that messages are being handled.
      const watched = await visit(browser, sim.sites.http451.url, 'load');
      await waitFor(
        'the watched 451 site to be reported',
        async () => ((await reportedHosts(collector)).includes(WATCHED_HOST) ? true : undefined),
        60_000,
      );
      if (deeper) {
        await waitFor(
          'the unlisted 451 site to be reported',
          async () => ((await reportedHosts(collector)).includes(unlisted.host) ? true : undefined),
          60_000,
        );
        const row = (await collector.store.list({ limit: 1000 })).find((r) => r.host === unlisted.host)!;
        expect(row.report.evidence.blockpage).toEqual({ fingerprint: 'http-451', source: 'status' });
      } else {
        expect(await reportedHosts(collector)).not.toContain(unlisted.host);
      }
      await Promise.all([page.close(), watched.close()]);
    });
  });
}
