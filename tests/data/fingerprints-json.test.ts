import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FINGERPRINT_COUNTS, FINGERPRINT_PROVENANCE, FINGERPRINT_ROWS } from '../../utils/blockpage/fingerprint-data';
import { DATASETS, type FingerprintDataset } from '../../utils/blockpage/fingerprint-types';
import { countsTable, quotedCounts } from '../../scripts/fingerprints/output';

const raw = JSON.parse(readFileSync(new URL('../../data/fingerprints.json', import.meta.url), 'utf8')) as {
  provenance: Record<string, Record<string, unknown>>;
  counts: Record<string, unknown>;
  rows: unknown[][];
};

const tally = (values: string[]) => {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
};

describe('data/fingerprints.json', () => {
  it('is what the loader exports', () => {
    expect(FINGERPRINT_ROWS).toEqual(raw.rows);
    expect(FINGERPRINT_COUNTS).toEqual(raw.counts);
    expect(FINGERPRINT_PROVENANCE).toEqual(raw.provenance);
  });

  it('has counts that match its rows', () => {
    const rows = FINGERPRINT_ROWS;
    const countries = new Set(rows.flatMap((r) => r[5].split(',').filter(Boolean)));
    expect(FINGERPRINT_COUNTS.total).toBe(rows.length);
    expect(FINGERPRINT_COUNTS.countries).toBe(countries.size);
    expect(FINGERPRINT_COUNTS.dataset).toEqual(tally(rows.map((r) => r[6])));
    expect(FINGERPRINT_COUNTS.family).toEqual(tally(rows.map((r) => r[1])));
    expect(FINGERPRINT_COUNTS.scope).toEqual(tally(rows.map((r) => r[8])));
  });

  it('names the commit, date, files and licence of every dataset it was made from', () => {
    const datasets = Object.keys(DATASETS) as FingerprintDataset[];
    expect(Object.keys(FINGERPRINT_PROVENANCE).sort()).toEqual([...datasets].sort());
    for (const d of datasets) {
      const p = FINGERPRINT_PROVENANCE[d];
      expect(DATASETS[d].url.startsWith(p.repository), d).toBe(true);
      expect(p.commit, d).toMatch(/^[0-9a-f]{40}$/);
      expect(Number.isNaN(Date.parse(p.date)), d).toBe(false);
      expect(p.date, d).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      expect(p.files.length, d).toBeGreaterThan(0);
      for (const f of p.files) expect(f, d).toMatch(/^[\w./-]+$/);
      expect(p.licence, d).toMatch(/^[A-Za-z0-9.-]+$/);
      if (p.licence !== 'NOASSERTION') expect(p.licenceFile, d).toBeTruthy();
    }
  });

  it('names in every row the dataset its id says it comes from', () => {
    const prefix: Record<FingerprintDataset, string> = { ooni: 'ooni.', censoredplanet: 'cp.', citizenlab: 'cl.' };
    const wrong = FINGERPRINT_ROWS.filter((r) => !r[0].startsWith(prefix[r[6]])).map((r) => r[0]);
    expect(wrong).toEqual([]);
  });

  it('is quoted correctly in data/README.md', () => {
    const readme = readFileSync(new URL('../../data/README.md', import.meta.url), 'utf8');
    expect(quotedCounts(readme)).toBe(countsTable(FINGERPRINT_COUNTS));
    expect(readme).toContain(`| rows | ${FINGERPRINT_ROWS.length} |`);
  });
});
