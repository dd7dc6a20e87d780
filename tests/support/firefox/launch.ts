// Starts Debian's firefox-esr headless through puppeteer-core over WebDriver BiDi, with a fresh
// profile, the test roots trusted in it, and Blockwatch's Firefox build installed as a temporary
// add-on under a fixed UUID, so its pages have known moz-extension:// addresses.
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { trustInProfile, type TestCa } from './certs';

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/lib/firefox-esr/firefox-esr';
export const FIREFOX_EXTENSION_DIR = resolve(import.meta.dirname, '../../../.output/firefox-mv2');
/** Any fixed UUID will do; fixing it is what makes the extension's page addresses known. */
export const EXTENSION_UUID = 'b10c4a7c-0000-4000-8000-0000000000f1';

export interface FirefoxExtension {
  browser: Browser;
  /** moz-extension://<uuid> */
  origin: string;
  profileDir: string;
  close(): Promise<void>;
}

export interface FirefoxLaunchOptions {
  prefs?: Record<string, string | number | boolean>;
  /** Roots the profile trusts, as if the user had installed them. */
  roots?: TestCa[];
  /** The interface language Firefox asks pages and extensions for, e.g. 'ru'. */
  language?: string;
}

async function geckoId(dir: string): Promise<string> {
  const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as {
    browser_specific_settings?: { gecko?: { id?: string } };
  };
  const id = manifest.browser_specific_settings?.gecko?.id;
  if (!id) throw new Error(`${dir}/manifest.json names no gecko id: build with "wxt build -b firefox" first`);
  return id;
}

export async function launchFirefox(options: FirefoxLaunchOptions = {}): Promise<FirefoxExtension> {
  const id = await geckoId(FIREFOX_EXTENSION_DIR);
  const profileDir = await mkdtemp(join(tmpdir(), 'blockwatch-firefox-'));
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close().catch(() => undefined);
    await rm(profileDir, { recursive: true, force: true });
  };
  try {
    if (options.roots?.length) await trustInProfile(profileDir, options.roots);
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX_PATH,
      headless: true,
      userDataDir: profileDir,
      // BLOCKWATCH_FIREFOX_LOG=1 shows Firefox's output, the extension's console included.
      dumpio: process.env.BLOCKWATCH_FIREFOX_LOG === '1',
      // BiDi refuses to navigate to moz-extension:// pages without it.
      args: ['--remote-allow-system-access'],
      extraPrefsFirefox: {
        'extensions.webextensions.uuids': JSON.stringify({ [id]: EXTENSION_UUID }),
        'intl.locale.requested': options.language ?? 'en-US',
        'intl.accept_languages': options.language ?? 'en-US',
        // Quiet: no revocation checks, update pings or studies; each would only meet the SOCKS wall.
        'security.OCSP.enabled': 0,
        'network.connectivity-service.enabled': false,
        'network.captive-portal-service.enabled': false,
        'extensions.blocklist.enabled': false,
        'app.shield.optoutstudies.enabled': false,
        'devtools.console.stdout.content': process.env.BLOCKWATCH_FIREFOX_LOG === '1',
        ...options.prefs,
      },
    });
    const installed = await browser.installExtension(FIREFOX_EXTENSION_DIR);
    if (installed !== id) throw new Error(`installed ${installed}, expected ${id}`);
    return { browser, origin: `moz-extension://${EXTENSION_UUID}`, profileDir, close };
  } catch (error) {
    await close();
    throw error;
  }
}
