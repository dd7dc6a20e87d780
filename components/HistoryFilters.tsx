import type { ReportFilter } from '@/utils/ui-api/report-query';
import { VERDICT_KINDS } from '@/utils/protocol/report-schema';
import { verdictTitleKey } from '@/utils/ui-api/i18n';
import { useI18n } from './I18nProvider';

const STATUSES = ['held', 'queued', 'sending', 'sent', 'rejected'] as const;

export interface HistoryFiltersProps {
  filter: ReportFilter;
  onChange: (filter: ReportFilter) => void;
}

/** Status, kind and site filters of the report history. */
export function HistoryFilters({ filter, onChange }: HistoryFiltersProps) {
  const { t } = useI18n();
  const set = (patch: Partial<ReportFilter>) => {
    const next: ReportFilter = { ...filter, ...patch };
    for (const key of Object.keys(next) as (keyof ReportFilter)[]) if (!next[key]) delete next[key];
    onChange(next);
  };
  const active = Boolean(filter.status || filter.kind || filter.host);
  return (
    <search>
      <form class="filters" aria-label={t('history_filters')} onSubmit={(e) => e.preventDefault()}>
        <div>
          <label for="filter-status">{t('history_filterStatus')}</label>
          <select
            id="filter-status"
            value={filter.status ?? ''}
            onChange={(e) => set({ status: ((e.target as HTMLSelectElement).value || undefined) as ReportFilter['status'] })}
          >
            <option value="">{t('history_filterAll')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status_${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="filter-kind">{t('history_filterKind')}</label>
          <select
            id="filter-kind"
            value={filter.kind ?? ''}
            onChange={(e) => set({ kind: ((e.target as HTMLSelectElement).value || undefined) as ReportFilter['kind'] })}
          >
            <option value="">{t('history_filterAll')}</option>
            {VERDICT_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(verdictTitleKey(k))}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="filter-host">{t('history_filterHost')}</label>
          <input
            id="filter-host"
            type="search"
            autoComplete="off"
            spellcheck={false}
            placeholder={t('history_filterHostPlaceholder')}
            value={filter.host ?? ''}
            onInput={(e) => set({ host: (e.target as HTMLInputElement).value || undefined })}
          />
        </div>
        <button type="button" disabled={!active} onClick={() => onChange({})}>
          {t('history_filterClear')}
        </button>
      </form>
    </search>
  );
}
