import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { Result } from '@/utils/ui-api/messages';
import type { ReportFilter, ReportPage, ReportSummary } from '@/utils/ui-api/report-query';
import { HistoryFilters } from './HistoryFilters';
import { useI18n } from './I18nProvider';
import { ReportDetails } from './ReportDetails';
import { ReportRow } from './ReportRow';
import type { QueuedReport } from '@/utils/storage/records';

export interface HistoryApi {
  query: (filter: ReportFilter, offset: number, limit: number) => Promise<Result<ReportPage>>;
  get: (id: string) => Promise<Result<QueuedReport | null>>;
  remove: (id: string) => Promise<Result<unknown>>;
  removeAll: () => Promise<Result<unknown>>;
  sendAgain: (id: string) => Promise<Result<unknown>>;
  exportAs: (format: 'json' | 'csv', filter: ReportFilter) => Promise<Result<null>>;
}

export interface HistoryPageProps {
  api: HistoryApi;
  confirm: (message: string) => boolean;
  pageSize?: number;
  /** Called once, when the first page of reports is on screen (for the benchmark). */
  onFirstRender?: () => void;
  /** Waits this long after typing in the site filter before asking again. */
  debounceMs?: number;
}

const COLUMNS = 6;

/** The report history: one page of reports at a time, so 10,000 of them open as fast as 10. */
export function HistoryPage({ api, confirm, pageSize = 50, onFirstRender, debounceMs = 250 }: HistoryPageProps) {
  const { t } = useI18n();
  const [filter, setFilter] = useState<ReportFilter>({});
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<Result<ReportPage> | null>(null);
  const [expanded, setExpanded] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ text: string; error?: boolean } | null>(null);
  const reported = useRef(false);
  const request = useRef(0);

  const reload = useCallback(
    async (nextFilter: ReportFilter, nextOffset: number) => {
      const mine = ++request.current;
      const answer = await api.query(nextFilter, nextOffset, pageSize);
      // A slower answer to an older filter must not overwrite a newer one.
      if (mine === request.current) setPage(answer);
    },
    [api, pageSize],
  );

  useEffect(() => {
    const timer = setTimeout(() => void reload(filter, offset), page === null ? 0 : debounceMs);
    return () => clearTimeout(timer);
  }, [filter, offset, reload]);

  useEffect(() => {
    if (!reported.current && page?.ok) {
      reported.current = true;
      onFirstRender?.();
    }
  }, [page, onFirstRender]);

  const say = (text: string, error = false) => setNotice({ text, error });
  const tell = (result: Result<unknown>, success?: string) => {
    if (!result.ok) say(t('error_generic', { error: result.error }), true);
    else if (success) say(success);
  };

  async function remove(report: ReportSummary) {
    if (!confirm(t('history_confirmDelete'))) return;
    tell(await api.remove(report.id), t('history_deleted'));
    await reload(filter, offset);
  }

  async function removeAll(total: number) {
    if (!confirm(t('history_confirmDeleteAll', { count: total }))) return;
    tell(await api.removeAll(), t('history_deletedAll'));
    setOffset(0);
    await reload(filter, 0);
  }

  async function sendAgain(report: ReportSummary) {
    tell(await api.sendAgain(report.id), t(report.status === 'held' ? 'history_released' : 'history_resent'));
    await reload(filter, offset);
  }

  async function exportAs(format: 'json' | 'csv') {
    tell(await api.exportAs(format, filter));
  }

  const data = page?.ok ? page.data : null;
  const total = data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const current = Math.floor(offset / pageSize) + 1;
  const filtered = Boolean(filter.status || filter.kind || filter.host);

  return (
    <>
      <HistoryFilters
        filter={filter}
        onChange={(next) => {
          setFilter(next);
          setOffset(0);
          setExpanded(null);
        }}
      />
      <div class="toolbar">
        <button type="button" onClick={() => void exportAs('json')} disabled={total === 0}>
          {t('history_exportJson')}
        </button>
        <button type="button" onClick={() => void exportAs('csv')} disabled={total === 0}>
          {t('history_exportCsv')}
        </button>
        <button type="button" class="danger" onClick={() => void removeAll(total)} disabled={total === 0 || filtered}>
          {t('history_deleteAll')}
        </button>
      </div>
      <p role={notice?.error ? 'alert' : 'status'} class={notice?.error ? 'error' : 'ok'}>
        {notice?.text ?? ''}
      </p>
      {!page && <p role="status">{t('loading')}</p>}
      {page && !page.ok && (
        <p role="alert" class="error">
          {t('error_generic', { error: page.error })}
        </p>
      )}
      {data && data.total === 0 && <p>{t(filtered ? 'history_noMatch' : 'history_empty')}</p>}
      {data && data.total > 0 && (
        <>
          <div class="table-scroll">
            <table>
              <caption>{t('history_total', { count: data.total })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('history_colSite')}</th>
                  <th scope="col">{t('history_colVerdict')}</th>
                  <th scope="col">{t('history_colTrigger')}</th>
                  <th scope="col">{t('history_colTime')}</th>
                  <th scope="col">{t('history_colStatus')}</th>
                  <th scope="col">{t('history_colActions')}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((report) => (
                  <ReportRow
                    key={report.id}
                    report={report}
                    columns={COLUMNS}
                    expanded={expanded === report.id}
                    onToggle={(id) => setExpanded(expanded === id ? null : id)}
                    onDelete={(r) => void remove(r)}
                    onSendAgain={(r) => void sendAgain(r)}
                  >
                    {expanded === report.id && <ReportDetails id={report.id} load={api.get} />}
                  </ReportRow>
                ))}
              </tbody>
            </table>
          </div>
          <nav class="pager" aria-label={t('history_page', { page: current, pages })}>
            <button type="button" disabled={current <= 1} onClick={() => setOffset(Math.max(0, offset - pageSize))}>
              {t('history_prev')}
            </button>
            <span>{t('history_page', { page: current, pages })}</span>
            <button type="button" disabled={current >= pages} onClick={() => setOffset(offset + pageSize)}>
              {t('history_next')}
            </button>
          </nav>
        </>
      )}
    </>
  );
}
