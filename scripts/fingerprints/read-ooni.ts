/**
 * Reads OONI's blocking-fingerprints tables (fingerprints_http.csv, fingerprints_dns.csv): the
 * merged, typed table in which OONI also carries Censored Planet's and Citizen Lab's signatures.
 */
import { parse } from 'csv-parse/sync';

export interface OoniRecord {
  table: 'http' | 'dns';
  name: string;
  scope: string;
  /** The same signature's names in the other datasets, when OONI merged duplicates. */
  otherNames: string[];
  /** 'body', 'dns' or 'header.<lower-case name>'. */
  location: string;
  patternType: string;
  pattern: string;
  /** The dataset's own 0..10 rating of how unlikely a false positive is. */
  confidenceNoFp: number;
  countries: string[];
}

const COLUMNS = ['name', 'scope', 'other_names', 'location_found', 'pattern_type', 'pattern', 'confidence_no_fp', 'expected_countries'];

const list = (cell: string | undefined) =>
  (cell ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

export function parseOoniTable(text: string, table: OoniRecord['table']): OoniRecord[] {
  const rows = parse(text, { columns: true, skip_empty_lines: true, bom: true }) as Record<string, string>[];
  const header = rows[0] ? Object.keys(rows[0]) : [];
  const missing = COLUMNS.filter((c) => !header.includes(c));
  if (rows.length > 0 && missing.length > 0) throw new Error(`OONI ${table} table lacks columns: ${missing.join(', ')}`);
  return rows.map((r) => ({
    table,
    name: (r.name ?? '').trim(),
    scope: (r.scope ?? '').trim(),
    otherNames: list(r.other_names),
    location: (r.location_found ?? '').trim(),
    patternType: (r.pattern_type ?? '').trim(),
    // The tables are written with CRLF line ends, which also land inside multi-line patterns;
    // the pages they were copied from are not known to have had them.
    pattern: (r.pattern ?? '').replaceAll('\r\n', '\n'),
    confidenceNoFp: Number(r.confidence_no_fp) || 0,
    countries: list(r.expected_countries),
  }));
}
