import { useState } from 'preact/hooks';
import { verdictTitleKey, type MessageKey } from '@/utils/ui-api/i18n';
import type { Result } from '@/utils/ui-api/messages';
import type { ReportSummary } from '@/utils/ui-api/report-query';
import { MAX_NOTE_LENGTH, type VerdictKind } from '@/utils/protocol/report-schema';
import { useI18n } from './I18nProvider';
import type { QueuedReport } from '@/utils/storage/records';
import type { SiteCheck } from '@/utils/ui-api/views';

export interface ManualReportProps {
  site: SiteCheck;
  endpointHost: string | null;
  /** Probes the site and queues a manual report; answers once it is queued. */
  report: (note: string | undefined) => Promise<Result<ReportSummary>>;
  /** The queued report as it is now, to follow its delivery. */
  lookup: (id: string) => Promise<Result<QueuedReport | null>>;
  onDone?: () => void;
  pollMs?: number;
  /** How long to follow the delivery before saying it will be retried. */
  followMs?: number;
}

type Outcome =
  | { type: 'sent' | 'waiting' | 'saved-only'; kind: VerdictKind }
  | { type: 'refused'; kind: VerdictKind; reason: string }
  | { type: 'failed'; error: string };

type Phase = { step: 'idle' } | { step: 'checking' } | { step: 'sending'; kind: VerdictKind } | { step: 'done'; outcome: Outcome };

const DISABLED_REASON: Record<Exclude<SiteCheck, { reportable: true }>['reason'], MessageKey> = {
  'browser-page': 'popup_disabledBrowserPage',
  intranet: 'popup_disabledIntranet',
  private: 'popup_disabledPrivate',
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The one-click report: "This site is blocked", an optional note, progress and the outcome. */
export function ManualReport({ site, endpointHost, report, lookup, onDone, pollMs = 400, followMs = 15_000 }: ManualReportProps) {
  const { t } = useI18n();
  const [note, setNote] = useState('');
  const [phase, setPhase] = useState<Phase>({ step: 'idle' });
  const busy = phase.step === 'checking' || phase.step === 'sending';

  async function follow(summary: ReportSummary): Promise<Outcome> {
    const kind = summary.kind;
    if (!endpointHost) return { type: 'saved-only', kind };
    const until = Date.now() + followMs;
    for (;;) {
      const now = await lookup(summary.id);
      const entry = now.ok ? now.data : null;
      if (entry?.status === 'sent') return { type: 'sent', kind };
      if (entry?.status === 'rejected') return { type: 'refused', kind, reason: entry.rejectedReason ?? '' };
      if (!entry || entry.lastError || Date.now() > until) return { type: 'waiting', kind };
      await sleep(pollMs);
    }
  }

  async function onSubmit(event: Event) {
    event.preventDefault();
    if (!site.reportable || busy) return;
    setPhase({ step: 'checking' });
    const made = await report(note.trim() || undefined);
    if (!made.ok) {
      setPhase({ step: 'done', outcome: { type: 'failed', error: made.error } });
      return;
    }
    setPhase({ step: 'sending', kind: made.data.kind });
    const outcome = await follow(made.data);
    setPhase({ step: 'done', outcome });
    if (outcome.type !== 'refused') setNote('');
    onDone?.();
  }

  const explanation = !site.reportable
    ? t(DISABLED_REASON[site.reason])
    : endpointHost
      ? t('popup_explainWithEndpoint', { host: endpointHost })
      : t('popup_explainNoEndpoint');

  return (
    <form class="manual-report" onSubmit={onSubmit} noValidate>
      <p id="report-explain" class={site.reportable ? 'muted' : 'notice'}>
        {explanation}
      </p>
      {site.reportable && (
        <>
          <label for="report-note">{t('popup_noteLabel')}</label>
          <textarea
            id="report-note"
            rows={2}
            maxLength={MAX_NOTE_LENGTH}
            value={note}
            disabled={busy}
            aria-describedby="report-note-help"
            onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)}
          />
          <p id="report-note-help" class="hint">
            {t('popup_noteHelp')}
          </p>
        </>
      )}
      <button type="submit" class="primary" disabled={!site.reportable || busy} aria-describedby="report-explain">
        {t('popup_reportButton')}
      </button>
      <Progress phase={phase} endpointHost={endpointHost} />
    </form>
  );
}

function Progress({ phase, endpointHost }: { phase: Phase; endpointHost: string | null }) {
  const { t } = useI18n();
  const failed = phase.step === 'done' && (phase.outcome.type === 'failed' || phase.outcome.type === 'refused');
  return (
    <div id="report-progress" role={failed ? 'alert' : 'status'} class={`progress ${failed ? 'error' : ''}`}>
      {phase.step === 'checking' && <p>{t('popup_progressChecking')}</p>}
      {phase.step === 'sending' && (
        <>
          <p>{t('popup_checkResult', { verdict: t(verdictTitleKey(phase.kind)) })}</p>
          <p>{t('popup_progressSending')}</p>
        </>
      )}
      {phase.step === 'done' && <OutcomeText outcome={phase.outcome} endpointHost={endpointHost ?? ''} />}
    </div>
  );
}

function OutcomeText({ outcome, endpointHost }: { outcome: Outcome; endpointHost: string }) {
  const { t } = useI18n();
  if (outcome.type === 'failed') return <p>{t('popup_outcomeFailed', { error: outcome.error })}</p>;
  const message =
    outcome.type === 'sent'
      ? t('popup_outcomeSent', { host: endpointHost })
      : outcome.type === 'refused'
        ? t('popup_outcomeRefused', { reason: outcome.reason })
        : outcome.type === 'saved-only'
          ? t('popup_outcomeSavedOnly')
          : t('popup_outcomeWaiting', { host: endpointHost });
  return (
    <>
      <p>{t('popup_checkResult', { verdict: t(verdictTitleKey(outcome.kind)) })}</p>
      <p class={outcome.type === 'sent' ? 'ok' : ''}>
        <strong>{message}</strong>
      </p>
    </>
  );
}
