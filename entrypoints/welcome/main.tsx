import { render } from 'preact';
import { browser } from 'wxt/browser';
import { I18nProvider } from '@/components/I18nProvider';
import { WelcomePage } from '@/components/WelcomePage';
import { createFormatTime } from '@/utils/ui-api/i18n';
import '@/assets/ui.css';
import { browserLanguage, browserTranslate } from '@/utils/ui-api/browser-i18n';
import { sendMessage } from '@/utils/ui-api/send';

const language = browserLanguage();
const t = browserTranslate();
document.documentElement.lang = language;
document.title = t('welcome_title');

render(
  <I18nProvider value={{ t, formatTime: createFormatTime(language), language }}>
    <WelcomePage
      load={() => sendMessage('getSettings', {})}
      save={(endpoint) => sendMessage('saveSettings', { endpoint })}
      test={(endpoint) => sendMessage('testEndpoint', { endpoint })}
      historyUrl={browser.runtime.getURL('/report-history.html')}
      optionsUrl={browser.runtime.getURL('/options.html')}
    />
  </I18nProvider>,
  document.getElementById('app')!,
);
