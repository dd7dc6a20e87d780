/**
 * Reads Citizen Lab's filtering annotations (data/v1/http.csv and dns.csv), whose list cells are
 * written as Python lists: `['AE', 'SA']`.
 */
import { parse } from 'csv-parse/sync';

export interface CitizenLabAnnotation {
  table: 'http' | 'dns';
  name: string;
  pattern: string;
  scope: string;
  countries: string[];
}

const pythonList = (cell: string | undefined) => [...(cell ?? '').matchAll(/'([^']*)'/g)].map((m) => (m[1] ?? '').trim()).filter(Boolean);

export function parseAnnotations(text: string, table: CitizenLabAnnotation['table']): CitizenLabAnnotation[] {
  const rows = parse(text, { columns: true, skip_empty_lines: true, bom: true }) as Record<string, string>[];
  const patternColumn = table === 'http' ? 'pattern' : 'response';
  if (rows[0] && !(patternColumn in rows[0] && 'name' in rows[0])) {
    throw new Error(`Citizen Lab ${table} annotations lack the "name" or "${patternColumn}" column`);
  }
  return rows.map((r) => ({
    table,
    name: (r.name ?? '').trim(),
    pattern: r[patternColumn] ?? '',
    scope: (r.scope ?? '').trim(),
    countries: pythonList(r.expected_countries),
  }));
}
