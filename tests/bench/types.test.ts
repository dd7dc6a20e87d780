import { describe, expect, it } from 'vitest';
import { median, meetsBudget, percentile, spreadOf, verdictOf, type BenchResult } from '../../bench/types';

const result = (over: Partial<BenchResult>): BenchResult => ({
  id: 'x',
  label: 'x',
  measured: 1,
  unit: 'ms',
  budget: 2,
  direction: 'max',
  ...over,
});

describe('median and percentile', () => {
  it('take the middle of odd and the mean of the two middles of even counts, in any order', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('interpolate between ranks and clamp p to 0–100', () => {
    const values = [10, 20, 30, 40, 50];
    expect(percentile(values, 25)).toBe(20);
    expect(percentile(values, 75)).toBe(40);
    expect(percentile([1, 2], 25)).toBe(1.25);
    expect(percentile(values, 0)).toBe(10);
    expect(percentile(values, 150)).toBe(50);
  });
});

describe('verdicts', () => {
  it('compare in the budget direction, the budget itself counting as met', () => {
    expect(meetsBudget(result({ measured: 2 }))).toBe(true);
    expect(meetsBudget(result({ measured: 2.01 }))).toBe(false);
    expect(meetsBudget(result({ direction: 'min', measured: 999, budget: 1000 }))).toBe(false);
    expect(meetsBudget(result({ direction: 'min', measured: 1000, budget: 1000 }))).toBe(true);
  });

  it('give reference figures no verdict', () => {
    expect(verdictOf(result({ measured: 5 }))).toBe('MISSED');
    expect(verdictOf(result({ measured: 1 }))).toBe('met');
    expect(verdictOf(result({ measured: 5, reference: true }))).toBe('reference');
  });

  it('take the spread from the module, else from three or more samples', () => {
    expect(spreadOf(result({ spread: [1, 2], samples: [7, 8, 9] }))).toEqual([1, 2]);
    expect(spreadOf(result({ samples: [1, 2, 3, 4, 5] }))).toEqual([2, 4]);
    expect(spreadOf(result({ samples: [1, 2] }))).toBeUndefined();
    expect(spreadOf(result({}))).toBeUndefined();
  });
});
