/**
 * Known signs of a block page: HTTP 451 (RFC 7725, needs no database), and the recorded
 * fingerprints of fingerprint-data.ts matched against a page's HTML, its response headers, the
 * URLs it was redirected through and the address that served it.
 */
import { FINGERPRINT_ROWS } from './fingerprint-data';
import type { FingerprintDataset, FingerprintRow } from './fingerprint-types';
import type { PageSummary } from '../protocol/report-schema';

export interface FingerprintMatch {
  fingerprint: string;
  source: 'status' | 'header' | 'body' | 'dns' | 'heuristic' | 'control';
  /** ISO country codes the fingerprint was recorded in, comma-separated. */
  countries?: string;
  dataset?: FingerprintDataset | 'blockwatch';
  confidence?: number;
  /** For the heuristic and the comparison: which signs of a block page it saw. */
  signals?: string[];
  /** This browser's copy of the page, when the control's copy was compared with it. */
  page?: PageSummary;
}

/** Below this a fingerprint is vague blocking vocabulary: a hint for the heuristic, never proof. */
export const STRONG_CONFIDENCE = 0.7;

export function matchStatus(status: number | undefined): FingerprintMatch | null {
  return status === 451 ? { fingerprint: 'http-451', source: 'status' } : null;
}

interface Compiled {
  row: FingerprintRow;
  test: (value: string) => boolean;
}

function compile(row: FingerprintRow): Compiled | null {
  const [, , , match, pattern] = row;
  switch (match) {
    case 'contains':
      return { row, test: (v) => v.includes(pattern) };
    case 'prefix':
      return { row, test: (v) => v.startsWith(pattern) };
    case 'full':
      return { row, test: (v) => v === pattern };
    case 'regexp': {
      // Recorded expressions use only greedy `.*` between literals; a bounded gap keeps a hostile
      // page from making them backtrack for long.
      try {
        const re = new RegExp(pattern.replaceAll('.*', '[^]{0,400}?'));
        return { row, test: (v) => re.test(v) };
      } catch {
        return null;
      }
    }
  }
}

let compiled: { body: Compiled[]; header: Compiled[]; dns: Map<string, FingerprintRow> } | null = null;

function tables() {
  if (compiled) return compiled;
  const body: Compiled[] = [];
  const header: Compiled[] = [];
  const dns = new Map<string, FingerprintRow>();
  for (const row of FINGERPRINT_ROWS) {
    if (row[1] === 'dns') {
      if (!dns.has(row[4])) dns.set(row[4], row);
      continue;
    }
    const c = compile(row);
    if (c) (row[1] === 'body' ? body : header).push(c);
  }
  compiled = { body, header, dns };
  return compiled;
}

function toMatch(row: FingerprintRow, source: FingerprintMatch['source']): FingerprintMatch {
  return {
    fingerprint: row[0],
    source,
    ...(row[5] && { countries: row[5] }),
    dataset: row[6],
    confidence: row[7],
  };
}

/** The recorded fingerprint with this id, as a match from `source`. */
export function fingerprintById(id: string, source: FingerprintMatch['source']): FingerprintMatch | null {
  const row = FINGERPRINT_ROWS.find((r) => r[0] === id);
  return row ? toMatch(row, source) : null;
}

/** The most confident match of many; ties go to the first recorded. */
function best(matches: Compiled[]): Compiled | undefined {
  return matches.reduce<Compiled | undefined>((a, b) => (!a || b.row[7] > a.row[7] ? b : a), undefined);
}

/** Every body fingerprint found in the page's HTML, strongest first. */
export function bodyMatches(html: string): FingerprintMatch[] {
  return tables()
    .body.filter((c) => c.test(html))
    .sort((a, b) => b.row[7] - a.row[7])
    .map((c) => toMatch(c.row, 'body'));
}

/** The strongest body fingerprint that is proof on its own, if any. */
export function matchBody(html: string): FingerprintMatch | null {
  return bodyMatches(html).find((m) => (m.confidence ?? 0) >= STRONG_CONFIDENCE) ?? null;
}

/** Response headers as webRequest or fetch give them; names compare case-insensitively. */
export function matchHeaders(headers: Iterable<{ name: string; value?: string }>): FingerprintMatch | null {
  const found: Compiled[] = [];
  const list = [...headers];
  for (const c of tables().header) {
    const field = c.row[2];
    if (list.some((h) => h.name.toLowerCase() === field && h.value !== undefined && c.test(h.value))) found.push(c);
  }
  const hit = best(found);
  return hit ? toMatch(hit.row, 'header') : null;
}

/**
 * A redirect target that is a known block host: matched like a recorded Location header, with and
 * without its scheme (some rows record `host/path`, which the browser only ever shows with one).
 */
export function matchRedirect(url: string): FingerprintMatch | null {
  const bare = url.replace(/^[a-z][\w+.-]*:\/\//i, '');
  return matchHeaders([{ name: 'location', value: url }]) ?? (bare !== url ? matchHeaders([{ name: 'location', value: bare }]) : null);
}

/** An address (or CNAME) that only block pages are served from. */
export function matchAddress(address: string | undefined): FingerprintMatch | null {
  if (!address) return null;
  const plain = address.replace(/^\[|\]$/g, '').toLowerCase();
  const row = tables().dns.get(plain);
  return row ? toMatch(row, 'dns') : null;
}

let scopes: Map<string, string> | null = null;

/** The scope a row was recorded with (`nat`, `isp`, `prod`, `inst`, `vbw`, …): fingerprint-data.ts. */
export function fingerprintScope(id: string): string | undefined {
  scopes ??= new Map(FINGERPRINT_ROWS.map((r) => [r[0], r[8]]));
  return scopes.get(id);
}

/** Every country the database covers, for the README and its tests. */
export function coveredCountries(): string[] {
  const set = new Set<string>();
  for (const row of FINGERPRINT_ROWS) for (const c of row[5].split(',')) if (c) set.add(c);
  return [...set].sort();
}
