import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startCollector, type RunningCollector } from '../../collector/server';
import { launchBrowser, type ExtensionBrowser } from '../support/browser';
import { extensionReports, openOptions, saveEndpoint, storedSettings, waitFor } from '../support/extension';
import { localeMessages, type Locale } from '../support/i18n';
import { openPopup, SCREENSHOT_DIR } from '../support/popup';
import { startSimulator, type Simulator } from '../support/simulator';
import type { Settings } from '../../utils/storage/settings-rules';

/**
 * A person who reads only Russian or Kazakh (or English) reports the site they are on, sees it
 * sent, finds it in the history beside reports in every other state, and meets the options' checks
 * in their language. Screenshots of each page land in test-results/screenshots/<language>/.
 */

declare const indexedDB: IDBFactory;

let sim: Simulator;
let collector: RunningCollector;

beforeAll(async () => {
  sim = await startSimulator();
  collector = await startCollector({ port: 0 });
});

afterAll(async () => {
  await collector?.close();
  await sim?.close();
});

/** Reports in states that live traffic reaches only by chance: put straight into the queue. */
async function seedQueue(browser: ExtensionBrowser): Promise<{ forged: string }> {
  const forged = crypto.randomUUID();
  await browser.worker.evaluate(
    async ({ forged }) => {
      const now = Date.now();
      const report = (id: string, host: string) => ({
        v: 1,
        id,
        createdAt: new Date(now - 60_000).toISOString(),
        url: `https://${host}/`,
        host,
        trigger: 'auto',
        verdict: { kind: 'timeout', confirmed: true },
        evidence: { probe: { timedOut: true, ms: 15000 } },
        client: { name: 'blockwatch', version: '0.1.0', browser: 'Chromium 156' },
        publicKey: { kty: 'EC', crv: 'P-256', x: 'A'.repeat(43), y: 'B'.repeat(43) },
      });
      // A signature that cannot verify: the collector refuses this one report and says why.
      const entries = [
        { id: forged, status: 'queued', host: 'forged.example.kz', nextAttemptAt: now },
        { id: crypto.randomUUID(), status: 'held', host: 'held.example.kz', nextAttemptAt: now },
        { id: crypto.randomUUID(), status: 'queued', host: 'later.example.kz', nextAttemptAt: now + 3_600_000 },
        { id: crypto.randomUUID(), status: 'sending', host: 'sending.example.kz', nextAttemptAt: now },
      ];
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('blockwatch');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const tx = db.transaction('reports', 'readwrite');
      entries.forEach((e, i) => {
        tx.objectStore('reports').put({
          id: e.id,
          signed: { report: report(e.id, e.host), signature: 'A'.repeat(86) },
          status: e.status,
          attempts: 0,
          nextAttemptAt: e.nextAttemptAt,
          queuedAt: now - 10_000 + i,
        });
      });
      await new Promise((resolve, reject) => {
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    { forged },
  );
  return { forged };
}

const settingsOf = (page: Page) => storedSettings(page) as Promise<Partial<Settings>>;

const OUTCOME = `(() => document.querySelector('#report-progress strong') ? document.getElementById('report-progress').textContent : null)()`;

for (const language of ['ru', 'kk', 'en'] as const satisfies Locale[]) {
  describe(`the user interface in ${language}`, () => {
    const m = localeMessages(language);
    const msg = (key: string) => m[key]!.message;
    let browser: ExtensionBrowser;
    let options: Page;

    beforeAll(async () => {
      browser = await launchBrowser({ language, args: sim.chromiumArgs() });
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('options: saves the endpoint and refuses bad values with visible errors in the language', async () => {
      await seedQueue(browser);
      options = await openOptions(browser);
      expect(await options.locator('h1').textContent()).toBe(msg('options_title'));
      expect(await options.getByLabel(msg('endpoint_label')).count()).toBe(1);

      // From the keyboard alone: type, Enter submits, Tab moves on to Save and Test connection.
      await options.getByLabel(msg('endpoint_label')).fill('http://collector.example.org');
      await options.keyboard.press('Enter');
      await expect.poll(() => options.locator('#endpoint-status').textContent()).toBe(msg('endpoint_errorHttp'));
      expect(await options.locator('#endpoint').getAttribute('aria-invalid')).toBe('true');
      await options.locator('#endpoint').focus();
      await options.keyboard.press('Tab');
      expect(await options.evaluate(() => document.activeElement?.textContent)).toBe(msg('endpoint_save'));
      await options.keyboard.press('Tab');
      expect(await options.evaluate(() => document.activeElement?.textContent)).toBe(msg('endpoint_test'));
      // The focus ring is drawn: the browser reports the outline of :focus-visible.
      expect(await options.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).toBe('solid');

      // One bad value in each checked field: all three are refused at once, each beside its field.
      const resolver = options.getByLabel(msg('settings_dohResolver'));
      const canaries = options.getByLabel(msg('settings_canaries'));
      const [goodResolver, goodCanaries] = [await resolver.inputValue(), await canaries.inputValue()];
      await options.getByLabel(msg('settings_probeTimeout')).fill('0');
      await resolver.fill('http://dns.example.org/dns-query');
      await canaries.fill(`${goodCanaries}\nnot a site`);
      await options.getByRole('button', { name: msg('settings_save') }).click();
      await expect.poll(() => options.locator('#probe-timeout-error').textContent()).toBe(msg('settings_probeTimeoutError'));
      expect(await options.locator('#doh-resolver-error[role="alert"]').textContent()).toBe(msg('endpoint_errorHttp'));
      const badLine = goodCanaries.split('\n').length + 1;
      expect(await options.locator('#canaries-error[role="alert"]').textContent()).toBe(
        msg('settings_canariesLineError').replace('{line}', String(badLine)).replace('{error}', msg('settings_urlErrorNotUrl')),
      );
      expect(await resolver.getAttribute('aria-invalid')).toBe('true');
      expect(await canaries.getAttribute('aria-invalid')).toBe('true');
      expect(await options.locator('#doh-resolver-error').isVisible()).toBe(true);
      expect(await options.locator('#canaries-error').isVisible()).toBe(true);
      await options.screenshot({ path: join(SCREENSHOT_DIR, language, 'options.png'), fullPage: true });
      expect((await settingsOf(options)).dohResolver).toBe(goodResolver);

      await resolver.fill(goodResolver);
      await canaries.fill(goodCanaries);
      await options.getByLabel(msg('settings_probeTimeout')).fill('20');
      await options.getByRole('button', { name: msg('settings_save') }).click();
      await expect.poll(() => options.locator('#settings-status').textContent()).toBe(msg('settings_saved'));
      expect(await settingsOf(options)).toMatchObject({
        probeTimeoutMs: 20_000,
        dohResolver: goodResolver,
        canaries: goodCanaries.split('\n'),
      });
      expect(await saveEndpoint(options, collector.url)).toBe(msg('endpoint_saved').replace('{host}', new URL(collector.url).host));
    });

    it('popup: one click on a blocked site sends a manual report, said in the language', async () => {
      const page = await browser.context.newPage();
      await page.goto(sim.sites.reset.url).catch(() => undefined);
      const popup = await openPopup(browser, page);
      await popup.waitFor('the button', `document.querySelector('button.primary:not([disabled])')`);
      expect(await popup.evaluate<string>(`document.querySelector('button.primary').textContent`)).toBe(msg('popup_reportButton'));
      await popup.evaluate(`document.querySelector('button.primary').click()`);
      const outcome = await popup.waitFor<string>('the outcome', OUTCOME);
      expect(outcome).toContain(msg('popup_outcomeSent').replace('{host}', new URL(collector.url).host));
      expect(outcome).toContain(msg('verdict_tcp_reset_title'));
      await popup.screenshot(join(SCREENSHOT_DIR, language, 'popup.png'));
      await popup.close();
      const manual = await waitFor(
        'the manual report at the collector',
        async () =>
          (await collector.store.list({ host: sim.sites.reset.host })).find(
            (r) => r.report.trigger === 'manual' && r.report.createdAt >= new Date(Date.now() - 60_000).toISOString(),
          ),
        15_000,
      );
      expect(manual.report.verdict.kind).toBe('tcp_reset');
    });

    it('history: every delivery status, a refusal with the collector’s reason, details on demand', async () => {
      await waitFor(
        'the forged report to be refused',
        async () => (await extensionReports(options)).find((r) => r.status === 'rejected'),
        20_000,
      );
      const history = await browser.context.newPage();
      await history.goto(`chrome-extension://${browser.extensionId}/report-history.html`);
      await history.locator('tbody tr').first().waitFor();
      for (const status of ['held', 'queued', 'sending', 'sent', 'rejected']) {
        await expect.poll(() => history.locator(`td.status-${status} strong`).first().textContent()).toBe(msg(`status_${status}`));
      }
      const refused = history.locator('tr[data-status="rejected"]');
      const reason = (await extensionReports(options)).find((r) => r.status === 'rejected')!.rejectedReason!;
      expect(reason).toMatch(/signature/);
      expect(await refused.locator('.reason').textContent()).toBe(reason);
      expect(await refused.locator('th').textContent()).toBe('forged.example.kz');

      await history
        .locator('tr[data-status="sent"]', { hasText: msg('trigger_manual') })
        .first()
        .getByRole('button', { name: msg('history_details') })
        .click();
      await history.locator('.report-details pre').waitFor();
      const json = JSON.parse((await history.locator('.report-details pre').textContent())!);
      expect(json.report.trigger).toBe('manual');
      expect(json.signature).toMatch(/^[A-Za-z0-9_-]{86}$/);
      await history.screenshot({ path: join(SCREENSHOT_DIR, language, 'history.png'), fullPage: true });

      // Filters: only the refused one, and the page says nothing is left of a made-up host.
      await history.getByLabel(msg('history_filterStatus')).selectOption('rejected');
      await expect.poll(() => history.locator('tbody tr').count()).toBe(1);
      await history.getByLabel(msg('history_filterHost')).fill('no-such-host');
      await expect.poll(() => history.getByText(msg('history_noMatch')).count()).toBe(1);
    });
  });
}
