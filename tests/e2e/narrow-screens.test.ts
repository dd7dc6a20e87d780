import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type ExtensionBrowser } from '../support/browser';
import { extensionReports, openOptions, waitFor } from '../support/extension';
import { SCREENSHOT_DIR } from '../support/popup';
import { startSimulator, type Simulator } from '../support/simulator';

/**
 * Firefox for Android shows the popup, the history, the options and Blockwatch's other pages as
 * whole pages on a phone. At 360 CSS px, the narrowest common phone, nothing may scroll sideways and
 * every main control must lie inside the screen. Measured in Chromium at that width; screenshots go
 * to test-results/screenshots/360/. The welcome and join pages, new here, also pass axe-core's
 * WCAG A and AA rules (the others are checked in accessibility.test.ts).
 */

declare const chrome: {
  tabs: {
    query(q: object): Promise<{ id: number; windowId: number; url?: string; pendingUrl?: string }[]>;
    create(p: { url: string; active: boolean; windowId: number }): Promise<unknown>;
  };
};

const PHONE = { width: 360, height: 740 };
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
declare const axe: { run(context: Document, options: object): Promise<{ violations: { id: string; help: string }[]; passes: unknown[] }> };

/** axe-core's WCAG 2.0/2.1 A and AA rules, evaluated through the DevTools protocol (the page's CSP forbids injected scripts). */
async function wcagViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const { violations, passed } = await page.evaluate(async () => {
    const results = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return { violations: results.violations.map((v) => `${v.id}: ${v.help}`), passed: results.passes.length };
  });
  expect(passed).toBeGreaterThan(5);
  return violations;
}

let sim: Simulator;
let browser: ExtensionBrowser;

beforeAll(async () => {
  sim = await startSimulator();
  browser = await launchBrowser({ args: sim.chromiumArgs() });
});
afterAll(async () => {
  await browser?.close();
  await sim?.close();
});

/** At phone width: no sideways scrolling, each control inside the screen; then a screenshot. */
async function fitsPhone(page: Page, name: string, controls: string[]) {
  await page.setViewportSize(PHONE);
  const layout = await page.evaluate((selectors) => {
    const root = document.documentElement;
    return {
      scrollWidth: root.scrollWidth,
      clientWidth: root.clientWidth,
      outside: selectors.flatMap((selector) => {
        const found = [...document.querySelectorAll<HTMLElement>(selector)];
        if (found.length === 0) return [`${selector}: missing`];
        return found
          .map((el) => ({ el, box: el.getBoundingClientRect() }))
          .filter(({ box }) => box.width === 0 || box.left < 0 || box.right > root.clientWidth)
          .map(({ box }) => `${selector}: ${Math.round(box.left)}–${Math.round(box.right)} px`);
      }),
    };
  }, controls);
  await page.screenshot({ path: join(SCREENSHOT_DIR, '360', `${name}.png`), fullPage: true });
  expect(layout.clientWidth).toBe(PHONE.width);
  expect(layout.scrollWidth, `${name} scrolls sideways at 360 px`).toBeLessThanOrEqual(layout.clientWidth);
  expect(layout.outside, `${name}: controls outside the screen`).toEqual([]);
}

describe('at 360 px wide (Firefox for Android)', () => {
  it('the popup, showing a blocked site', async () => {
    const web = await browser.context.newPage();
    await web.goto(sim.sites.reset.url).catch(() => undefined);
    const options = await openOptions(browser);
    await waitFor(
      'the report',
      async () => (await extensionReports(options)).find((r) => r.signed.report.host === sim.sites.reset.host),
      30_000,
    );
    await web.bringToFront();
    // The popup's own page in a background tab, while the blocked site's tab is the active one: it shows that site.
    const opened = browser.context.waitForEvent('page');
    await browser.worker.evaluate(
      async ({ site, url }) => {
        const tab = (await chrome.tabs.query({ active: true })).find((t) => (t.url || t.pendingUrl || '').startsWith(site));
        if (tab) await chrome.tabs.create({ url, active: false, windowId: tab.windowId });
      },
      { site: sim.sites.reset.url, url: `chrome-extension://${browser.extensionId}/popup.html` },
    );
    const popup = await opened;
    await popup.locator('.finding').waitFor();
    await fitsPhone(popup, 'popup', ['h1', '.finding', '#report-note', 'button.primary', '.links a']);
    await popup.close();
    await options.close();
    await web.close();
  });

  it('the report history, with a report and its details open', async () => {
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/report-history.html`);
    const details = page.locator('tbody button[aria-expanded]').first();
    await details.click();
    await page.locator('pre').first().waitFor();
    await fitsPhone(page, 'history', ['h1', 'select', 'tbody button', 'pre']);
    await page.close();
  });

  it('the options', async () => {
    const page = await openOptions(browser);
    await fitsPhone(page, 'options', ['#endpoint', '#endpoint-save', '#endpoint-test', 'textarea', 'button']);
    await page.close();
  });

  it('the welcome page', async () => {
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/welcome.html`);
    await page.locator('#endpoint').waitFor();
    await fitsPhone(page, 'welcome', ['h1', 'li', '#endpoint', '#endpoint-save', '#endpoint-test', '.links a']);
    expect(await wcagViolations(page)).toEqual([]);
    await page.close();
  });

  it('the join confirmation, with a long address', async () => {
    const page = await browser.context.newPage();
    const endpoint = 'https://reports.a-press-freedom-organisation-with-a-long-name.example.org/blockwatch/collector/v1-base';
    await page.goto(`chrome-extension://${browser.extensionId}/join.html?endpoint=${encodeURIComponent(endpoint)}`);
    await page.locator('#join-status').waitFor();
    await fitsPhone(page, 'join', ['h1', '#join-endpoint', '#join-accept', '#join-cancel']);
    expect(await wcagViolations(page)).toEqual([]);
    await page.close();
  });
});
