/**
 * CSV for spreadsheets and for programs. Spreadsheets run a cell that starts with = + - @ (or a
 * tab, a carriage return, or their full-width forms) as a formula, so such text gets a leading
 * apostrophe; columns named verbatim are written exactly, for cells a program must read unchanged.
 */
import { stringify } from 'csv-stringify/sync';

const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

export function defuseFormula(value: unknown): unknown {
  return typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * `verbatim`: column indexes left as they are. Only for values that cannot hold a formula's
 * working parts: a base64url signature may begin with "-", yet without parentheses, quotes or
 * `|` a spreadsheet can at worst show it as an error, while a changed signature never verifies.
 */
export function toCsv(rows: unknown[][], verbatim: ReadonlySet<number> = new Set()): string {
  const cells = rows.map((row) => row.map((value, i) => (verbatim.has(i) ? value : defuseFormula(value))));
  return stringify(cells, { cast: { boolean: (v) => String(v) } });
}
