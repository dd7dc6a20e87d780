import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type ExtensionBrowser } from '../support/browser';
import { visit } from '../support/extension';
import { startSimulator, type Simulator } from '../support/simulator';

/**
 * The default Chromium build costs a healthy page nothing: it holds no webRequest permission, and
 * the worker handles no event while ordinary pages load. The worker's own count of every listener
 * call is read before and after (utils/pipeline/activity.ts).
 */
let sim: Simulator;
let browser: ExtensionBrowser;

type Counts = Record<string, number>;
const activity = () => browser.worker.evaluate(() => (globalThis as unknown as { blockwatchActivity(): Counts }).blockwatchActivity());

beforeAll(async () => {
  sim = await startSimulator();
  browser = await launchBrowser({ args: sim.chromiumArgs() });
});

afterAll(async () => {
  await browser?.close();
  await sim?.close();
});

describe('healthy browsing in the default mode', () => {
  it('asks for no webRequest permission, only to be offered it', async () => {
    const manifest = await browser.worker.evaluate(() =>
      (
        globalThis as unknown as { chrome: { runtime: { getManifest(): { permissions?: string[]; optional_permissions?: string[] } } } }
      ).chrome.runtime.getManifest(),
    );
    expect(manifest.permissions).not.toContain('webRequest');
    expect(manifest.optional_permissions).toEqual(['webRequest']);
  });

  it('handles no event while healthy pages, a 404, an HTTP-only page and broken sub-resources load', async () => {
    const before = await activity();
    // Not the slow site: a first byte that takes seconds is a throttling signal, and is meant to be heard.
    const sites = [sim.sites.healthy, sim.sites.notFound, sim.sites.brokenSubresources, sim.sites.httpOnly];
    for (const site of sites) {
      const page = await visit(browser, site.url, 'load');
      await page.close();
    }
    // Events would arrive within milliseconds of the load; a second covers a slow machine.
    await new Promise((r) => setTimeout(r, 1_000));
    const after = await activity();
    const page = (name: string) => (after[name] ?? 0) - (before[name] ?? 0);
    expect(page('webNavigation.onErrorOccurred')).toBe(0);
    expect(page('webNavigation.onCommitted')).toBe(0);
    expect(page('runtime.onMessage')).toBe(0);
    // Closing the tabs is not a page load; it is the one event these visits may cause.
    expect(Object.keys(after).filter((k) => k !== 'tabs.onRemoved' && page(k) !== 0)).toEqual([]);
  });

  it('does hear a failed page: the counting sees what it is meant to see', async () => {
    const before = await activity();
    await (await visit(browser, sim.sites.reset.url)).close();
    const after = await activity();
    expect((after['webNavigation.onErrorOccurred'] ?? 0) - (before['webNavigation.onErrorOccurred'] ?? 0)).toBeGreaterThanOrEqual(1);
  });
});
