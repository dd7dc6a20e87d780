import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector, type RunningCollector } from '../../collector/server';
import { launchBrowser, type ExtensionBrowser } from '../support/browser';
import { storedSettings, waitFor } from '../support/extension';

/**
 * A new installation in real Chromium: the welcome page opens by itself and takes the endpoint; a
 * collector's join link sets it after Blockwatch's own confirmation; hostile pages change nothing.
 */

const pagesOpened = (browser: ExtensionBrowser) => {
  const urls: string[] = [];
  browser.context.on(
    'page',
    (page) =>
      void page.waitForLoadState('domcontentloaded').then(
        () => urls.push(page.url()),
        () => undefined,
      ),
  );
  return urls;
};

async function welcomePage(browser: ExtensionBrowser): Promise<Page> {
  const url = `chrome-extension://${browser.extensionId}/welcome.html`;
  const page = await waitFor('the welcome page to open', async () => browser.context.pages().find((p) => p.url() === url), 15_000);
  await page.locator('#endpoint').waitFor();
  return page;
}

describe('first run', () => {
  let browser: ExtensionBrowser;

  beforeAll(async () => {
    browser = await launchBrowser({ keepWelcome: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('opens the welcome page on install, which says nothing is sent yet and saves the endpoint typed there', async () => {
    const page = await welcomePage(browser);
    expect(await page.title()).toBe('Welcome to Blockwatch');
    expect(await page.locator('#welcome-nothing-sent').textContent()).toMatch(/Nothing is sent until you choose a collection endpoint/);
    expect((await storedSettings(page)).endpoint).toBeNull();

    await page.locator('#endpoint').fill('https://reports.example.org/');
    await page.locator('#endpoint-save').click();
    await page.locator('#endpoint-status', { hasText: 'Saved. Reports will be sent to reports.example.org.' }).waitFor();
    expect((await storedSettings(page)).endpoint).toBe('https://reports.example.org');
    await page.close();
  });

  it('does not open it again when the browser starts again (Chromium installs a command-line extension again at each start)', async () => {
    const { profileDir } = browser;
    await browser.close({ keepProfile: true });
    browser = await launchBrowser({ profileDir });
    await new Promise((r) => setTimeout(r, 3_000));
    expect(browser.context.pages().map((p) => p.url())).not.toContainEqual(expect.stringContaining('/welcome.html'));
  });
});

describe('icons', () => {
  it('the manifest and the toolbar button name every icon, and each loads at its size', async () => {
    const browser = await launchBrowser();
    try {
      const manifest = (await browser.worker.evaluate(() => (globalThis as any).chrome.runtime.getManifest())) as {
        icons: Record<string, string>;
        action: { default_icon: Record<string, string> };
      };
      expect(Object.keys(manifest.icons)).toEqual(['16', '32', '48', '96', '128']);
      expect(manifest.action.default_icon).toMatchObject({ 16: 'icon/16.png', 32: 'icon/32.png' });
      const page = await browser.context.newPage();
      await page.goto(`chrome-extension://${browser.extensionId}/options.html`);
      const sizes = await page.evaluate(
        (icons) =>
          Promise.all(
            Object.entries(icons).map(
              ([size, path]) =>
                new Promise<[string, number, number]>((resolve, reject) => {
                  const image = new Image();
                  image.onload = () => resolve([size, image.naturalWidth, image.naturalHeight]);
                  image.onerror = () => reject(new Error(`${path} did not load`));
                  image.src = `/${path}`;
                }),
            ),
          ),
        manifest.icons,
      );
      for (const [size, width, height] of sizes) expect([width, height], `icon ${size}`).toEqual([Number(size), Number(size)]);
    } finally {
      await browser.close();
    }
  });
});

describe('first run in Russian', () => {
  it('the welcome page speaks the browser’s language', async () => {
    const browser = await launchBrowser({ keepWelcome: true, language: 'ru' });
    try {
      const page = await welcomePage(browser);
      expect(await page.locator('h1').textContent()).toBe('Добро пожаловать в Blockwatch');
      expect(await page.locator('html').getAttribute('lang')).toBe('ru');
    } finally {
      await browser.close();
    }
  });
});

describe('the join link', () => {
  let browser: ExtensionBrowser;
  let collector: RunningCollector;
  let hostile: Server;
  let hostileBase: string;
  let opened: string[];

  /** Pages that pretend, each at a path of a server that is not a collector. */
  const HOSTILE: Record<string, string> = {
    // The button without the collector's marker.
    '/join': '<button id="blockwatch-join">Use this collector in Blockwatch</button>',
    // The marker and the button, at a path that is not a join page.
    '/welcome': '<meta name="blockwatch-collector" content="1"><button id="blockwatch-join">Use this collector in Blockwatch</button>',
    // The marker and the button clicked by the page itself, and an endpoint of its choosing.
    '/self/join':
      '<meta name="blockwatch-collector" content="https://evil.example"><button id="blockwatch-join">Use</button><button id="other">Other</button>' +
      '<script>const b = document.getElementById("blockwatch-join"); const fake = () => { b.click(); b.dispatchEvent(new MouseEvent("click", { bubbles: true })); };' +
      'fake(); setInterval(fake, 100); document.getElementById("other").addEventListener("click", fake);</script>',
    // Everything right, on a server that speaks no report protocol.
    '/fake/join': '<meta name="blockwatch-collector" content="1"><button id="blockwatch-join">Use this collector in Blockwatch</button>',
  };

  beforeAll(async () => {
    collector = await startCollector({ port: 0 });
    hostile = createServer((req, res) => {
      const body = HOSTILE[req.url ?? ''];
      res.writeHead(body ? 200 : 404, { 'Content-Type': 'text/html' }).end(`<!doctype html><title>page</title>${body ?? 'not found'}`);
    });
    await new Promise<void>((resolve) => hostile.listen(0, '127.0.0.1', resolve));
    hostileBase = `http://127.0.0.1:${(hostile.address() as AddressInfo).port}`;
    browser = await launchBrowser();
    opened = pagesOpened(browser);
  });
  afterAll(async () => {
    await browser?.close();
    await collector?.close();
    await new Promise((resolve) => hostile?.close(resolve));
  });

  const confirmations = () => opened.filter((url) => url.startsWith(`chrome-extension://${browser.extensionId}/join.html`));
  const settled = () => new Promise((r) => setTimeout(r, 1_500));

  it('a page without the marker, off a join path, or clicking its own button opens nothing and changes nothing', async () => {
    const page = await browser.context.newPage();
    for (const path of ['/join', '/welcome']) {
      await page.goto(`${hostileBase}${path}`);
      await page.locator('#blockwatch-join').click();
    }
    await page.goto(`${hostileBase}/self/join`);
    // The user's click elsewhere on that page makes it click the button itself: still not the user's click on it.
    await page.locator('#other').click();
    await settled();
    expect(confirmations()).toEqual([]);
    expect((await storedSettings(await extensionPage(browser))).endpoint).toBeNull();
    await page.close();
  });

  it('a web page cannot open Blockwatch’s confirmation page itself', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${hostileBase}/welcome`);
    const target = `chrome-extension://${browser.extensionId}/join.html?endpoint=${encodeURIComponent(hostileBase)}`;
    await page.evaluate((url) => {
      window.open(url);
      location.href = url;
    }, target);
    await settled();
    for (const p of browser.context.pages()) expect(await p.locator('#join-accept').count(), p.url()).toBe(0);
    await page.close();
  });

  it('the user’s click on a pretender’s join page shows that no collector answers there, and nothing can be accepted', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${hostileBase}/fake/join`);
    const confirmation = browser.context.waitForEvent('page');
    await page.locator('#blockwatch-join').click();
    const confirm = await confirmation;
    await confirm.locator('#join-status[role="alert"]').waitFor();
    expect(await confirm.locator('h1').textContent()).toBe(`Send your reports to ${new URL(hostileBase).host}?`);
    expect(await confirm.locator('#join-status').textContent()).toMatch(/No Blockwatch collector answers/);
    expect(await confirm.locator('#join-accept').isDisabled()).toBe(true);
    expect((await storedSettings(confirm)).endpoint).toBeNull();
    await confirm.close();
    await page.close();
  });

  it('the collector’s /join page, clicked by the user, opens the confirmation; only its own button saves the endpoint', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${collector.url}/join`);
    expect(await page.locator('#endpoint').textContent()).toBe(collector.url);
    const confirmation = browser.context.waitForEvent('page');
    await page.locator('#blockwatch-join').click();
    const confirm = await confirmation;
    const host = new URL(collector.url).host;
    expect(confirm.url()).toBe(`chrome-extension://${browser.extensionId}/join.html?endpoint=${encodeURIComponent(collector.url)}`);
    await confirm.locator('#join-accept:not([disabled])').waitFor();
    expect(await confirm.locator('h1').textContent()).toBe(`Send your reports to ${host}?`);
    expect(await confirm.locator('#join-status').textContent()).toBe(`A Blockwatch collector answers at ${host}.`);
    expect((await storedSettings(confirm)).endpoint).toBeNull();

    await confirm.locator('#join-accept').click();
    await confirm.locator('#join-status', { hasText: `Saved. Reports will be sent to ${host}.` }).waitFor();
    expect((await storedSettings(confirm)).endpoint).toBe(collector.url);
    await page.close();
  });
});

/** Any page of the extension, to ask the background from. */
async function extensionPage(browser: ExtensionBrowser): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/options.html`);
  await page.locator('#endpoint').waitFor();
  return page;
}
