import { describe, expect, it } from 'vitest';
import { buildTable, localeOfPath, parseProperties } from '../../scripts/nss-properties';
import { normaliseSentence } from '../../utils/observe/nss-sentence';

describe('parseProperties', () => {
  it('reads keys with either separator, escapes, comments and continued lines', () => {
    const text = [
      '\uFEFF# a comment',
      '! another',
      'SEC_ERROR_A=Peer\\u2019s issuer',
      'SEC_ERROR_B = spaced  value ',
      'SEC_ERROR_C:colon',
      'SSL_ERROR_D = first \\',
      '    second',
      'SSL_ERROR_E = ends in a backslash \\\\',
      'SSL_ERROR_F = line\\nbreak',
      '',
    ].join('\n');
    const entries = parseProperties(text);
    expect(entries.get('SEC_ERROR_A')).toBe('Peer’s issuer');
    expect(entries.get('SEC_ERROR_B')).toBe('spaced  value ');
    expect(entries.get('SEC_ERROR_C')).toBe('colon');
    expect(entries.get('SSL_ERROR_D')).toBe('first second');
    expect(entries.get('SSL_ERROR_E')).toBe('ends in a backslash \\');
    expect(entries.get('SSL_ERROR_F')).toBe('line\nbreak');
    expect(entries.size).toBe(6);
  });
});

describe('buildTable', () => {
  const file = (locale: string, entries: Record<string, string>) => ({ locale, entries: new Map(Object.entries(entries)) });

  it('gathers each chosen name’s sentences across locales, once each, and only the chosen names', () => {
    const table = buildTable(
      [
        file('en-US', { A: 'Self signed.', B: 'Unknown issuer.', C: 'Not chosen.' }),
        file('en-GB', { A: 'Self  signed.', B: 'Unknown issuer.' }),
        file('ru', { A: 'Самоподписанный.', B: '' }),
      ],
      ['A', 'B'],
    );
    expect(table.messages).toEqual({ A: ['Self signed.', 'Самоподписанный.'], B: ['Unknown issuer.'] });
    expect(table.locales).toEqual(['en-GB', 'en-US', 'ru']);
    expect(table.ambiguous).toEqual([]);
  });

  it('leaves out a sentence two names share, since it cannot name either', () => {
    const table = buildTable([file('xx', { A: 'Same words.', B: 'Same words.' }), file('yy', { A: 'Only A.' })], ['A', 'B']);
    expect(table.messages).toEqual({ A: ['Only A.'], B: [] });
    expect(table.ambiguous).toEqual(['Same words.']);
  });
});

describe('localeOfPath', () => {
  it('finds the locale in a language pack and in the l10n repository', () => {
    expect(localeOfPath('chrome/kk/locale/kk/pipnss/nsserrors.properties')).toBe('kk');
    expect(localeOfPath('chrome/en-US/locale/en-US/pipnss/nsserrors.properties')).toBe('en-US');
    expect(localeOfPath('ca-valencia/security/manager/chrome/pipnss/nsserrors.properties')).toBe('ca-valencia');
    expect(localeOfPath('checkout/ru/security/manager/chrome/pipnss/nsserrors.properties')).toBe('ru');
    expect(localeOfPath('chrome/kk/locale/kk/pipnss/pipnss.properties')).toBeNull();
    expect(localeOfPath('chrome/kk/locale/ru/pipnss/nsserrors.properties')).toBeNull();
  });
});

describe('normaliseSentence', () => {
  it('makes one spelling of white space and Unicode composition', () => {
    expect(normaliseSentence(' a\n\tb  c ')).toBe('a b c');
    expect(normaliseSentence('e\u0301')).toBe('\u00e9');
  });
});
