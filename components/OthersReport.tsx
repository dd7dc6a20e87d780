import { useEffect, useState } from 'preact/hooks';
import type { MessageKey, Translate } from '@/utils/ui-api/i18n';
import type { Result } from '@/utils/ui-api/messages';
import { useI18n } from './I18nProvider';
import type { OthersStatus } from '@/utils/ui-api/views';

export interface OthersReportProps {
  /** Asks the collector's public status about this site (through the background). */
  ask: () => Promise<Result<OthersStatus>>;
  /** Ask at once: Blockwatch found the site blocked here. Otherwise only when the user asks. */
  auto: boolean;
  /** The user has a report of this site: "so far only you" rather than "no one yet". */
  mine: boolean;
}

type Phase = { step: 'idle' } | { step: 'asking' } | { step: 'done'; answer: Result<OthersStatus> };

/** "Others see it too": what other people reported about this site, by network and country. */
export function OthersReport({ ask, auto, mine }: OthersReportProps) {
  const { t } = useI18n();
  const [phase, setPhase] = useState<Phase>(auto ? { step: 'asking' } : { step: 'idle' });

  const run = () => {
    setPhase({ step: 'asking' });
    void ask().then((answer) => setPhase({ step: 'done', answer }));
  };
  useEffect(() => {
    if (auto) run();
  }, [auto]);

  const answer = phase.step === 'done' ? phase.answer : null;
  // No endpoint, or a page that cannot be reported: nothing to say here at all.
  if (
    answer?.ok &&
    answer.data.state === 'unavailable' &&
    (answer.data.reason === 'no-endpoint' || answer.data.reason === 'not-reportable')
  )
    return null;
  return (
    <section class="others" aria-labelledby="others-heading">
      <h2 id="others-heading">{t('others_heading')}</h2>
      {phase.step === 'idle' && (
        <button type="button" id="others-ask" class="secondary" onClick={run}>
          {t('others_ask')}
        </button>
      )}
      <div id="others-status" role="status">
        {phase.step === 'asking' && <p class="muted">{t('others_asking')}</p>}
        {answer && <Answer answer={answer} mine={mine} />}
      </div>
    </section>
  );
}

function Answer({ answer, mine }: { answer: Result<OthersStatus>; mine: boolean }) {
  const { t, language } = useI18n();
  if (!answer.ok || answer.data.state === 'unavailable') {
    const notOffered = answer.ok && answer.data.state === 'unavailable' && answer.data.reason === 'not-offered';
    return <p class="muted">{t(notOffered ? 'others_notOffered' : 'others_unreachable')}</p>;
  }
  const status = answer.data;
  const { blocked, downEverywhere, outage } = status;
  const sentences: string[] = [];
  if (blocked.networks > 0) {
    sentences.push(
      t(status.days === 1 ? 'others_blockedDay' : 'others_blockedMonth', {
        networks: plural(t, language, 'others_networks', blocked.networks),
        countries: countryList(blocked.countries, language) || t('others_unknownCountry'),
        people: plural(t, language, 'others_people', blocked.reporters),
      }),
    );
  }
  const down = Math.max(downEverywhere.reporters, outage.reporters);
  if (down > 0) sentences.push(t('others_downEverywhere', { people: plural(t, language, 'others_people', down) }));
  const nothing = sentences.length === 0;
  return (
    <>
      {nothing ? (
        <p class="others-sentence">{t(mine ? 'others_onlyYou' : 'others_nobody')}</p>
      ) : (
        sentences.map((s) => <p class="others-sentence">{s}</p>)
      )}
      {nothing && <p class="hint">{t('others_threshold', { min: status.minReporters })}</p>}
      {!nothing && (
        <p>
          <a href={status.statusUrl} target="_blank" rel="noopener noreferrer">
            {t('others_statusLink')}
          </a>
        </p>
      )}
    </>
  );
}

/** "3 networks", "3 сетях": the plural form the language's rules pick for the number. */
export function plural(t: Translate, language: string, base: 'others_networks' | 'others_people', count: number): string {
  let category = 'other';
  try {
    category = new Intl.PluralRules(language).select(count);
  } catch {
    // An unknown language tag: the general form.
  }
  const key = (['one', 'few', 'many', 'other'].includes(category) ? `${base}_${category}` : `${base}_other`) as MessageKey;
  return t(key, { count });
}

/** "Kazakhstan and Russia", in the interface's language. */
export function countryList(codes: string[], language: string): string {
  const names = codes.map((cc) => {
    try {
      return new Intl.DisplayNames([language], { type: 'region' }).of(cc) ?? cc;
    } catch {
      return cc;
    }
  });
  try {
    return new Intl.ListFormat(language, { type: 'conjunction' }).format(names);
  } catch {
    return names.join(', ');
  }
}
