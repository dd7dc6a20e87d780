/** Messages and dates in the interface's language: pure functions, the browser's catalogue is plugged in by browser-i18n.ts. */
import type english from '../../public/_locales/en/messages.json';
import type { VerdictKind } from '../protocol/report-schema';

/** Every message the user interface may show; English is the reference set. */
export type MessageKey = keyof typeof english;
export type MessageValues = Record<string, string | number>;
export type Translate = (key: MessageKey, values?: MessageValues) => string;

/**
 * Values are filled in by name ({host}), not by the browser's numbered placeholders, so a
 * translation can put them in whatever order its grammar needs.
 */
export function fillMessage(template: string, values: MessageValues = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** A missing message shows its key rather than an empty control a user cannot identify. */
export function createTranslate(lookup: (key: string) => string | undefined): Translate {
  return (key, values) => fillMessage(lookup(key) || key, values);
}

export function verdictTitleKey(kind: VerdictKind): MessageKey {
  return `verdict_${kind}_title`;
}

export function verdictExplainKey(kind: VerdictKind): MessageKey {
  return `verdict_${kind}_explain`;
}

/** Date and time in the interface's language, e.g. "21 ноября 2026 г. в 19:20"; the long month name reads well in Kazakh too. */
export function createFormatTime(language: string): (epochMs: number) => string {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat(language, { dateStyle: 'long', timeStyle: 'short' });
  } catch {
    format = new Intl.DateTimeFormat(undefined, { dateStyle: 'long', timeStyle: 'short' });
  }
  return (epochMs) => format.format(new Date(epochMs));
}
