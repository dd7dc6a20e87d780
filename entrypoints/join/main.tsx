import { render } from 'preact';
import { browser } from 'wxt/browser';
import { I18nProvider } from '@/components/I18nProvider';
import { JoinConfirm } from '@/components/JoinConfirm';
import { createFormatTime } from '@/utils/ui-api/i18n';
import '@/assets/ui.css';
import { browserLanguage, browserTranslate } from '@/utils/ui-api/browser-i18n';
import { endpointFromConfirmationQuery } from '@/utils/ui-api/join-link';
import { sendMessage } from '@/utils/ui-api/send';

const language = browserLanguage();
const t = browserTranslate();
document.documentElement.lang = language;
// Only the address in this page's own URL, checked again: the page that opened it proves nothing.
const endpoint = endpointFromConfirmationQuery(location.search);
document.title = endpoint ? t('join_title', { host: new URL(endpoint).host }) : t('join_titleInvalid');

render(
  <I18nProvider value={{ t, formatTime: createFormatTime(language), language }}>
    <JoinConfirm
      endpoint={endpoint}
      load={() => sendMessage('getSettings', {})}
      test={(url) => sendMessage('testEndpoint', { endpoint: url })}
      save={(url) => sendMessage('saveSettings', { endpoint: url })}
      close={() => window.close()}
      optionsUrl={browser.runtime.getURL('/options.html')}
    />
  </I18nProvider>,
  document.getElementById('app')!,
);
