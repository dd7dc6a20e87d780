import { useEffect, useState } from 'preact/hooks';
import type { Result } from '@/utils/ui-api/messages';
import { useI18n } from './I18nProvider';
import { VerdictText } from './VerdictText';
import type { QueuedReport } from '@/utils/storage/records';

export interface ReportDetailsProps {
  id: string;
  load: (id: string) => Promise<Result<QueuedReport | null>>;
}

/** Everything about one report, loaded when asked for: evidence and the exact signed JSON. */
export function ReportDetails({ id, load }: ReportDetailsProps) {
  const { t, formatTime } = useI18n();
  const [entry, setEntry] = useState<Result<QueuedReport | null> | null>(null);
  useEffect(() => void load(id).then(setEntry), [id, load]);

  if (!entry) return <p role="status">{t('loading')}</p>;
  if (!entry.ok)
    return (
      <p role="alert" class="error">
        {t('error_generic', { error: entry.error })}
      </p>
    );
  if (!entry.data) return <p>{t('history_deleted')}</p>;
  const { report } = entry.data.signed;
  const { evidence } = report;
  const jsonTitle =
    entry.data.status === 'sent'
      ? 'history_signedJsonSent'
      : entry.data.status === 'held'
        ? 'history_signedJsonKept'
        : 'history_signedJsonPending';
  return (
    <div class="report-details">
      <VerdictText kind={report.verdict.kind} confirmed={report.verdict.confirmed} />
      <dl class="evidence">
        <dt>{t('history_fieldUrl')}</dt>
        <dd class="host">{report.url}</dd>
        <dt>{t('history_fieldCreated')}</dt>
        <dd>{formatTime(Date.parse(report.createdAt))}</dd>
        <dt>{t('history_fieldAttempts')}</dt>
        <dd>{entry.data.attempts}</dd>
        {report.note && (
          <>
            <dt>{t('history_fieldNote')}</dt>
            <dd>{report.note}</dd>
          </>
        )}
      </dl>
      <h3>{t('history_evidence')}</h3>
      <dl class="evidence">
        {evidence.navigationError && (
          <>
            <dt>{t('history_evidenceNavigation')}</dt>
            <dd class="host">{evidence.navigationError}</dd>
          </>
        )}
        {evidence.httpStatus !== undefined && (
          <>
            <dt>{t('history_evidenceHttpStatus')}</dt>
            <dd>{evidence.httpStatus}</dd>
          </>
        )}
        {evidence.probe && (
          <>
            <dt>{t('history_evidenceProbe')}</dt>
            <dd>
              {[
                evidence.probe.error,
                evidence.probe.status !== undefined ? `HTTP ${evidence.probe.status}` : undefined,
                evidence.probe.timedOut ? t('history_evidenceProbeTimedOut') : undefined,
                t('history_evidenceProbeMs', { ms: evidence.probe.ms }),
              ]
                .filter(Boolean)
                .join(', ')}
            </dd>
          </>
        )}
        {evidence.blockpage && (
          <>
            <dt>{t('history_evidenceBlockpage')}</dt>
            <dd>
              {evidence.blockpage.fingerprint} ({evidence.blockpage.source})
            </dd>
          </>
        )}
        {evidence.denial && (
          <>
            <dt>{t('history_evidenceDenial')}</dt>
            <dd>
              {evidence.denial.family} ({evidence.denial.name})
            </dd>
          </>
        )}
      </dl>
      <h3>{t(jsonTitle)}</h3>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a long signed report must be scrollable from the keyboard */}
      {/* biome-ignore lint/a11y/useAriaPropsSupportedByRole: the label names what the scrollable region holds */}
      <pre tabIndex={0} aria-label={t(jsonTitle)}>
        {JSON.stringify(entry.data.signed, null, 2)}
      </pre>
    </div>
  );
}
