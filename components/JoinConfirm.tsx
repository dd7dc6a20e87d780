import { useEffect, useState } from 'preact/hooks';
import type { Settings } from '@/utils/storage/settings-rules';
import type { EndpointTest } from '@/utils/submit/endpoint-test';
import type { Result } from '@/utils/ui-api/messages';
import { useI18n } from './I18nProvider';

export interface JoinConfirmProps {
  /** The endpoint the join link named, already checked; null when the link named none Blockwatch can use. */
  endpoint: string | null;
  load: () => Promise<Result<Settings>>;
  test: (endpoint: string) => Promise<Result<EndpointTest>>;
  save: (endpoint: string) => Promise<Result<Settings>>;
  close: () => void;
  optionsUrl: string;
}

type Check = 'checking' | 'ok' | 'failed';
type Outcome = { saved: true } | { saved: false; error: string } | null;

/**
 * Blockwatch's own confirmation of a join link: names the host, says what accepting means, checks
 * that a collector answers there, and changes the endpoint only when the user presses Use.
 */
export function JoinConfirm({ endpoint, load, test, save, close, optionsUrl }: JoinConfirmProps) {
  const { t } = useI18n();
  const [current, setCurrent] = useState<string | null | undefined>(undefined);
  const [check, setCheck] = useState<Check>('checking');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const host = endpoint ? new URL(endpoint).host : '';

  useEffect(() => {
    if (!endpoint) return;
    void load().then((result) => setCurrent(result.ok ? result.data.endpoint : null));
    void test(endpoint).then((result) => setCheck(result.ok && result.data.ok ? 'ok' : 'failed'));
  }, [endpoint, load, test]);

  if (!endpoint) {
    return (
      <>
        <h1>{t('join_titleInvalid')}</h1>
        <p role="alert" class="error" id="join-status">
          {t('join_invalid')}
        </p>
      </>
    );
  }

  async function onAccept() {
    setBusy(true);
    const result = await save(endpoint!);
    setBusy(false);
    setOutcome(result.ok ? { saved: true } : { saved: false, error: result.error });
  }

  const already = current === endpoint;
  const status =
    outcome?.saved === true
      ? { text: t('endpoint_saved', { host }), tone: 'ok' }
      : outcome?.saved === false
        ? { text: t('error_generic', { error: outcome.error }), tone: 'error' }
        : check === 'checking'
          ? { text: t('join_checking', { host }), tone: 'muted' }
          : check === 'failed'
            ? { text: t('join_checkFailed', { host }), tone: 'error' }
            : already
              ? { text: t('join_already', { host }), tone: 'ok' }
              : { text: t('join_checkOk', { host }), tone: 'ok' };

  return (
    <>
      <h1 id="join-title">{t('join_title', { host })}</h1>
      <p>{t('join_intro', { host })}</p>
      <p>
        {t('join_address')}:{' '}
        <code class="host" id="join-endpoint">
          {endpoint}
        </code>
      </p>
      <p id="join-current">
        {current === undefined ? t('loading') : current ? t('join_current', { host: new URL(current).host }) : t('join_currentNone')}
      </p>
      <p class="notice">{t('join_means', { host })}</p>
      <p id="join-status" role={status.tone === 'error' ? 'alert' : 'status'} class={status.tone}>
        {status.text}
      </p>
      {outcome?.saved ? (
        <p class="links">
          <a href={optionsUrl}>{t('welcome_optionsLink')}</a>
        </p>
      ) : (
        <p>
          <button
            id="join-accept"
            type="button"
            class="primary"
            disabled={busy || check !== 'ok' || already}
            onClick={() => void onAccept()}
          >
            {t('join_accept')}
          </button>
          <button id="join-cancel" type="button" onClick={close}>
            {t('join_cancel')}
          </button>
        </p>
      )}
    </>
  );
}
