import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ComponentChildren } from 'preact';
import { render } from '@testing-library/preact';
import { I18nProvider, type I18n } from '../../components/I18nProvider';
import { createFormatTime, createTranslate, type Translate } from '../../utils/ui-api/i18n';

export type Locale = 'en' | 'ru' | 'kk';

export function localeMessages(locale: Locale): Record<string, { message: string }> {
  return JSON.parse(readFileSync(resolve(import.meta.dirname, `../../public/_locales/${locale}/messages.json`), 'utf8'));
}

/** The same lookup the browser does, from the locale file the extension ships. */
export function translateFor(locale: Locale): Translate {
  const messages = localeMessages(locale);
  return createTranslate((key) => messages[key]?.message);
}

export function i18nFor(locale: Locale = 'en'): I18n {
  return { t: translateFor(locale), formatTime: createFormatTime(locale), language: locale };
}

/** Renders a component as an extension page would, with real messages of one locale. */
export function renderWithI18n(ui: ComponentChildren, locale: Locale = 'en') {
  return render(<I18nProvider value={i18nFor(locale)}>{ui}</I18nProvider>);
}
