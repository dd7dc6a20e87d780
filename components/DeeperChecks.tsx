import { useEffect, useState } from 'preact/hooks';
import { useI18n } from './I18nProvider';

export interface DeeperChecksProps {
  /** False where the browser always gives Blockwatch these checks (Firefox). */
  optional: boolean;
  load: () => Promise<boolean>;
  /** Must run inside the click: the browser asks the user only for a gesture of theirs. */
  grant: () => Promise<boolean>;
  revoke: () => Promise<boolean>;
}

/**
 * The optional deeper checks: which address served each page. The user turns them on knowing the
 * cost, with the click that asks the browser for the permission, and can turn them off again.
 */
export function DeeperChecks({ optional, load, grant, revoke }: DeeperChecksProps) {
  const { t } = useI18n();
  const [on, setOn] = useState<boolean | null>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  useEffect(() => {
    if (optional) void load().then(setOn, () => setOn(false));
  }, [load, optional]);

  function onChange(wanted: boolean) {
    // Called straight from the click, before any await, so the browser sees the user's gesture.
    const asked = wanted ? grant() : revoke();
    void asked.then(
      (done) => {
        const now = wanted ? done : !done;
        setOn(now);
        setMessage(done ? { text: t(now ? 'deeper_on' : 'deeper_off'), error: false } : { text: t('deeper_refused'), error: true });
      },
      (error: unknown) => setMessage({ text: t('error_generic', { error: String(error) }), error: true }),
    );
  }

  return (
    <section aria-labelledby="deeper-heading">
      <h2 id="deeper-heading">{t('deeper_heading')}</h2>
      {optional ? (
        <div>
          <label class="inline">
            <input
              type="checkbox"
              id="deeper-checks"
              checked={on === true}
              disabled={on === null}
              aria-describedby="deeper-help"
              onChange={(e) => onChange((e.target as HTMLInputElement).checked)}
            />
            <span>{t('deeper_label')}</span>
          </label>
          <p id="deeper-help" class="hint">
            {t('deeper_help')}
          </p>
          <p role={message?.error ? 'alert' : 'status'} class={message?.error ? 'error' : 'ok'}>
            {message?.text ?? ''}
          </p>
        </div>
      ) : (
        <p id="deeper-help">{t('deeper_always')}</p>
      )}
    </section>
  );
}
