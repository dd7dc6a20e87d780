import { describe, expect, it } from 'vitest';
import { createFormatTime, createTranslate, fillMessage, verdictExplainKey, verdictTitleKey } from '../../utils/ui-api/i18n';
import { VERDICT_KINDS } from '../../utils/protocol/report-schema';
import { localeMessages } from '../support/i18n';

const en = localeMessages('en');
const translations = { ru: localeMessages('ru'), kk: localeMessages('kk') };

/** Words that stay the same in every language: names, protocols, codes and examples. */
const SAME_EVERYWHERE = new Set(['extName']);
/** Not shown to the user: the language tag the dates are formatted with. */
const NOT_SHOWN = new Set(['languageTag']);
const LATIN_ALLOWED = /^(Blockwatch|Citizen|Lab|DNS|JSON|CSV|HTTP|https?|localhost|example|kz|org|collector|news|ms)$/;
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('locales', () => {
  it('ru and kk have exactly the keys of en, none empty', () => {
    for (const [name, messages] of Object.entries(translations)) {
      expect(Object.keys(messages).sort(), name).toEqual(Object.keys(en).sort());
      for (const [key, { message }] of Object.entries(messages)) expect(message.trim(), `${name}.${key}`).not.toBe('');
    }
  });

  it('ru and kk are translated: no value left in English', () => {
    for (const [name, messages] of Object.entries(translations)) {
      for (const key of Object.keys(en)) {
        if (SAME_EVERYWHERE.has(key)) continue;
        expect(messages[key]!.message, `${name}.${key}`).not.toBe(en[key]!.message);
        if (NOT_SHOWN.has(key)) continue;
        const text = messages[key]!.message.replace(/\{\w+\}/g, '').replace(/https?:\/\/\S+|net::\S+|\d+(\.\d+)?/g, '');
        const latin = text.match(/[A-Za-z]+/g) ?? [];
        expect(
          latin.filter((word) => !LATIN_ALLOWED.test(word)),
          `${name}.${key}: ${messages[key]!.message}`,
        ).toEqual([]);
      }
    }
  });

  it('every translation keeps the placeholders of the English message', () => {
    for (const [name, messages] of Object.entries(translations)) {
      for (const key of Object.keys(en))
        expect(placeholders(messages[key]!.message), `${name}.${key}`).toEqual(placeholders(en[key]!.message));
    }
  });

  it('every verdict kind has a title and a plain explanation in every language', () => {
    for (const messages of [en, translations.ru, translations.kk]) {
      for (const kind of VERDICT_KINDS) {
        expect(messages[verdictTitleKey(kind)]?.message).toBeTruthy();
        expect(messages[verdictExplainKey(kind)]!.message.length).toBeGreaterThan(40);
      }
    }
  });

  it('message names are valid for the browser (letters, digits, underscore)', () => {
    for (const key of Object.keys(en)) expect(key).toMatch(/^[A-Za-z0-9_]+$/);
  });
});

describe('fillMessage and createTranslate', () => {
  it('fills values by name, in whatever order the translation puts them', () => {
    expect(fillMessage('{pages} беттің {page}-беті', { page: 2, pages: 9 })).toBe('9 беттің 2-беті');
    expect(fillMessage('Sent to {host}.', {})).toBe('Sent to {host}.');
  });

  it('falls back to the key when a message is missing, never to an empty string', () => {
    const t = createTranslate((key) => (key === 'popup_heading' ? 'Этот сайт' : ''));
    expect(t('popup_heading')).toBe('Этот сайт');
    expect(t('popup_reportButton')).toBe('popup_reportButton');
  });
});

describe('createFormatTime', () => {
  it('formats in the language of the text', () => {
    const at = Date.parse('2026-03-01T10:00:00Z');
    expect(createFormatTime('ru')(at)).toMatch(/2026/);
    expect(createFormatTime('ru')(at)).not.toBe(createFormatTime('en')(at));
    expect(createFormatTime('not a language!')(at)).toMatch(/2026/);
  });
});
