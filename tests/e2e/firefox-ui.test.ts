import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { startCollector, type RunningCollector } from '../../collector/server';
import { verifyReport } from '../../utils/protocol/signing';
import { waitFor } from '../support/extension';
import { extensionStorage, openHistory, openOptions, openPopupFor, saveEndpoint, visit } from '../support/firefox/pages';
import { startFirefoxScenario, type FirefoxScenario } from '../support/firefox/scenario';

let scenario: FirefoxScenario;
let collector: RunningCollector;
let options: Page;

beforeAll(async () => {
  [scenario, collector] = await Promise.all([startFirefoxScenario(), startCollector({ port: 0 })]);
  options = await openOptions(scenario.firefox);
});

afterAll(async () => {
  await scenario?.close();
  await collector?.close();
});

/** Text of an element, or undefined while it is missing or empty. */
const textIn = (page: Page, selector: string) =>
  page.evaluate((s) => document.querySelector(s)?.textContent?.trim() || undefined, selector);

/** The progress area once it holds an outcome (in bold). */
const outcomeIn = (page: Page) =>
  page.evaluate(() =>
    document.querySelector('#report-progress strong') ? document.getElementById('report-progress')!.textContent! : undefined,
  );

describe('Blockwatch’s own pages in real Firefox', () => {
  it('the options page refuses a plain-http endpoint elsewhere, saves the collector, and keeps it', async () => {
    expect(await saveEndpoint(options, 'http://collector.example.org')).toMatch(/https/);
    expect(await options.$eval('#endpoint', (el) => el.getAttribute('aria-invalid'))).toBe('true');
    expect(await extensionStorage(options)).not.toHaveProperty('settings.endpoint', 'http://collector.example.org');

    expect(await saveEndpoint(options, `${collector.url}/`)).toMatch(/Saved/);
    expect(await extensionStorage(options)).toMatchObject({ settings: { endpoint: collector.url } });
    // A fresh options page shows what was saved.
    const again = await openOptions(scenario.firefox);
    await waitFor(
      'the saved endpoint in the field',
      async () => ((await again.$eval('#endpoint', (el) => (el as HTMLInputElement).value)) === collector.url ? true : undefined),
      10_000,
    );
    await again.close();
  });

  it('one click in the popup sends a manual report for the tab’s blocked site, with the note', async () => {
    const site = scenario.sim.sites.dns;
    const tab = await visit(scenario.firefox, site.url);
    await waitFor('the automatic report', async () => (await collector.store.list({ host: site.host }))[0], 60_000);

    const popup = await openPopupFor(scenario.firefox, tab, options);
    const finding = await waitFor('the finding', () => textIn(popup, '.finding'), 20_000);
    expect(finding).toMatch(/The site’s address could not be found \(DNS\)/);
    expect(finding).toMatch(/Sent to 127\.0\.0\.1/);

    await popup.type('#report-note', 'Blocked since Monday');
    await popup.click('button.primary');
    const outcome = await waitFor('the outcome', () => outcomeIn(popup), 60_000);
    expect(outcome).toMatch(/Result of the check: The site’s address could not be found \(DNS\)/);
    expect(outcome).toMatch(/Done\. The report was sent to 127\.0\.0\.1/);

    const rows = await collector.store.list({ host: site.host });
    const manual = rows.find((r) => r.report.trigger === 'manual');
    expect(manual?.report).toMatchObject({
      verdict: { kind: 'dns', confirmed: true },
      note: 'Blocked since Monday',
      url: 'https://gone.test/',
    });
    expect(await verifyReport(manual!.report, manual!.signature)).toBe(true);
    await popup.close();
  });

  it('one click on a site that loads sends an ok report', async () => {
    const site = scenario.sim.sites.healthy;
    const tab = await visit(scenario.firefox, site.url);
    const popup = await openPopupFor(scenario.firefox, tab, options);
    expect(await waitFor('no finding', () => textIn(popup, '.finding.none'), 20_000)).toMatch(/no problem/);
    await popup.click('button.primary');
    expect(await waitFor('the outcome', () => outcomeIn(popup), 60_000)).toMatch(/The site loaded normally/);
    const row = await waitFor('the ok report', async () => (await collector.store.list({ host: site.host }))[0], 10_000);
    expect(row.report).toMatchObject({ trigger: 'manual', verdict: { kind: 'ok', confirmed: true } });
    await popup.close();
  });

  it('the report history lists every report the extension made, as sent', async () => {
    const history = await openHistory(scenario.firefox);
    const rows = await waitFor(
      'three rows',
      async () => {
        const found = await history.$$eval('tr[data-report-id]', (trs) =>
          trs.map((tr) => [tr.querySelector('th')?.textContent?.trim(), tr.getAttribute('data-status')]),
        );
        return found.length === 3 ? found : undefined;
      },
      15_000,
    );
    expect(rows.filter(([host]) => host === 'gone.test')).toEqual([
      ['gone.test', 'sent'],
      ['gone.test', 'sent'],
    ]);
    expect(rows).toContainEqual(['healthy.test', 'sent']);
    expect(await collector.store.count()).toBe(3);
  });
});
