/** The browser's own message catalogue (`_locales`) and the language it chose. */
import { browser } from 'wxt/browser';
import { createTranslate, type Translate } from './i18n';

/** The browser's own lookup: follows the language of the browser's interface. */
export function browserTranslate(): Translate {
  // The generated typing knows only the predefined @@ messages; ours come from _locales.
  const getMessage = browser.i18n.getMessage as (name: string) => string;
  return createTranslate((key) => getMessage(key));
}

/**
 * The language of the messages the browser picked. Chromium may report its interface as en-US
 * while serving a Russian or Kazakh catalogue; dates must match the words around them.
 */
export function browserLanguage(): string {
  const getMessage = browser.i18n.getMessage as (name: string) => string;
  return getMessage('languageTag') || browser.i18n.getUILanguage();
}
