import { render } from 'preact';
import { browser } from 'wxt/browser';
import { DeeperChecks } from '@/components/DeeperChecks';
import { EndpointForm } from '@/components/EndpointForm';
import { I18nProvider } from '@/components/I18nProvider';
import { KeyPanel } from '@/components/KeyPanel';
import { SettingsForm } from '@/components/SettingsForm';
import { createFormatTime } from '@/utils/ui-api/i18n';
import '@/assets/ui.css';
import { browserLanguage, browserTranslate } from '@/utils/ui-api/browser-i18n';
import { sendMessage } from '@/utils/ui-api/send';

const load = () => sendMessage('getSettings', {});
// Chromium offers the deeper checks as an optional permission; Firefox's build always has it.
const deeper = { permissions: ['webRequest' as const] };
const deeperOptional = (browser.runtime.getManifest().optional_permissions ?? []).includes('webRequest');
const language = browserLanguage();
const t = browserTranslate();
document.documentElement.lang = language;
document.title = t('options_title');

render(
  <I18nProvider value={{ t, formatTime: createFormatTime(language), language }}>
    <h1>{t('options_title')}</h1>
    <p>{t('options_intro')}</p>
    <p>
      <a href={browser.runtime.getURL('/report-history.html')}>{t('options_historyLink')}</a> ·{' '}
      <a href={browser.runtime.getURL('/welcome.html')}>{t('options_welcomeLink')}</a>
    </p>
    <EndpointForm
      load={load}
      save={(endpoint) => sendMessage('saveSettings', { endpoint })}
      test={(endpoint) => sendMessage('testEndpoint', { endpoint })}
    />
    <SettingsForm load={load} save={(patch) => sendMessage('saveSettings', patch)} />
    <DeeperChecks
      optional={deeperOptional}
      load={() => browser.permissions.contains(deeper)}
      grant={() => browser.permissions.request(deeper)}
      revoke={() => browser.permissions.remove(deeper)}
    />
    <KeyPanel
      load={() => sendMessage('keyInfo', {})}
      rotate={() => sendMessage('rotateKey', {})}
      confirm={(message) => window.confirm(message)}
    />
  </I18nProvider>,
  document.getElementById('app')!,
);
