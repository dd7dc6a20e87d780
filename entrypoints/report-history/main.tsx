import { render } from 'preact';
import { browser } from 'wxt/browser';
import { HistoryPage, type HistoryApi } from '@/components/HistoryPage';
import { I18nProvider } from '@/components/I18nProvider';
import { reportsToCsv, reportsToJson } from '@/utils/ui-api/export';
import { createFormatTime } from '@/utils/ui-api/i18n';
import '@/assets/ui.css';
import { browserLanguage, browserTranslate } from '@/utils/ui-api/browser-i18n';
import { sendMessage } from '@/utils/ui-api/send';

/** A file the user saves, made in the page: the reports never leave the browser for it. */
function download(text: string, type: string, name: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const api: HistoryApi = {
  query: (filter, offset, limit) => sendMessage('queryReports', { filter, offset, limit }),
  get: (id) => sendMessage('getReport', { id }),
  remove: (id) => sendMessage('deleteReport', { id }),
  removeAll: () => sendMessage('deleteAllReports', {}),
  sendAgain: (id) => sendMessage('resendReport', { id }),
  exportAs: async (format, filter) => {
    const answer = await sendMessage('exportReports', { filter });
    if (!answer.ok) return answer;
    const stamp = new Date().toISOString().slice(0, 10);
    if (format === 'json') download(reportsToJson(answer.data), 'application/json', `blockwatch-reports-${stamp}.json`);
    else download(reportsToCsv(answer.data), 'text/csv;charset=utf-8', `blockwatch-reports-${stamp}.csv`);
    return { ok: true, data: null };
  },
};

const language = browserLanguage();
const t = browserTranslate();
document.documentElement.lang = language;
document.title = `${t('history_title')} · Blockwatch`;

render(
  <I18nProvider value={{ t, formatTime: createFormatTime(language), language }}>
    <h1>{t('history_title')}</h1>
    <p>{t('history_intro')}</p>
    <p>
      <a href={browser.runtime.getURL('/options.html')}>{t('history_optionsLink')}</a>
    </p>
    <HistoryPage
      api={api}
      confirm={(message) => window.confirm(message)}
      onFirstRender={() => performance.mark('blockwatch-history-rendered')}
    />
  </I18nProvider>,
  document.getElementById('app')!,
);
