import type { Page } from 'playwright-core';
import type { ExtensionBrowser } from './browser';
import type { QueuedReport } from '../../utils/storage/records';

/** The page side of the extension API, as seen from inside an extension page. */
declare const chrome: { runtime: { sendMessage(message: unknown): Promise<any> } };

/** Opens the options page as a user would and returns it; extension messages can be sent from it. */
export async function openOptions(browser: ExtensionBrowser): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/options.html`);
  await page.locator('#endpoint').waitFor();
  return page;
}

/**
 * Types the endpoint and presses Save; returns the status text the page shows. The field and the
 * button are found by id, so this works whatever language the browser shows the page in.
 */
/**
 * A user opens the site in a new tab. Blocked loads throw in Playwright, which is what the user
 * sees too, so the failure is swallowed and the page returned either way.
 */
export async function visit(
  browser: ExtensionBrowser,
  url: string,
  waitUntil: 'load' | 'domcontentloaded' = 'domcontentloaded',
): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(url, { timeout: 60_000, waitUntil }).catch(() => undefined);
  return page;
}

export async function saveEndpoint(options: Page, endpoint: string): Promise<string> {
  const field = options.locator('#endpoint');
  await field.fill(endpoint);
  await options.locator('#endpoint-save').click();
  const status = options.locator('#endpoint-status');
  await status.filter({ hasText: /\S/ }).waitFor();
  return (await status.textContent()) ?? '';
}

/** The extension's own record of its reports, through the same message the history page uses. */
export async function extensionReports(page: Page): Promise<QueuedReport[]> {
  return page.evaluate(async () => {
    const answer = await chrome.runtime.sendMessage({ blockwatch: 'listReports', payload: {} });
    if (!answer?.ok) throw new Error(`listReports failed: ${answer?.error}`);
    return answer.data;
  });
}

export async function storedSettings(page: Page): Promise<{ endpoint: string | null }> {
  return page.evaluate(async () => (await chrome.runtime.sendMessage({ blockwatch: 'getSettings', payload: {} })).data);
}

/** Polls until the check returns a value, or fails with the last state it saw. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A content script the background registered at run time (`scripting.registerContentScripts`). */
export interface RegisteredScript {
  id: string;
  matches?: string[];
  excludeMatches?: string[];
  js?: string[];
}

export async function registeredScripts(browser: ExtensionBrowser): Promise<RegisteredScript[]> {
  return browser.worker.evaluate(() =>
    (
      globalThis as unknown as { chrome: { scripting: { getRegisteredContentScripts(): Promise<RegisteredScript[]> } } }
    ).chrome.scripting.getRegisteredContentScripts(),
  );
}

/** Waits for the deeper checks' registration for every secure page, made after install. */
export function securePagesRegistered(browser: ExtensionBrowser): Promise<RegisteredScript[]> {
  return waitFor(
    'the content script to be registered for every secure page',
    async () => {
      const found = await registeredScripts(browser);
      return found.length ? found : undefined;
    },
    10_000,
  );
}
