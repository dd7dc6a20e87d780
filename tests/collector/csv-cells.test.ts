import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { defuseFormula, toCsv } from '../../collector/csv-cells';

describe('defuseFormula', () => {
  it.each(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx', '＝1', '＋1', '－1', '＠x'])('puts an apostrophe before %j', (cell) => {
    expect(defuseFormula(cell)).toBe(`'${cell}`);
  });

  it('leaves other text, numbers and booleans alone', () => {
    expect(defuseFormula('example.kz')).toBe('example.kz');
    expect(defuseFormula(-1)).toBe(-1);
    expect(defuseFormula(true)).toBe(true);
  });
});

describe('toCsv', () => {
  it('defuses every column but the verbatim ones, and round-trips through a CSV reader', () => {
    const text = toCsv(
      [
        ['note', 'signature'],
        ['=HYPERLINK("x")', '-abc_DEF'],
        [true, '=x'],
      ],
      new Set([1]),
    );
    expect(parse(text)).toEqual([
      ['note', 'signature'],
      [`'=HYPERLINK("x")`, '-abc_DEF'],
      ['true', '=x'],
    ]);
  });
});
