import type { MessageKey } from '@/utils/ui-api/i18n';
import { EndpointForm, type EndpointFormProps } from './EndpointForm';
import { useI18n } from './I18nProvider';

export interface WelcomePageProps extends EndpointFormProps {
  historyUrl: string;
  optionsUrl: string;
}

const REPORT_ITEMS: MessageKey[] = [
  'welcome_reportSite',
  'welcome_reportFinding',
  'welcome_reportBrowser',
  'welcome_reportKey',
  'welcome_reportNote',
];

/**
 * The first page a new user sees: what Blockwatch notices, what a report holds, what is sent where
 * and when, and the collection endpoint, settable right here.
 */
export function WelcomePage({ historyUrl, optionsUrl, ...endpoint }: WelcomePageProps) {
  const { t } = useI18n();
  return (
    <>
      <h1>{t('welcome_title')}</h1>
      <p>{t('welcome_intro')}</p>

      <section aria-labelledby="welcome-notices">
        <h2 id="welcome-notices">{t('welcome_noticesHeading')}</h2>
        <p>{t('welcome_notices')}</p>
        <p>{t('welcome_oneClick')}</p>
      </section>

      <section aria-labelledby="welcome-report">
        <h2 id="welcome-report">{t('welcome_reportHeading')}</h2>
        <ul>
          {REPORT_ITEMS.map((key) => (
            <li key={key}>{t(key)}</li>
          ))}
        </ul>
        <p>{t('welcome_reportNever')}</p>
      </section>

      <section aria-labelledby="welcome-sent">
        <h2 id="welcome-sent">{t('welcome_sentHeading')}</h2>
        <p class="notice" id="welcome-nothing-sent">
          {t('welcome_sentNothing')}
        </p>
        <p>{t('welcome_sentEndpoint')}</p>
        <p>{t('welcome_sentChecks')}</p>
      </section>

      <section aria-labelledby="welcome-endpoint">
        <h2 id="welcome-endpoint">{t('welcome_endpointHeading')}</h2>
        <p>{t('welcome_endpointIntro')}</p>
        <EndpointForm {...endpoint} />
        <p class="hint">{t('welcome_later')}</p>
      </section>

      <p class="links">
        <a href={historyUrl}>{t('options_historyLink')}</a>
        <a href={optionsUrl}>{t('welcome_optionsLink')}</a>
      </p>
    </>
  );
}
