import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Worker } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const EXTENSION_DIR = resolve(import.meta.dirname, '../../.output/chrome-mv3');
/** The same extension built with the deeper checks granted (`npm run build:deeper`). */
export const DEEPER_EXTENSION_DIR = resolve(import.meta.dirname, '../../.output/chrome-mv3-deeper');

export interface ExtensionBrowser {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  profileDir: string;
  close(options?: { keepProfile?: boolean }): Promise<void>;
}

export interface LaunchOptions {
  args?: string[];
  profileDir?: string;
  /** Without the extension: for comparisons and checks of the browser alone. */
  withoutExtension?: boolean;
  /** A visible window, for a person at a display. */
  headed?: boolean;
  /** The browser's interface language, e.g. 'ru' or 'kk': what `i18n.getUILanguage()` answers. */
  language?: string;
  /** Load the build that holds webRequest, as after the user granted the deeper checks. */
  deeper?: boolean;
  /** Leave open the welcome page a new installation opens (by default a fresh profile's is closed). */
  keepWelcome?: boolean;
}

const BASE_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--disable-dev-shm-usage',
];

export async function launchBrowser(options: LaunchOptions = {}): Promise<ExtensionBrowser> {
  const profileDir = options.profileDir ?? (await mkdtemp(join(tmpdir(), 'blockwatch-profile-')));
  const dir = options.deeper ? DEEPER_EXTENSION_DIR : EXTENSION_DIR;
  const extensionArgs = options.withoutExtension ? [] : [`--disable-extensions-except=${dir}`, `--load-extension=${dir}`];
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    headless: !options.headed,
    args: [
      ...(options.headed ? [] : ['--headless=new']),
      ...BASE_ARGS,
      ...extensionArgs,
      ...(options.language ? [`--lang=${options.language}`] : []),
      ...(options.args ?? []),
    ],
    // On Linux Chromium takes its interface language from the environment as well as --lang.
    ...(options.language && { env: { ...process.env, LANGUAGE: options.language, LANG: `${options.language}.UTF-8` } }),
  });
  const close = async (closeOptions: { keepProfile?: boolean } = {}) => {
    await context.close().catch(() => undefined);
    if (!closeOptions.keepProfile) await rm(profileDir, { recursive: true, force: true });
  };
  if (options.withoutExtension) return { context, worker: undefined as unknown as Worker, extensionId: '', profileDir, close };
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
  const extensionId = new URL(worker.url()).host;
  if (!options.profileDir && !options.keepWelcome) await closeWelcomePage(context, extensionId);
  return { context, worker, extensionId, profileDir, close };
}

/**
 * A fresh profile is a new installation, which opens the welcome page in a tab of its own. Tests
 * that do not look at it close it first, so it neither takes the place of a page they wait for nor
 * runs beside what they measure.
 */
async function closeWelcomePage(context: BrowserContext, extensionId: string): Promise<void> {
  const welcome = `chrome-extension://${extensionId}/welcome.html`;
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const page = context.pages().find((p) => p.url().startsWith(welcome));
    if (page) {
      // Closed while still loading, the page can take the extension's renderer down with it and
      // leave the next extension page without its message catalogue (getMessage answers '').
      await page.waitForLoadState('load').catch(() => undefined);
      return page.close();
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
