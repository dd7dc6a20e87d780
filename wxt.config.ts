import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  imports: false,
  vite: () => ({
    plugins: [preact()],
  }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // unlimitedStorage: a queue held through a days-long shutdown must not hit the default quota.
    permissions: [
      'webRequest', 'storage', 'alarms', 'unlimitedStorage',
      // Firefox reads certificate chains (interception) only in a blocking onHeadersReceived.
      ...(browser === 'firefox' ? ['webRequestBlocking'] : []),
    ],
    host_permissions: ['<all_urls>'],
    browser_specific_settings:
      browser === 'firefox' ? { gecko: { id: 'blockwatch@blockwatch.invalid' } } : undefined,
  }),
});
