import type { MessageKey, Translate } from '@/utils/ui-api/i18n';
import { useI18n } from './I18nProvider';
import {
  type CanaryListError,
  MAX_CANARIES,
  MAX_SERVICE_URL_LENGTH,
  type ServiceUrlErrorCode,
  checkCanaryLines,
  checkServiceUrl,
} from '@/utils/storage/settings-rules';

const URL_ERROR_KEYS: Record<ServiceUrlErrorCode, MessageKey> = {
  empty: 'settings_urlErrorNotUrl',
  'not-url': 'settings_urlErrorNotUrl',
  'too-long': 'settings_urlErrorTooLong',
  http: 'endpoint_errorHttp',
  scheme: 'endpoint_errorScheme',
  credentials: 'endpoint_errorCredentials',
  query: 'endpoint_errorQuery',
};

function urlError(t: Translate, code: ServiceUrlErrorCode): string {
  return t(URL_ERROR_KEYS[code], { max: MAX_SERVICE_URL_LENGTH });
}

function canaryError(t: Translate, error: CanaryListError): string {
  if (error.code === 'url') return t('settings_canariesLineError', { line: error.line, error: urlError(t, error.url) });
  if (error.code === 'duplicate') return t('settings_canariesDuplicate', { line: error.line, first: error.first });
  return t('settings_canariesTooMany', { count: error.count, max: MAX_CANARIES });
}

export type NetworkChecks =
  | { ok: true; dohResolver: string | null; canaries: string[] }
  | { ok: false; resolverError: string | null; canariesError: string | null };

/** The two fields as typed, checked by the same rules the stored settings must pass. */
export function checkNetworkFields(t: Translate, resolver: string, canaries: string): NetworkChecks {
  const doh = resolver.trim() === '' ? ({ ok: true, value: null } as const) : checkServiceUrl(resolver);
  const list = checkCanaryLines(canaries);
  if (doh.ok && list.ok) return { ok: true, dohResolver: doh.value, canaries: list.value };
  return { ok: false, resolverError: doh.ok ? null : urlError(t, doh.code), canariesError: list.ok ? null : canaryError(t, list.error) };
}

export interface NetworkCheckFieldsProps {
  resolver: string;
  canaries: string;
  resolverError: string | null;
  canariesError: string | null;
  onResolver: (text: string) => void;
  onCanaries: (text: string) => void;
}

/** The DNS-over-HTTPS resolver and the canary sites, with what each reveals and to whom. */
export function NetworkCheckFields({ resolver, canaries, resolverError, canariesError, onResolver, onCanaries }: NetworkCheckFieldsProps) {
  const { t } = useI18n();
  return (
    <fieldset>
      <legend>{t('settings_networkLegend')}</legend>
      <label for="doh-resolver">{t('settings_dohResolver')}</label>
      <input
        id="doh-resolver"
        type="url"
        inputMode="url"
        autoComplete="off"
        spellcheck={false}
        placeholder="https://cloudflare-dns.com/dns-query"
        value={resolver}
        aria-invalid={resolverError !== null}
        aria-describedby={resolverError ? 'doh-resolver-error doh-resolver-help' : 'doh-resolver-help'}
        onInput={(e) => onResolver((e.target as HTMLInputElement).value)}
      />
      <p id="doh-resolver-help" class="hint">
        {t('settings_dohResolverHelp')}
      </p>
      {resolverError && (
        <p id="doh-resolver-error" class="error" role="alert">
          {resolverError}
        </p>
      )}
      <label for="canaries">{t('settings_canaries')}</label>
      <textarea
        id="canaries"
        rows={4}
        autoComplete="off"
        spellcheck={false}
        value={canaries}
        aria-invalid={canariesError !== null}
        aria-describedby={canariesError ? 'canaries-error canaries-help' : 'canaries-help'}
        onInput={(e) => onCanaries((e.target as HTMLTextAreaElement).value)}
      />
      <p id="canaries-help" class="hint">
        {t('settings_canariesHelp', { max: MAX_CANARIES })}
      </p>
      {canariesError && (
        <p id="canaries-error" class="error" role="alert">
          {canariesError}
        </p>
      )}
    </fieldset>
  );
}
