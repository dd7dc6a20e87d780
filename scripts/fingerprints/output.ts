/**
 * The data file's shape and its counts, written with one row a line so that a regeneration's diff
 * shows exactly the rows that changed, and the counts table data/README.md quotes.
 */
import type { FingerprintCounts, FingerprintDataset, FingerprintProvenance, FingerprintRow } from '../../utils/blockpage/fingerprint-types';
import { DATASET_ORDER } from './datasets';

export interface FingerprintFile {
  provenance: Record<FingerprintDataset, FingerprintProvenance>;
  counts: FingerprintCounts;
  rows: FingerprintRow[];
}

const sortedKeys = (m: Map<string, number>) => Object.fromEntries([...m].sort(([a], [b]) => a.localeCompare(b)));

export function countRows(rows: readonly FingerprintRow[]): FingerprintCounts {
  const dataset = Object.fromEntries(DATASET_ORDER.map((d) => [d, 0])) as Record<FingerprintDataset, number>;
  const family = { body: 0, header: 0, dns: 0 };
  const scope = new Map<string, number>();
  const countries = new Set<string>();
  for (const [, fam, , , , cc, source, , sc] of rows) {
    dataset[source]++;
    family[fam]++;
    scope.set(sc, (scope.get(sc) ?? 0) + 1);
    for (const c of cc.split(',')) if (c) countries.add(c);
  }
  return { total: rows.length, countries: countries.size, dataset, family, scope: sortedKeys(scope) };
}

export function serialise(file: FingerprintFile): string {
  const rows = file.rows.map((r) => `    ${JSON.stringify(r)}`).join(',\n');
  const head = JSON.stringify({ provenance: file.provenance, counts: file.counts }, null, 2).replace(/\n}$/, '');
  return `${head},\n  "rows": [\n${rows}\n  ]\n}\n`;
}

const COUNTS_START = '<!-- fingerprint counts: written by npm run fingerprints -->';
const COUNTS_END = '<!-- end of fingerprint counts -->';

/** The Markdown table of counts that data/README.md carries between its two markers. */
export function countsTable(c: FingerprintCounts): string {
  const line = (label: string, m: Record<string, number>) =>
    `| ${label} | ${Object.entries(m)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')} |`;
  return [
    '| | |',
    '|---|---|',
    `| rows | ${c.total} |`,
    `| countries | ${c.countries} |`,
    line('by dataset', c.dataset),
    line('by family', c.family),
    line('by scope', c.scope),
  ].join('\n');
}

/** The README with its counts block replaced; unchanged when it has no markers. */
export function withCounts(readme: string, c: FingerprintCounts): string {
  const start = readme.indexOf(COUNTS_START);
  const end = readme.indexOf(COUNTS_END);
  if (start < 0 || end < start) return readme;
  return `${readme.slice(0, start + COUNTS_START.length)}\n${countsTable(c)}\n${readme.slice(end)}`;
}

export function quotedCounts(readme: string): string | null {
  const start = readme.indexOf(COUNTS_START);
  const end = readme.indexOf(COUNTS_END);
  return start < 0 || end < start ? null : readme.slice(start + COUNTS_START.length, end).trim();
}
