import { render } from 'preact';
import { browser } from 'wxt/browser';
import { I18nProvider } from '@/components/I18nProvider';
import { PopupView } from '@/components/PopupView';
import { createFormatTime } from '@/utils/ui-api/i18n';
import '@/assets/ui.css';
import { browserLanguage, browserTranslate } from '@/utils/ui-api/browser-i18n';
import { sendMessage } from '@/utils/ui-api/send';

async function main() {
  const language = browserLanguage();
  document.documentElement.lang = language;
  document.title = 'Blockwatch';
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  const tabId = tab?.id ?? -1;
  const load = () => (tabId >= 0 ? sendMessage('popupState', { tabId }) : Promise.resolve({ ok: false as const, error: 'no active tab' }));
  render(
    <I18nProvider value={{ t: browserTranslate(), formatTime: createFormatTime(language), language }}>
      <PopupView
        load={load}
        report={(note) => sendMessage('reportSite', { tabId, ...(note !== undefined && { note }) })}
        lookup={(id) => sendMessage('getReport', { id })}
        others={() => sendMessage('othersStatus', { tabId })}
        historyUrl={browser.runtime.getURL('/report-history.html')}
        optionsUrl={browser.runtime.getURL('/options.html')}
      />
    </I18nProvider>,
    document.getElementById('app')!,
  );
}

void main();
