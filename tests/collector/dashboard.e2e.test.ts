/** The collector's dashboard in real Chromium: the token, the chart, the tables, the export. */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector, type RunningCollector } from '../../collector/server';
import { launchBrowser, type ExtensionBrowser } from '../support/browser';
import { makeReporter } from './fixtures';
import { TOKEN, postBatch } from './http';

let collector: RunningCollector;
let browser: ExtensionBrowser;
let page: Page;
const problems: string[] = [];
const requests: { url: string; authorization?: string }[] = [];

const day = (n: number, hour = 10) => new Date(Date.UTC(2026, 9, n, hour)).toISOString();
const XSS_NOTE = '<img src=x id=injected onerror="document.title=\'owned\'">';

beforeAll(async () => {
  collector = await startCollector({ port: 0, token: TOKEN });
  const [alice, bob] = await Promise.all([makeReporter(), makeReporter()]);
  const entries = [
    ...(await Promise.all(
      [1, 1, 2, 4, 4, 4].map((d) => alice.signed({ createdAt: day(d), host: 'news.example.kz', url: 'https://news.example.kz/' })),
    )),
    ...(await Promise.all(
      [2, 3, 4].map((d) =>
        bob.signed({
          createdAt: day(d),
          host: 'news.example.kz',
          url: 'https://news.example.kz/',
          verdict: { kind: 'tcp_reset', confirmed: true },
        }),
      ),
    )),
    await bob.signed({
      createdAt: day(3),
      host: 'xn--e1afmkfd.kz',
      url: 'https://xn--e1afmkfd.kz/',
      verdict: { kind: 'dns', confirmed: true },
    }),
    await bob.signed({
      createdAt: day(5),
      host: 'video.example.kz',
      url: 'https://video.example.kz/',
      trigger: 'manual',
      note: XSS_NOTE,
      verdict: { kind: 'blockpage', confirmed: true },
    }),
  ];
  expect((await postBatch(collector.url, entries)).body.accepted).toHaveLength(entries.length);

  browser = await launchBrowser({ withoutExtension: true });
  page = await browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('request', (r) => requests.push({ url: r.url(), authorization: r.headers().authorization }));
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

const column = (table: string, n: number) =>
  page.$$eval(`${table} tbody tr td:nth-child(${n})`, (cells) => cells.map((c) => c.textContent));

describe('the collector dashboard', () => {
  it('refuses a wrong token and shows why', async () => {
    await page.goto(`${collector.url}/dashboard`);
    await page.fill('#token', 'not-the-token-0123456789');
    await page.click('#login button');
    await page.waitForSelector('#login .error', { timeout: 30_000 });
    expect(await page.textContent('#login .error')).toBe('wrong token');
    expect(await page.isVisible('#main')).toBe(false);
  });

  it('shows the reports over time as a chart, by kind and by host as tables, and the latest reports', async () => {
    await page.fill('#token', TOKEN);
    await page.click('#login button');
    let stamp = await loaded(undefined);
    expect(await page.isVisible('#login')).toBe(false);
    expect(await page.isVisible('#main')).toBe(true);
    expect(await page.textContent('#summary')).toBe('— 11 reports from 2 reporter keys');

    const chart = await page.evaluate(() => {
      const canvas = document.querySelector<HTMLCanvasElement>('#chart')!;
      const instance = (window as unknown as { Chart: { getChart(c: HTMLCanvasElement): any } }).Chart.getChart(canvas);
      const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let painted = 0;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i]! > 0) painted++;
      return {
        labels: instance.data.labels,
        datasets: instance.data.datasets.map((d: { label: string; data: number[] }) => [d.label, d.data]),
        painted,
      };
    });
    expect(chart.labels).toEqual(['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05']);
    expect(chart.datasets).toEqual([
      ['dns', [0, 0, 1, 0, 0]],
      ['tcp_reset', [0, 1, 1, 1, 0]],
      ['timeout', [2, 1, 0, 3, 0]],
      ['blockpage', [0, 0, 0, 0, 1]],
    ]);
    expect(chart.painted).toBeGreaterThan(1000);

    expect(await column('#kinds', 1)).toEqual(['timeout', 'tcp_reset', 'blockpage', 'dns']);
    expect(await column('#hosts', 1)).toEqual(['news.example.kz', 'video.example.kz', 'xn--e1afmkfd.kz']);
    expect(await column('#hosts', 2)).toEqual(['9', '1', '1']);
    expect(await column('#reports', 2)).toHaveLength(11);

    // A note is text, never markup.
    expect(await column('#reports', 7)).toContain(XSS_NOTE);
    expect(await page.$('#injected')).toBeNull();
    expect(await page.title()).toBe('Blockwatch collector');

    await mkdir('test-results', { recursive: true });
    await page.screenshot({ path: join('test-results', 'collector-dashboard.png'), fullPage: true });

    await page.selectOption('#filters select[name=kind]', 'tcp_reset');
    await page.click('#filters button[type=submit]');
    stamp = await loaded(stamp);
    expect(await column('#reports', 3)).toEqual(['tcp_reset', 'tcp_reset', 'tcp_reset']);
    expect(await page.textContent('#summary')).toBe('— 3 reports from 1 reporter keys');
  });

  it('exports what the filters select, as a file download', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 30_000 }),
      page.click('[data-export=reports][data-format=csv]'),
    ]);
    expect(download.suggestedFilename()).toMatch(/^blockwatch-reports-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = await readFile((await download.path())!, 'utf8');
    const lines = text.trim().split('\n');
    expect(lines[0]).toMatch(/^id,created_at,received_at,host,kind,/);
    expect(lines).toHaveLength(4);
    expect(lines.slice(1).every((l) => l.includes(',tcp_reset,'))).toBe(true);
  });

  it('sent the token only in the Authorization header, never in a URL, and ran without errors', () => {
    expect(requests.some((r) => r.url.includes('/v1/stats'))).toBe(true);
    for (const r of requests) {
      expect(r.url).not.toContain(TOKEN);
      if (new URL(r.url).pathname.startsWith('/v1/')) expect(r.authorization).toMatch(/^Bearer /);
    }
    // The wrong-token attempt logs a 401 in the console; nothing else may go wrong.
    expect(problems.filter((p) => !/401/.test(p))).toEqual([]);
  });

  it('forgets the token on request', async () => {
    await page.click('#logout');
    expect(await page.isVisible('#login')).toBe(true);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  });
});
