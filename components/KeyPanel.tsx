import { useEffect, useState } from 'preact/hooks';
import type { Result } from '@/utils/ui-api/messages';
import { useI18n } from './I18nProvider';
import type { KeyInfo } from '@/utils/ui-api/views';

export interface KeyPanelProps {
  load: () => Promise<Result<KeyInfo>>;
  rotate: () => Promise<Result<KeyInfo>>;
  confirm: (message: string) => boolean;
}

/** The installation's key fingerprint, and a new key (a new pseudonym) on request. */
export function KeyPanel({ load, rotate, confirm }: KeyPanelProps) {
  const { t } = useI18n();
  const [info, setInfo] = useState<Result<KeyInfo> | null>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  useEffect(() => void load().then(setInfo), [load]);

  async function onRotate() {
    if (!confirm(t('key_rotateConfirm'))) return;
    const result = await rotate();
    setInfo(result);
    setMessage(result.ok ? { text: t('key_rotated'), error: false } : { text: t('error_generic', { error: result.error }), error: true });
  }

  return (
    <section aria-labelledby="key-heading">
      <h2 id="key-heading">{t('key_heading')}</h2>
      <p>{t('key_explain')}</p>
      <p>
        {t('key_fingerprint')}:{' '}
        <code id="key-fingerprint" class="host">
          {info?.ok ? info.data.fingerprint.replace(/(.{4})(?=.)/g, '$1 ') : info ? '' : t('loading')}
        </code>
      </p>
      <button type="button" onClick={() => void onRotate()}>
        {t('key_rotate')}
      </button>
      <p role={message?.error ? 'alert' : 'status'} class={message?.error ? 'error' : 'ok'}>
        {message?.text ?? ''}
      </p>
    </section>
  );
}
