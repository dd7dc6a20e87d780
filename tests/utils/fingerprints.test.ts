import { describe, expect, it } from 'vitest';
import { FINGERPRINT_ROWS } from '../../utils/blockpage/fingerprint-data';
import { DATASETS } from '../../utils/blockpage/fingerprint-types';
import {
  bodyMatches,
  coveredCountries,
  matchAddress,
  matchBody,
  matchHeaders,
  matchRedirect,
  matchStatus,
  STRONG_CONFIDENCE,
} from '../../utils/blockpage/fingerprints';

const ORDINARY_PAGE =
  '<!doctype html><html><head><title>Weather in Almaty</title></head><body><h1>Weather</h1><p>Sunny, 24 degrees.</p></body></html>';

describe('matchStatus', () => {
  it('recognises HTTP 451 as a block page', () => {
    expect(matchStatus(451)).toEqual({ fingerprint: 'http-451', source: 'status' });
  });

  it.each([undefined, 200, 403, 404, 450, 452, 500])('finds nothing in status %s', (status) => {
    expect(matchStatus(status)).toBeNull();
  });
});

describe('the fingerprint database', () => {
  it('has unique ids, known families and sources, and confidences between 0 and 1', () => {
    const ids = new Set(FINGERPRINT_ROWS.map((r) => r[0]));
    expect(ids.size).toBe(FINGERPRINT_ROWS.length);
    for (const [id, family, field, match, pattern, countries, source, confidence] of FINGERPRINT_ROWS) {
      expect(['body', 'header', 'dns'], id).toContain(family);
      expect(family === 'header' ? field.length > 0 : field === '', id).toBe(true);
      expect(['contains', 'prefix', 'full', 'regexp'], id).toContain(match);
      expect(pattern.length, id).toBeGreaterThan(0);
      expect(countries, id).toMatch(/^([A-Z]{2}(,[A-Z]{2})*)?$/);
      expect(DATASETS[source], id).toBeDefined();
      expect(confidence, id).toBeGreaterThan(0);
      expect(confidence, id).toBeLessThanOrEqual(1);
    }
  });

  it('names a public URL for every dataset', () => {
    for (const dataset of Object.values(DATASETS)) expect(dataset.url).toMatch(/^https:\/\/github\.com\//);
  });

  it('covers the countries of the region and those known for block pages', () => {
    const covered = coveredCountries();
    for (const country of ['RU', 'KZ', 'KG', 'UZ', 'BY', 'UA', 'TR', 'IR', 'TH', 'ID', 'IN', 'CN', 'SA', 'AE', 'GB']) {
      expect(covered, country).toContain(country);
    }
    expect(covered.length).toBeGreaterThanOrEqual(80);
  });

  it('every recorded body pattern matches a page that contains it, and ordinary pages match none', () => {
    expect(bodyMatches(ORDINARY_PAGE)).toEqual([]);
    const missed = FINGERPRINT_ROWS.filter((r) => r[1] === 'body' && r[3] === 'contains').filter(
      (r) => !bodyMatches(`<html><body>${r[4]}</body></html>`).some((m) => m.fingerprint === r[0]),
    );
    expect(missed.map((r) => r[0])).toEqual([]);
  });
});

describe('matchBody', () => {
  it('names a Russian provider block page by its fingerprint, country and dataset', () => {
    const html = '<html><body><p>Доступ ограничен</p><img src="https://t2rkn.com/logo.png"></body></html>';
    expect(matchBody(html)).toMatchObject({ fingerprint: 'ooni.ru_28', source: 'body', countries: 'RU', dataset: 'ooni' });
  });

  it('recognises the Turkish 5651 block page and the Iranian iframe page', () => {
    const tr = matchBody('<span>sayılı Telekomünikasyon İletişim Başkanlığı kararıyla erişime engellenmiştir</span>');
    expect(tr).toMatchObject({ source: 'body', dataset: 'censoredplanet' });
    const ir = matchBody(
      '<html><head><title>M</title></head><body><iframe src="http://10.10.34.34?type=Invalid Site"></iframe></body></html>',
    );
    expect(ir).not.toBeNull();
    expect(ir!.fingerprint).toMatch(/ir/);
  });

  it('matches recorded regular expressions, with their gaps bounded', () => {
    const row = FINGERPRINT_ROWS.find((r) => r[3] === 'regexp' && r[4].startsWith('If you believe'))!;
    expect(
      matchBody('If you believe the requested page should not be blocked please contact http://www.internet.gov.sa')?.fingerprint,
    ).toBe(row[0]);
    expect(matchBody(`If you believe ${'x'.repeat(5_000)} http://www.internet.gov.sa`)).toBeNull();
  });

  it('never treats vague blocking words as proof on their own', () => {
    const vague = FINGERPRINT_ROWS.find((r) => r[8] === 'vbw' && r[1] === 'body' && r[3] === 'contains')!;
    const page = `<html><body>${vague[4]}</body></html>`;
    expect(bodyMatches(page).some((m) => m.fingerprint === vague[0])).toBe(true);
    const strong = matchBody(page);
    expect(strong === null || (strong.confidence ?? 0) >= STRONG_CONFIDENCE).toBe(true);
  });
});

describe('matchHeaders and matchRedirect', () => {
  it('recognises a Location redirect to a known block host', () => {
    expect(matchRedirect('http://warning.rt.ru/?id=17&st=0&dt=195.82.146.214&rs=http://rutracker.org/')).toMatchObject({
      source: 'header',
      countries: 'RU',
    });
    expect(matchHeaders([{ name: 'Location', value: 'https://illegal.mdes.go.th/' }])).toMatchObject({ source: 'header' });
  });

  it('recognises a filtering product by its Server header, case-insensitively', () => {
    expect(matchHeaders([{ name: 'SERVER', value: 'Protected by WireFilter 8000 (http-sa-1)' }])?.countries).toContain('AE');
  });

  it('finds nothing in ordinary redirects and headers', () => {
    expect(matchRedirect('https://www.example.kz/login')).toBeNull();
    expect(
      matchHeaders([
        { name: 'server', value: 'nginx' },
        { name: 'location', value: 'https://example.org/' },
      ]),
    ).toBeNull();
    expect(matchHeaders([{ name: 'x-other', value: 'http://warning.rt.ru/' }])).toBeNull();
  });
});

describe('matchAddress', () => {
  it('recognises recorded block addresses, IPv4 and bracketed IPv6', () => {
    const v4 = FINGERPRINT_ROWS.find((r) => r[1] === 'dns' && /^\d+\.\d+\.\d+\.\d+$/.test(r[4]))!;
    expect(matchAddress(v4[4])).toMatchObject({ fingerprint: v4[0], source: 'dns' });
    const v6 = FINGERPRINT_ROWS.find((r) => r[1] === 'dns' && r[4].includes(':'));
    if (v6) expect(matchAddress(`[${v6[4].toUpperCase()}]`)?.fingerprint).toBe(v6[0]);
    expect(matchAddress('195.82.146.214')).toBeNull();
  });

  it('finds nothing without an address', () => {
    expect(matchAddress(undefined)).toBeNull();
    expect(matchAddress('')).toBeNull();
  });
});
