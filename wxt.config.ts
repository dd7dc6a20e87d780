import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { contentScriptMatches } from './scripts/build/content-script-matches';
import { firefoxSettings } from './scripts/build/firefox-settings';
import { noCodeGeneration } from './scripts/build/no-code-generation';
import { SOURCES_EXCLUDED } from './scripts/build/sources-archive';

/** The content script, an unlisted script registered in the manifest below. */
const CONTENT_SCRIPT = 'blockpage-scan';

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  imports: false,
  // The deeper-checks build goes beside the default one, so both can be tested in one run.
  ...(process.env.BLOCKWATCH_DEEPER_CHECKS === '1' && { outDirTemplate: '{{browser}}-mv{{manifestVersion}}-deeper' }),
  zip: { excludeSources: SOURCES_EXCLUDED },
  vite: () => ({
    plugins: [preact(), noCodeGeneration()],
  }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // unlimitedStorage: a queue held through a days-long shutdown must not hit the default quota.
    // Chromium: no webRequest by default. Holding it at all makes Chromium route every request of
    // every page through the extension system; the deeper checks ask for it as an optional permission.
    // Firefox: webRequest names page errors and reads certificate chains (blocking onHeadersReceived).
    // BLOCKWATCH_DEEPER_CHECKS=1 builds a Chromium extension with it granted from the start, for the
    // tests and benchmarks of that mode (a granted optional permission cannot be clicked in a test).
    // offscreen (Chromium): a throttling measurement times a site from a fresh network partition.
    // scripting (Chromium): the deeper checks register the content script for every secure page.
    permissions: [
      'webNavigation',
      'storage',
      'alarms',
      'unlimitedStorage',
      ...(browser === 'firefox' ? [] : ['offscreen', 'scripting']),
      ...(browser === 'firefox'
        ? ['webRequest', 'webRequestBlocking']
        : process.env.BLOCKWATCH_DEEPER_CHECKS === '1'
          ? ['webRequest']
          : []),
    ],
    ...(browser !== 'firefox' && process.env.BLOCKWATCH_DEEPER_CHECKS !== '1' && { optional_permissions: ['webRequest'] }),
    host_permissions: ['<all_urls>'],
    // entrypoints/blockpage-scan.ts: the top frame, once it is idle, of the pages named in
    // scripts/build/content-script-matches.ts.
    content_scripts: [{ matches: contentScriptMatches(browser), js: [`${CONTENT_SCRIPT}.js`], run_at: 'document_idle', all_frames: false }],
    browser_specific_settings: browser === 'firefox' ? firefoxSettings() : undefined,
  }),
});
