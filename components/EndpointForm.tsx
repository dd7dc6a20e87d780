import { useEffect, useState } from 'preact/hooks';
import type { EndpointTest } from '@/utils/submit/endpoint-test';
import type { MessageKey } from '@/utils/ui-api/i18n';
import type { Result } from '@/utils/ui-api/messages';
import { useI18n } from './I18nProvider';
import { type EndpointErrorCode, type Settings, checkEndpoint } from '@/utils/storage/settings-rules';

export interface EndpointFormProps {
  load: () => Promise<Result<Settings>>;
  /** null removes the endpoint: nothing is sent until a new one is saved. */
  save: (endpoint: string | null) => Promise<Result<Settings>>;
  /** Asks the endpoint whether it speaks the report protocol; stores nothing. */
  test: (endpoint: string) => Promise<Result<EndpointTest>>;
}

type Status = { tone: 'idle' } | { tone: 'error' | 'saved' | 'busy'; text: string };

const ERROR_KEYS: Record<EndpointErrorCode, MessageKey> = {
  empty: 'endpoint_errorEmpty',
  'not-url': 'endpoint_errorNotUrl',
  http: 'endpoint_errorHttp',
  scheme: 'endpoint_errorScheme',
  credentials: 'endpoint_errorCredentials',
  query: 'endpoint_errorQuery',
};

/** The collection endpoint: checked here for a quick answer, and again by the background. */
export function EndpointForm({ load, save, test }: EndpointFormProps) {
  const { t } = useI18n();
  const [value, setValue] = useState('');
  const [status, setStatus] = useState<Status>({ tone: 'idle' });
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void load().then((result) => {
      if (result.ok && result.data.endpoint) setValue(result.data.endpoint);
      if (!result.ok) setStatus({ tone: 'error', text: result.error });
    });
  }, [load]);

  /** The address as it will be stored, or null after showing why it cannot be. */
  function validated(): string | null {
    const checked = checkEndpoint(value);
    if (checked.ok) return checked.value;
    setStatus({ tone: 'error', text: t(ERROR_KEYS[checked.code]) });
    return null;
  }

  async function onSubmit(event: Event) {
    event.preventDefault();
    if (value.trim() === '') {
      setBusy(true);
      const result = await save(null);
      setBusy(false);
      setStatus(result.ok ? { tone: 'saved', text: t('endpoint_removed') } : { tone: 'error', text: result.error });
      return;
    }
    const endpoint = validated();
    if (!endpoint) return;
    setBusy(true);
    const result = await save(endpoint);
    setBusy(false);
    if (result.ok) {
      setValue(result.data.endpoint ?? '');
      setStatus({ tone: 'saved', text: t('endpoint_saved', { host: new URL(endpoint).host }) });
    } else {
      setStatus({ tone: 'error', text: result.error });
    }
  }

  async function onTest() {
    const endpoint = validated();
    if (!endpoint) return;
    const host = new URL(endpoint).host;
    setBusy(true);
    setStatus({ tone: 'busy', text: t('endpoint_testing') });
    const result = await test(endpoint);
    setBusy(false);
    if (!result.ok) setStatus({ tone: 'error', text: result.error });
    else if (result.data.ok) setStatus({ tone: 'saved', text: t('endpoint_testOk', { host }) });
    else if (result.data.reason === 'unreachable')
      setStatus({
        tone: 'error',
        text: t('endpoint_testUnreachable', { host, error: t(result.data.timedOut ? 'endpoint_testTimeout' : 'endpoint_testNetwork') }),
      });
    else setStatus({ tone: 'error', text: t('endpoint_testWrong', { host, status: result.data.status }) });
  }

  const invalid = status.tone === 'error';
  return (
    <form onSubmit={onSubmit} noValidate>
      <label for="endpoint">{t('endpoint_label')}</label>
      <input
        id="endpoint"
        name="endpoint"
        type="url"
        inputMode="url"
        autoComplete="off"
        spellcheck={false}
        placeholder="https://collector.example.org"
        value={value}
        aria-invalid={invalid}
        aria-describedby="endpoint-help endpoint-status"
        onInput={(e) => {
          setValue((e.target as HTMLInputElement).value);
          if (status.tone !== 'idle') setStatus({ tone: 'idle' });
        }}
      />
      <p id="endpoint-help" class="hint">
        {t('endpoint_help')}
      </p>
      <button id="endpoint-save" type="submit" class="primary" disabled={busy}>
        {t('endpoint_save')}
      </button>
      <button id="endpoint-test" type="button" disabled={busy || value.trim() === ''} onClick={() => void onTest()}>
        {t('endpoint_test')}
      </button>
      <p id="endpoint-status" role={invalid ? 'alert' : 'status'} class={`status ${status.tone}`}>
        {status.tone === 'idle' ? '' : status.text}
      </p>
    </form>
  );
}
