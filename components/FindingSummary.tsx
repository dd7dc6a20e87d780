import { DeliveryText } from './DeliveryText';
import { useI18n } from './I18nProvider';
import { VerdictText } from './VerdictText';
import type { PopupState } from '@/utils/ui-api/views';

export interface FindingSummaryProps {
  finding: PopupState['finding'];
  endpointHost: string | null;
}

/** What Blockwatch found on the current site, when, and whether the report was sent. */
export function FindingSummary({ finding, endpointHost }: FindingSummaryProps) {
  const { t, formatTime } = useI18n();
  if (!finding) return <p class="finding none">{t('popup_noFinding')}</p>;
  return (
    <div class="finding">
      <VerdictText kind={finding.kind} confirmed={finding.confirmed} />
      <p class="muted">
        {t('popup_foundAt', { time: formatTime(finding.at), trigger: t(finding.trigger === 'manual' ? 'trigger_manual' : 'trigger_auto') })}
      </p>
      <DeliveryText
        status={finding.status}
        endpointHost={endpointHost}
        {...(finding.sentAt !== undefined && { sentAt: finding.sentAt })}
        {...(finding.rejectedReason !== undefined && { rejectedReason: finding.rejectedReason })}
        {...(finding.lastError !== undefined && { lastError: finding.lastError })}
      />
    </div>
  );
}
