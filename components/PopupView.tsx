import { useCallback, useEffect, useState } from 'preact/hooks';
import type { Result } from '@/utils/ui-api/messages';
import { FindingSummary } from './FindingSummary';
import { useI18n } from './I18nProvider';
import { ManualReport, type ManualReportProps } from './ManualReport';
import type { PopupState } from '@/utils/ui-api/views';
import { OthersReport, type OthersReportProps } from './OthersReport';
import { isBlockedKind } from '@/utils/ui-api/views';

export interface PopupViewProps {
  load: () => Promise<Result<PopupState>>;
  report: ManualReportProps['report'];
  lookup: ManualReportProps['lookup'];
  historyUrl: string;
  optionsUrl: string;
  pollMs?: number;
  /** What others reported about this site; without it the popup does not ask. */
  others?: OthersReportProps['ask'];
}

/** The toolbar popup for the tab the user is on. */
export function PopupView({ load, report, lookup, historyUrl, optionsUrl, pollMs, others }: PopupViewProps) {
  const { t } = useI18n();
  const [state, setState] = useState<Result<PopupState> | null>(null);
  const refresh = useCallback(() => void load().then(setState), [load]);
  useEffect(refresh, [refresh]);

  if (!state) return <p role="status">{t('loading')}</p>;
  if (!state.ok)
    return (
      <p role="alert" class="error">
        {t('error_generic', { error: state.error })}
      </p>
    );
  const { site, finding, endpointHost, autoDetect, counts } = state.data;
  return (
    <>
      <h1>
        {t('popup_heading')}
        {'host' in site && site.host && (
          <>
            {': '}
            <span class="host">{site.host}</span>
          </>
        )}
      </h1>
      {site.reportable && <FindingSummary finding={finding} endpointHost={endpointHost} />}
      {site.reportable && endpointHost && others && (
        <OthersReport ask={others} auto={finding !== null && isBlockedKind(finding.kind)} mine={finding !== null} />
      )}
      {!autoDetect && <p class="notice">{t('popup_autoDetectOff')}</p>}
      <ManualReport
        site={site}
        endpointHost={endpointHost}
        report={report}
        lookup={lookup}
        onDone={refresh}
        {...(pollMs !== undefined && { pollMs })}
      />
      <p class="counts">{t('popup_counts', { queued: counts.queued + counts.sending + counts.held, sent: counts.sent })}</p>
      <nav class="links">
        <a href={historyUrl} target="_blank" rel="noopener">
          {t('popup_historyLink')}
        </a>
        <a href={optionsUrl} target="_blank" rel="noopener">
          {t('popup_optionsLink')}
        </a>
      </nav>
    </>
  );
}
