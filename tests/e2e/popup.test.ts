import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startCollector, type RunningCollector } from '../../collector/server';
import { verifyReport } from '../../utils/protocol/signing';
import { launchBrowser, type ExtensionBrowser } from '../support/browser';
import { extensionReports, openOptions, saveEndpoint, waitFor } from '../support/extension';
import { openPopup, SCREENSHOT_DIR, textOf } from '../support/popup';
import { startSimulator, type Simulator } from '../support/simulator';

declare const chrome: {
  tabs: { query(q: object): Promise<{ id: number; url?: string }[]> };
  action: { getBadgeText(d: { tabId: number }): Promise<string> };
};

/** The progress area once it holds an outcome (in bold); null while the report is on its way. */
const OUTCOME = `(() => document.querySelector('#report-progress strong') ? document.getElementById('report-progress').textContent : null)()`;

let sim: Simulator;
let collector: RunningCollector;
let browser: ExtensionBrowser;
let options: Page;

beforeAll(async () => {
  sim = await startSimulator();
  collector = await startCollector({ port: 0 });
  browser = await launchBrowser({ args: [...sim.chromiumArgs(), '--lang=en-US'] });
  options = await openOptions(browser);
  expect(await saveEndpoint(options, collector.url)).toMatch(/Saved/);
});

afterAll(async () => {
  await browser?.close();
  await collector?.close();
  await sim?.close();
});

async function badgeOf(url: string): Promise<string> {
  return browser.worker.evaluate(async (u) => {
    const [tab] = await chrome.tabs.query({ url: u });
    return tab ? chrome.action.getBadgeText({ tabId: tab.id }) : 'no tab';
  }, url);
}

describe('the toolbar popup', () => {
  it('shows what was found on a blocked site, and its one click sends a manual report with the note', async () => {
    const page = await browser.context.newPage();
    await page.goto(sim.sites.dns.url).catch(() => undefined);
    // The automatic report comes first; the tab gets its badge.
    await waitFor('the automatic report to be sent', async () => (await collector.store.list({ host: sim.sites.dns.host }))[0], 30_000);
    expect(await waitFor('the badge', async () => ((await badgeOf(sim.sites.dns.url)) === '!' ? '!' : undefined), 10_000)).toBe('!');

    const popup = await openPopup(browser, page);
    const finding = await popup.waitFor<string>('the finding', textOf('.finding'));
    expect(finding).toMatch(/The site’s address could not be found \(DNS\)/);
    expect(finding).toMatch(new RegExp(`Sent to ${new URL(collector.url).host.replace(/\./g, '\\.')}`));
    expect(await popup.evaluate(textOf('#report-explain'))).toMatch(
      /check the site from this browser, then send a signed report to 127\.0\.0\.1/,
    );

    await popup.evaluate(`(() => {
      const note = document.getElementById('report-note');
      note.value = 'Blocked since Monday';
      note.dispatchEvent(new Event('input', { bubbles: true }));
    })()`);
    await popup.evaluate(`document.querySelector('button.primary').click()`);
    const outcome = await popup.waitFor<string>('the outcome', OUTCOME);
    expect(outcome).toMatch(/Result of the check: The site’s address could not be found \(DNS\)/);
    expect(outcome).toMatch(/Done\. The report was sent to 127\.0\.0\.1/);
    await popup.screenshot(join(SCREENSHOT_DIR, 'en', 'popup.png'));

    const stored = (await collector.store.list({ host: sim.sites.dns.host })).map((r) => r.report);
    const manual = stored.find((r) => r.trigger === 'manual');
    expect(manual).toMatchObject({
      trigger: 'manual',
      verdict: { kind: 'dns', confirmed: true },
      note: 'Blocked since Monday',
      url: 'https://gone.test/',
    });
    const row = (await collector.store.list({ host: sim.sites.dns.host })).find((r) => r.report.trigger === 'manual')!;
    expect(await verifyReport(row.report, row.signature)).toBe(true);
    // The counts under the button include it.
    expect(
      await popup.waitFor<string>(
        'counts',
        `(() => { const t = document.querySelector('.counts').textContent; return /Sent: 2/.test(t) ? t : null; })()`,
      ),
    ).toMatch(/Waiting to be sent: 0/);
    await popup.close();
  });

  it('reports a site that loads fine as ok, and shows no badge for it', async () => {
    const page = await browser.context.newPage();
    await page.goto(sim.sites.healthy.url);
    const popup = await openPopup(browser, page);
    expect(await popup.waitFor<string>('no finding', textOf('.finding.none'))).toMatch(/no problem/);
    await popup.evaluate(`document.querySelector('button.primary').click()`);
    const outcome = await popup.waitFor<string>('the outcome', OUTCOME);
    expect(outcome).toMatch(/The site loaded normally/);
    const manual = await waitFor('the ok report', async () => (await collector.store.list({ host: sim.sites.healthy.host }))[0], 10_000);
    expect(manual.report).toMatchObject({ trigger: 'manual', verdict: { kind: 'ok', confirmed: true } });
    expect(await badgeOf(sim.sites.healthy.url)).toBe('');
    await popup.close();
  });

  it('disables the button on a browser page and says why', async () => {
    const page = await browser.context.newPage();
    await page.goto('about:blank');
    const popup = await openPopup(browser, page);
    expect(await popup.waitFor<string>('the explanation', textOf('#report-explain'))).toMatch(/page of the browser itself/);
    expect(await popup.evaluate<boolean>(`document.querySelector('button.primary').disabled`)).toBe(true);
    const before = (await extensionReports(options)).length;
    await popup.evaluate(`document.querySelector('button.primary').click()`);
    await new Promise((r) => setTimeout(r, 500));
    expect((await extensionReports(options)).length).toBe(before);
    await popup.close();
  });
});
