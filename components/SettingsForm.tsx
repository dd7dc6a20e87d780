import { useEffect, useState } from 'preact/hooks';
import type { Result } from '@/utils/ui-api/messages';
import { useI18n } from './I18nProvider';
import { checkNetworkFields, NetworkCheckFields } from './NetworkCheckFields';
import type { Settings } from '@/utils/storage/settings-rules';

/** Exactly the fields this form shows: a setting added elsewhere is never saved from here. */
export type SettingsPatch = Pick<
  Settings,
  'autoDetect' | 'autoSend' | 'urlDetail' | 'probeTimeoutMs' | 'allowPrivateWindows' | 'dohResolver' | 'canaries' | 'withholdNetwork'
>;

export interface SettingsFormProps {
  load: () => Promise<Result<Settings>>;
  save: (patch: SettingsPatch) => Promise<Result<Settings>>;
}

/** Whole seconds from 1 to 60, as the user types them; null for anything else. */
export function parseTimeoutSeconds(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d{1,2}$/.test(trimmed)) return null;
  const seconds = Number(trimmed);
  return seconds >= 1 && seconds <= 60 ? seconds : null;
}

type Status = { tone: 'idle' } | { tone: 'error' | 'saved'; text: string };

/** Detection, review, URL detail, probe time limit, private windows and the network checks. */
export function SettingsForm({ load, save }: SettingsFormProps) {
  const { t } = useI18n();
  const [settings, setSettings] = useState<Settings | null>(null);
  const [timeout, setTimeoutText] = useState('');
  const [timeoutError, setTimeoutError] = useState(false);
  const [resolver, setResolver] = useState('');
  const [canaries, setCanaries] = useState('');
  const [resolverError, setResolverError] = useState<string | null>(null);
  const [canariesError, setCanariesError] = useState<string | null>(null);
  const [status, setStatus] = useState<Status>({ tone: 'idle' });

  useEffect(() => {
    void load().then((result) => {
      if (!result.ok) return setStatus({ tone: 'error', text: result.error });
      setSettings(result.data);
      setTimeoutText(String(Math.round(result.data.probeTimeoutMs / 1000)));
      setResolver(result.data.dohResolver ?? '');
      setCanaries(result.data.canaries.join('\n'));
    });
  }, [load]);

  if (!settings) return <p role="status">{t('loading')}</p>;
  const change = (patch: Partial<Settings>) => {
    setSettings({ ...settings, ...patch });
    setStatus({ tone: 'idle' });
  };

  async function onSubmit(event: Event) {
    event.preventDefault();
    if (!settings) return;
    const seconds = parseTimeoutSeconds(timeout);
    const network = checkNetworkFields(t, resolver, canaries);
    setTimeoutError(seconds === null);
    setResolverError(network.ok ? null : network.resolverError);
    setCanariesError(network.ok ? null : network.canariesError);
    if (seconds === null || !network.ok) {
      setStatus({ tone: 'error', text: t('settings_fixErrors') });
      const first = seconds === null ? 'probe-timeout' : !network.ok && network.resolverError ? 'doh-resolver' : 'canaries';
      (document.getElementById(first) as HTMLElement | null)?.focus();
      return;
    }
    const { autoDetect, autoSend, urlDetail, allowPrivateWindows, withholdNetwork } = settings;
    const result = await save({
      autoDetect,
      autoSend,
      urlDetail,
      probeTimeoutMs: seconds * 1000,
      allowPrivateWindows,
      dohResolver: network.dohResolver,
      canaries: network.canaries,
      withholdNetwork,
    });
    if (result.ok) {
      setSettings(result.data);
      setResolver(result.data.dohResolver ?? '');
      setCanaries(result.data.canaries.join('\n'));
      setStatus({ tone: 'saved', text: t('settings_saved') });
    } else {
      setStatus({ tone: 'error', text: t('error_generic', { error: result.error }) });
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      <fieldset>
        <legend>{t('settings_heading')}</legend>
        <label>
          <input
            type="checkbox"
            id="auto-detect"
            checked={settings.autoDetect}
            aria-describedby="auto-detect-help"
            onChange={(e) => change({ autoDetect: (e.target as HTMLInputElement).checked })}
          />
          <span>{t('settings_autoDetect')}</span>
        </label>
        <p id="auto-detect-help" class="hint">
          {t('settings_autoDetectHelp')}
        </p>
      </fieldset>
      <fieldset>
        <legend>{t('settings_autoSendLegend')}</legend>
        <label>
          <input type="radio" name="auto-send" value="send" checked={settings.autoSend} onChange={() => change({ autoSend: true })} />
          <span>{t('settings_autoSendYes')}</span>
        </label>
        <label>
          <input type="radio" name="auto-send" value="hold" checked={!settings.autoSend} onChange={() => change({ autoSend: false })} />
          <span>{t('settings_autoSendNo')}</span>
        </label>
      </fieldset>
      <fieldset>
        <legend>{t('settings_urlDetailLegend')}</legend>
        <label>
          <input
            type="radio"
            name="url-detail"
            value="origin"
            checked={settings.urlDetail === 'origin'}
            onChange={() => change({ urlDetail: 'origin' })}
          />
          <span>{t('settings_urlDetailOrigin')}</span>
        </label>
        <label>
          <input
            type="radio"
            name="url-detail"
            value="path"
            checked={settings.urlDetail === 'path'}
            onChange={() => change({ urlDetail: 'path' })}
          />
          <span>{t('settings_urlDetailPath')}</span>
        </label>
      </fieldset>
      <label for="probe-timeout">{t('settings_probeTimeout')}</label>
      <input
        id="probe-timeout"
        type="text"
        inputMode="numeric"
        autoComplete="off"
        size={4}
        style={{ maxWidth: '8rem' }}
        value={timeout}
        aria-invalid={timeoutError}
        aria-describedby={timeoutError ? 'probe-timeout-error probe-timeout-help' : 'probe-timeout-help'}
        onInput={(e) => {
          setTimeoutText((e.target as HTMLInputElement).value);
          setTimeoutError(false);
          setStatus({ tone: 'idle' });
        }}
      />
      <p id="probe-timeout-help" class="hint">
        {t('settings_probeTimeoutHelp')}
      </p>
      {timeoutError && (
        <p id="probe-timeout-error" class="error">
          {t('settings_probeTimeoutError')}
        </p>
      )}
      <div>
        <label class="inline">
          <input
            type="checkbox"
            id="allow-private"
            checked={settings.allowPrivateWindows}
            aria-describedby="allow-private-help"
            onChange={(e) => change({ allowPrivateWindows: (e.target as HTMLInputElement).checked })}
          />
          <span>{t('settings_allowPrivate')}</span>
        </label>
        <p id="allow-private-help" class="hint">
          {t('settings_allowPrivateHelp')}
        </p>
      </div>
      <div>
        <label class="inline">
          <input
            type="checkbox"
            id="withhold-network"
            checked={settings.withholdNetwork}
            aria-describedby="withhold-network-help"
            onChange={(e) => change({ withholdNetwork: (e.target as HTMLInputElement).checked })}
          />
          <span>{t('settings_withholdNetwork')}</span>
        </label>
        <p id="withhold-network-help" class="hint">
          {t('settings_withholdNetworkHelp')}
        </p>
      </div>
      <NetworkCheckFields
        resolver={resolver}
        canaries={canaries}
        resolverError={resolverError}
        canariesError={canariesError}
        onResolver={(text) => {
          setResolver(text);
          setResolverError(null);
          setStatus({ tone: 'idle' });
        }}
        onCanaries={(text) => {
          setCanaries(text);
          setCanariesError(null);
          setStatus({ tone: 'idle' });
        }}
      />
      <button id="settings-save" type="submit" class="primary">
        {t('settings_save')}
      </button>
      <p id="settings-status" role={status.tone === 'error' ? 'alert' : 'status'} class={`status ${status.tone}`}>
        {status.tone === 'idle' ? '' : status.text}
      </p>
    </form>
  );
}
