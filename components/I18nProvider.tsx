import { createContext, type ComponentChildren } from 'preact';
import { useContext } from 'preact/hooks';
import type { Translate } from '@/utils/ui-api/i18n';

export interface I18n {
  t: Translate;
  /** Epoch milliseconds to a date and time in the interface's language. */
  formatTime: (epochMs: number) => string;
  language: string;
}

const I18nContext = createContext<I18n | null>(null);

/** Entrypoints supply the browser's translations; tests supply a locale file's. */
export function I18nProvider({ value, children }: { value: I18n; children: ComponentChildren }) {
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n needs an I18nProvider');
  return i18n;
}
