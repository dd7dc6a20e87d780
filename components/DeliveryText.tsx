import { useI18n } from './I18nProvider';
import type { DeliveryStatus } from '@/utils/storage/records';

export interface DeliveryTextProps {
  status: DeliveryStatus;
  /** Where reports go; null when no endpoint is set, so nothing can have been sent. */
  endpointHost: string | null;
  sentAt?: number;
  rejectedReason?: string;
  lastError?: string;
}

/** Whether a report left the browser, where to, and if not, why: said plainly. */
export function DeliveryText({ status, endpointHost, sentAt, rejectedReason, lastError }: DeliveryTextProps) {
  const { t, formatTime } = useI18n();
  if (status === 'sent') {
    const host = endpointHost ?? '';
    return (
      <p class="delivery ok">
        {sentAt !== undefined ? t('popup_sentToAt', { host, time: formatTime(sentAt) }) : t('popup_sentTo', { host })}
      </p>
    );
  }
  if (status === 'rejected') return <p class="delivery error">{t('popup_refused', { reason: rejectedReason ?? '' })}</p>;
  if (status === 'held') return <p class="delivery">{t('popup_heldForReview')}</p>;
  if (!endpointHost) return <p class="delivery">{t('popup_notSentNoEndpoint')}</p>;
  return (
    <p class="delivery">
      {t('popup_waitingFor', { host: endpointHost })}
      {lastError && <> {t('history_lastError', { error: lastError })}</>}
    </p>
  );
}
