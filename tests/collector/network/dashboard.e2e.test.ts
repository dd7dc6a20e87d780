/** The dashboard's network views in real Chromium: the sites × networks grid, the networks and countries tables, the filters. */
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNetworkLookup } from '../../../collector/network/lookup';
import { startCollector, type RunningCollector } from '../../../collector/server';
import { launchBrowser, type ExtensionBrowser } from '../../support/browser';
import { makeReporter } from '../fixtures';
import { TOKEN, postBatch } from '../http';

let collector: RunningCollector;
let browser: ExtensionBrowser;
let page: Page;
const problems: string[] = [];

const BEELINE = { asn: 21299, name: 'Kar-Tel LLC', cc: 'KZ' };
const ROSTELECOM = { asn: 12389, name: 'PJSC "Rostelecom"', cc: 'RU' };

beforeAll(async () => {
  const testRanges = fileURLToPath(new URL('../../fixtures/networks/test-ranges.csv', import.meta.url));
  collector = await startCollector({ port: 0, token: TOKEN, networks: loadNetworkLookup({ publicData: false, testRanges }) });
  const [alice, bob] = await Promise.all([makeReporter(), makeReporter()]);
  const at = new Date().toISOString();
  const report = (who: typeof alice, host: string, kind: string, network?: object) =>
    who.signed({ createdAt: at, host, url: `https://${host}/`, verdict: { kind, confirmed: true }, ...(network && { network }) });
  // From loopback, which the test ranges name Kazakhtelecom; two reports name their own network.
  const entries = await Promise.all([
    report(alice, 'news.example.kz', 'dns'),
    report(bob, 'news.example.kz', 'dns'),
    report(bob, 'news.example.kz', 'tcp_reset', BEELINE),
    report(alice, 'video.example.kz', 'blockpage', ROSTELECOM),
    report(alice, 'video.example.kz', 'down_everywhere'),
  ]);
  expect((await postBatch(collector.url, entries)).body.accepted).toHaveLength(entries.length);
  browser = await launchBrowser({ withoutExtension: true });
  page = await browser.context.newPage();
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
});

afterAll(async () => {
  await browser?.close();
  await collector?.close();
});

async function loaded(since: string | undefined): Promise<string> {
  await page.waitForFunction((previous) => document.body.dataset.loaded && document.body.dataset.loaded !== previous, since, {
    timeout: 30_000,
  });
  return (await page.evaluate(() => document.body.dataset.loaded))!;
}

const texts = (selector: string) => page.$$eval(selector, (cells) => cells.map((c) => c.textContent));

describe('the dashboard by network', () => {
  it('shows which site fails on which network, and the tables by network and by country', async () => {
    await page.goto(`${collector.url}/dashboard`);
    await page.fill('#token', TOKEN);
    await page.click('#login button');
    let stamp = await loaded(undefined);

    expect(await texts('#grid thead th')).toEqual([
      'host \\ network',
      'AS9198 JSC Kazakhtelecom (KZ)',
      'AS12389 PJSC "Rostelecom" (RU)',
      'AS21299 Kar-Tel LLC (KZ)',
    ]);
    expect(await texts('#grid tbody th')).toEqual(['news.example.kz', 'video.example.kz']);
    expect(await texts('#grid tbody tr:nth-child(1) td')).toEqual(['dns 2', '', 'tcp_reset 1']);
    // A site down everywhere is not shown as blocked there, but it is shown.
    expect(await texts('#grid tbody tr:nth-child(2) td')).toEqual(['down_everywhere 1', 'blockpage 1', '']);
    expect(await page.getAttribute('#grid tbody tr:nth-child(1) td:nth-child(2)', 'title')).toBe('dns: 2');

    expect(await texts('#networks tbody td:nth-child(1)')).toEqual([
      'AS9198 JSC Kazakhtelecom',
      'AS12389 PJSC "Rostelecom"',
      'AS21299 Kar-Tel LLC',
    ]);
    expect(await texts('#networks tbody td:nth-child(3)')).toEqual(['3', '1', '1']);
    expect(await texts('#countries tbody td:nth-child(1)')).toEqual(['KZ', 'RU']);
    expect(await texts('#countries tbody td:nth-child(2)')).toEqual(['4', '1']);
    expect(await texts('#reports tbody td:nth-child(9)')).toContain('AS21299 Kar-Tel LLC KZ');
    expect(await texts('#reports tbody td:nth-child(9)')).toContain('AS9198 JSC Kazakhtelecom KZ (delivery)');

    await page.fill('#filters input[name=cc]', 'ru');
    await page.click('#filters button[type=submit]');
    stamp = await loaded(stamp);
    expect(await texts('#grid tbody th')).toEqual(['video.example.kz']);
    expect(await page.textContent('#summary')).toBe('— 1 reports from 1 reporter keys');
    expect(problems).toEqual([]);
  });
});
