import { verdictTitleKey } from '@/utils/ui-api/i18n';
import type { ReportSummary } from '@/utils/ui-api/report-query';
import type { ComponentChildren } from 'preact';
import { useI18n } from './I18nProvider';

export interface ReportRowProps {
  report: ReportSummary;
  expanded: boolean;
  onToggle: (id: string) => void;
  onDelete: (report: ReportSummary) => void;
  onSendAgain: (report: ReportSummary) => void;
  /** The details, rendered under the row while it is expanded. */
  children?: ComponentChildren;
  columns: number;
}

/** One report in the history table, with its actions and, on demand, its details. */
export function ReportRow({ report, expanded, onToggle, onDelete, onSendAgain, children, columns }: ReportRowProps) {
  const { t, formatTime } = useI18n();
  const hostId = `host-${report.id}`;
  const detailsId = `details-${report.id}`;
  return (
    <>
      <tr data-report-id={report.id} data-status={report.status}>
        <th scope="row" id={hostId} class="host">
          {report.host}
        </th>
        <td data-label={t('history_colVerdict')}>
          {t(verdictTitleKey(report.kind))}
          {!report.confirmed && report.kind !== 'ok' && <span class="muted"> ({t('confirmed_noShort')})</span>}
        </td>
        <td data-label={t('history_colTrigger')}>{t(report.trigger === 'manual' ? 'trigger_manual' : 'trigger_auto')}</td>
        <td data-label={t('history_colTime')}>{formatTime(Date.parse(report.createdAt))}</td>
        <td class={`status-${report.status}`} data-label={t('history_colStatus')}>
          <strong>{t(`status_${report.status}`)}</strong>
          {report.status === 'rejected' && report.rejectedReason && (
            <div class="reason">
              {/* The collector's own words: shown as it sent them, in whatever language it uses. */}
              <q>{report.rejectedReason}</q>
            </div>
          )}
          {report.status === 'sent' && report.sentAt !== undefined && (
            <div class="muted">{t('history_sentAt', { time: formatTime(report.sentAt) })}</div>
          )}
          {report.status === 'queued' && report.lastError && <div class="muted">{t('history_lastError', { error: report.lastError })}</div>}
        </td>
        <td>
          {/* biome-ignore lint/a11y/useSemanticElements: a fieldset would draw a border and legend around two buttons */}
          <div role="group" aria-label={t('history_actionsFor', { host: report.host })}>
            <button
              type="button"
              aria-expanded={expanded}
              aria-controls={detailsId}
              aria-describedby={hostId}
              onClick={() => onToggle(report.id)}
            >
              {t(expanded ? 'history_hideDetails' : 'history_details')}
            </button>
            {(report.status === 'rejected' || report.status === 'held') && (
              <button type="button" aria-describedby={hostId} onClick={() => onSendAgain(report)}>
                {t(report.status === 'held' ? 'history_send' : 'history_resend')}
              </button>
            )}
            <button type="button" class="danger" aria-describedby={hostId} onClick={() => onDelete(report)}>
              {t('history_delete')}
            </button>
          </div>
        </td>
      </tr>
      {expanded && (
        <tr class="details-row" id={detailsId}>
          <td colSpan={columns} aria-label={t('history_detailsFor', { host: report.host })}>
            {children}
          </td>
        </tr>
      )}
    </>
  );
}
