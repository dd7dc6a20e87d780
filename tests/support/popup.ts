import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import type { ExtensionBrowser } from './browser';
import { waitFor } from './extension';

declare const chrome: { action: { openPopup(): Promise<void> } };

export const SCREENSHOT_DIR = resolve(import.meta.dirname, '../../test-results/screenshots');

/** The real toolbar popup, driven through the DevTools protocol: it is not a Playwright page. */
export interface Popup {
  evaluate<T>(expression: string): Promise<T>;
  /** Polls an expression in the popup until it returns something other than null or undefined. */
  waitFor<T>(what: string, expression: string, timeoutMs?: number): Promise<T>;
  screenshot(path: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens the popup as the user does, for the tab of `page`: the tab comes to the front, then the
 * extension's own `action.openPopup()` shows the popup over it.
 */
export async function openPopup(browser: ExtensionBrowser, page: Page): Promise<Popup> {
  await page.bringToFront();
  await browser.worker.evaluate(() => chrome.action.openPopup());
  const cdp: CDPSession = await browser.context.newCDPSession(page);
  const popupUrl = `chrome-extension://${browser.extensionId}/popup.html`;
  const targetId = await waitFor(
    'the popup to open',
    async () => {
      const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: { targetId: string; url: string }[] };
      return targetInfos.find((t) => t.url.startsWith(popupUrl))?.targetId;
    },
    20_000,
  );
  const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId, flatten: false })) as { sessionId: string };
  let nextId = 0;
  const pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  cdp.on('Target.receivedMessageFromTarget', (event: { sessionId: string; message: string }) => {
    if (event.sessionId !== sessionId) return;
    const message = JSON.parse(event.message) as { id?: number; result?: unknown; error?: { message: string } };
    const waiting = message.id !== undefined ? pending.get(message.id) : undefined;
    if (!waiting) return;
    pending.delete(message.id!);
    if (message.error) waiting.reject(new Error(message.error.message));
    else waiting.resolve(message.result);
  });
  const call = (method: string, params: Record<string, unknown> = {}): Promise<any> => {
    const id = ++nextId;
    const answer = new Promise((resolvePromise, reject) => pending.set(id, { resolve: resolvePromise, reject }));
    void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) });
    return answer;
  };
  const evaluate = async <T>(expression: string): Promise<T> => {
    const result = await call('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
    if (result.exceptionDetails)
      throw new Error(`popup: ${result.exceptionDetails.exception?.description ?? result.exceptionDetails.text}`);
    return result.result.value as T;
  };
  return {
    evaluate,
    waitFor: (what, expression, timeoutMs = 30_000) =>
      waitFor(what, async () => (await evaluate<unknown>(expression)) ?? undefined, timeoutMs) as Promise<any>,
    screenshot: async (path) => {
      const { data } = await call('Page.captureScreenshot', { format: 'png', captureBeyondViewport: true });
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, Buffer.from(data as string, 'base64'));
    },
    close: async () => {
      await evaluate('window.close()').catch(() => undefined);
      await cdp.detach().catch(() => undefined);
    },
  };
}

/** Text of an element in the popup, or null while it is not there or empty. */
export const textOf = (selector: string) =>
  `(() => { const t = document.querySelector(${JSON.stringify(selector)})?.textContent?.trim(); return t ? t : null; })()`;
