import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, type ExtensionBrowser } from '../support/browser';
import { openOptions } from '../support/extension';
import type { Locale } from '../support/i18n';
import { SCREENSHOT_DIR } from '../support/popup';
import { startSimulator, type Simulator } from '../support/simulator';

/**
 * The popup, the report history and the options page, measured in Chromium in each language:
 * axe-core's WCAG 2.0/2.1 A and AA rules find nothing, nothing scrolls sideways at 200% zoom, the
 * keyboard reaches every control of the history and the popup, and focus is always drawn.
 */

declare const chrome: {
  tabs: {
    query(q: object): Promise<{ id: number; windowId: number; url?: string; pendingUrl?: string }[]>;
    create(p: { url: string; active: boolean; windowId: number }): Promise<unknown>;
  };
};
declare const axe: { run(context: Document, options: object): Promise<{ violations: Violation[]; passes: unknown[] }> };

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator();
});

afterAll(async () => {
  await sim?.close();
});

/**
 * Runs axe in the page. Extension pages forbid injected script tags (their CSP), so the library's
 * source is evaluated through the DevTools protocol, which the CSP does not govern.
 */
async function violations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => typeof (globalThis as { axe?: unknown }).axe !== 'undefined'))) await page.evaluate(AXE_SOURCE);
  const { found, passed } = await page.evaluate(async (tags) => {
    const results = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return { found: results.violations, passed: results.passes.length };
  }, WCAG_TAGS);
  // Rules that passed: axe did look at the page (an empty page would pass everything by having nothing).
  expect(passed).toBeGreaterThan(5);
  return found.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help}\n` +
      v.nodes
        .map((n) => `    at ${JSON.stringify(n.target)}${n.failureSummary ? `\n      ${n.failureSummary.replace(/\n/g, '\n      ')}` : ''}`)
        .join('\n'),
  );
}

/**
 * 200% browser zoom: a page's CSS pixels double in size, so a 1280×960 window lays the page out at
 * 640×480 CSS pixels, with the same media queries and wrapping as a 640 px viewport; that is what
 * the viewport is set to. The popup's window is capped at 800×600 device pixels by Chromium, i.e.
 * 400×300 CSS pixels at 200%, so the popup is measured at that size.
 */
const ZOOMED = { page: { width: 640, height: 480 }, popup: { width: 400, height: 300 } };

/** No sideways scrolling of the document, and each control fits inside the viewport's width. */
async function zoomed(page: Page, name: string, language: Locale, controls: string[]) {
  const viewport = page.viewportSize()!;
  await page.setViewportSize(name === 'popup' ? ZOOMED.popup : ZOOMED.page);
  try {
    const layout = await page.evaluate((selectors) => {
      const root = document.documentElement;
      return {
        scrollWidth: root.scrollWidth,
        clientWidth: root.clientWidth,
        controls: selectors.map((selector) => {
          const el = document.querySelector<HTMLElement>(selector);
          if (!el) return { selector, problem: 'missing' };
          el.scrollIntoView({ block: 'center', inline: 'nearest' });
          const box = el.getBoundingClientRect();
          const inside = box.width > 0 && box.height > 0 && box.left >= 0 && box.right <= root.clientWidth;
          // What the user sees at the control's centre is the control itself, not something over it.
          const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
          return {
            selector,
            problem: !inside ? `outside the viewport: ${JSON.stringify(box)}` : !top || !el.contains(top) ? 'covered' : null,
          };
        }),
      };
    }, controls);
    await page.evaluate(() => window.scrollTo(0, 0));
    expect(await violations(page), `axe violations in ${name} at 200% zoom`).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'zoom', `${name}-${language}.png`), fullPage: true });
    expect(layout.scrollWidth, `${name} scrolls sideways at 200% zoom`).toBeLessThanOrEqual(layout.clientWidth);
    expect(layout.controls.filter((c) => c.problem)).toEqual([]);
  } finally {
    await page.setViewportSize(viewport);
  }
}

/**
 * What has focus now, and whether a focus indicator is drawn around it: its outline or shadow
 * while focused must differ from the same element's look without focus (an invalid field's red
 * shadow alone does not count).
 */
async function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return null;
    const look = () => {
      const style = getComputedStyle(el);
      return {
        outline: style.outlineStyle === 'none' ? 'none' : `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
        shadow: style.boxShadow,
      };
    };
    const withFocus = look();
    const keyboard = el.matches(':focus-visible');
    el.blur();
    const without = look();
    el.focus({ focusVisible: true } as FocusOptions);
    const drawn =
      (withFocus.outline !== 'none' && withFocus.outline !== without.outline) ||
      (withFocus.shadow !== 'none' && withFocus.shadow !== without.shadow);
    return {
      id: el.id,
      tag: el.tagName.toLowerCase(),
      text: (el.textContent ?? '').trim(),
      row: el.closest('tr')?.querySelector('th')?.textContent ?? null,
      visible: keyboard && drawn,
    };
  });
}

/** Presses Tab through the page from its start, up to `max` times; each stop is recorded. */
async function tabThrough(page: Page, max: number) {
  // A click on the page's top-left corner, on no control, moves the start of Tab navigation there.
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
  });
  await page.mouse.click(1, 1);
  const stops: NonNullable<Awaited<ReturnType<typeof focused>>>[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (!now || (stops.length > 0 && stops[0]!.id === now.id && stops[0]!.text === now.text && stops[0]!.tag === now.tag && now.id)) break;
    stops.push(now);
  }
  return stops;
}

/** A report of each delivery status, straight into the extension's queue; no endpoint is set, so none leaves. */
async function seedEveryStatus(browser: ExtensionBrowser) {
  await browser.worker.evaluate(async () => {
    const now = Date.now();
    const later = now + 24 * 3_600_000;
    const rows = [
      { status: 'held', host: 'held.example.kz', trigger: 'auto' },
      { status: 'queued', host: 'queued.example.kz', trigger: 'auto', lastError: 'collector unreachable' },
      { status: 'sending', host: 'sending.example.kz', trigger: 'manual' },
      { status: 'sent', host: 'sent.example.kz', trigger: 'manual', sentAt: now - 30_000, note: 'Не открывается с понедельника' },
      { status: 'rejected', host: 'rejected.example.kz', trigger: 'auto', rejectedReason: 'signature does not verify' },
    ];
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('blockwatch');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const tx = db.transaction('reports', 'readwrite');
    rows.forEach(({ status, host, trigger, note, ...rest }, i) => {
      const id = crypto.randomUUID();
      tx.objectStore('reports').put({
        id,
        signed: {
          report: {
            v: 1,
            id,
            createdAt: new Date(now - 60_000 * (i + 1)).toISOString(),
            url: `https://${host}/`,
            host,
            trigger,
            ...(note && { note }),
            verdict: { kind: 'tcp_reset', confirmed: i % 2 === 0 },
            evidence: { navigationError: 'net::ERR_CONNECTION_RESET', probe: { error: 'ECONNRESET', ms: 40 } },
            client: { name: 'blockwatch', version: '0.1.0', browser: 'Chromium 156' },
            publicKey: { kty: 'EC', crv: 'P-256', x: 'A'.repeat(43), y: 'B'.repeat(43) },
          },
          signature: 'A'.repeat(86),
        },
        status,
        attempts: 1,
        nextAttemptAt: later,
        queuedAt: now - 10_000 + i,
        ...rest,
      });
    });
    await new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  });
}

/**
 * The popup's own page in a background tab of the window where a web page is the active tab: it
 * asks for the active tab, as it does over the toolbar, and so shows that web page. Playwright can
 * then drive it with real key presses, which the toolbar popup does not allow.
 */
async function openPopupPage(browser: ExtensionBrowser, site: string): Promise<Page> {
  const web = await browser.context.newPage();
  await web.goto(site).catch(() => undefined);
  await web.bringToFront();
  const opened = browser.context.waitForEvent('page', { timeout: 30_000 });
  await browser.worker.evaluate(
    async ({ site, url }) => {
      for (;;) {
        const tab = (await chrome.tabs.query({ active: true })).find((t) => (t.url || t.pendingUrl || '').startsWith(site));
        if (tab) return void (await chrome.tabs.create({ url, active: false, windowId: tab.windowId }));
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    { site, url: `chrome-extension://${browser.extensionId}/popup.html` },
  );
  const popup = await opened;
  await popup.locator('button.primary:not([disabled])').waitFor({ timeout: 30_000 });
  await popup.setViewportSize({ width: 400, height: 600 });
  return popup;
}

for (const language of ['ru', 'kk', 'en'] as const satisfies Locale[]) {
  describe(`accessibility in ${language}`, () => {
    let browser: ExtensionBrowser;

    beforeAll(async () => {
      browser = await launchBrowser({ language, args: sim.chromiumArgs() });
      await seedEveryStatus(browser);
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('popup: no WCAG A/AA violations, fits at 200% zoom, the note and the button are reached by Tab with focus shown', async () => {
      const popup = await openPopupPage(browser, sim.sites.dns.url);
      expect(await popup.locator('h1 .host').textContent()).toBe(sim.sites.dns.host);
      expect(await violations(popup), 'axe violations in the popup').toEqual([]);

      const stops = await tabThrough(popup, 12);
      const note = stops.find((s) => s.id === 'report-note');
      const button = stops.find((s) => s.tag === 'button' && s.text.length > 0 && stops.indexOf(s) > stops.indexOf(note!));
      expect(note, JSON.stringify(stops)).toBeDefined();
      expect(button?.text).toBe(await popup.locator('button.primary').textContent());
      expect(
        stops.filter((s) => !s.visible),
        'focused without a visible indicator',
      ).toEqual([]);

      await zoomed(popup, 'popup', language, ['#report-note', 'button.primary', '.links a']);
      await popup.close();
    });

    it('history: no WCAG A/AA violations with a report of every status and open details, fits at 200% zoom, keyboard reaches and opens everything', async () => {
      const history = await browser.context.newPage();
      await history.goto(`chrome-extension://${browser.extensionId}/report-history.html`);
      const row = (status: string) => `tr[data-status="${status}"]:has(th:text-is("${status}.example.kz"))`;
      await history.locator(row('rejected')).waitFor();
      for (const status of ['held', 'queued', 'sending', 'sent', 'rejected']) expect(await history.locator(row(status)).count()).toBe(1);
      expect(await violations(history), 'axe violations in the history').toEqual([]);

      const stops = await tabThrough(history, 40);
      for (const id of ['filter-status', 'filter-kind', 'filter-host'])
        expect(
          stops.map((s) => s.id),
          `Tab reaches #${id}`,
        ).toContain(id);
      const actions = (status: string) => stops.filter((s) => s.row === `${status}.example.kz` && s.tag === 'button').map((s) => s.text);
      const details = await history.locator(`${row('rejected')} button[aria-expanded]`).textContent();
      const resend = await history.locator(`${row('rejected')} button:not([aria-expanded]):not(.danger)`).textContent();
      const remove = await history.locator(`${row('rejected')} button.danger`).textContent();
      expect(actions('rejected')).toEqual([details, resend, remove]);
      expect(
        stops.filter((s) => !s.visible),
        'focused without a visible indicator',
      ).toEqual([]);

      // Enter opens the details from the keyboard, Space closes them again; focus stays on the control.
      const toggle = history.locator(`${row('sent')} button[aria-expanded]`);
      await toggle.focus();
      await history.keyboard.press('Enter');
      await history.locator('.report-details pre').waitFor();
      expect(await toggle.getAttribute('aria-expanded')).toBe('true');
      expect(await violations(history), 'axe violations with the details open').toEqual([]);
      const pre = await history.evaluate(() => {
        const el = document.querySelector<HTMLElement>('.report-details pre')!;
        el.focus({ focusVisible: true } as FocusOptions);
        return getComputedStyle(el).outlineStyle;
      });
      expect(pre, 'the signed JSON shows focus').toBe('solid');
      await toggle.focus();
      await history.keyboard.press('Space');
      await expect.poll(() => history.locator('.report-details').count()).toBe(0);
      expect(await toggle.getAttribute('aria-expanded')).toBe('false');

      await toggle.press('Enter');
      await history.locator('.report-details pre').waitFor();
      const sent = `tr[data-report-id="${await history.locator(row('sent')).getAttribute('data-report-id')}"]`;
      await zoomed(history, 'history', language, [
        '#filter-status',
        '#filter-kind',
        '#filter-host',
        `${sent} button[aria-expanded]`,
        `${sent} button.danger`,
        '.report-details pre',
      ]);
      await history.close();
    });

    it('options: no WCAG A/AA violations, also while showing errors, and fits at 200% zoom', async () => {
      const options = await openOptions(browser);
      expect(await violations(options), 'axe violations in the options').toEqual([]);
      await options.locator('#endpoint').fill('http://collector.example.org');
      await options.locator('#endpoint-save').click();
      await expect.poll(() => options.locator('#endpoint').getAttribute('aria-invalid')).toBe('true');
      expect(await violations(options), 'axe violations in the options with an error shown').toEqual([]);
      const stops = await tabThrough(options, 60);
      expect(stops.map((s) => s.id)).toContain('endpoint');
      expect(
        stops.filter((s) => !s.visible),
        'focused without a visible indicator',
      ).toEqual([]);
      await zoomed(options, 'options', language, ['#endpoint', '#endpoint-save']);
      await options.close();
    });
  });
}
