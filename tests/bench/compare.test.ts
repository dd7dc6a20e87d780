import { describe, expect, it } from 'vitest';
import { launchPlan, pageRatios, pairRatios, turnOrder } from '../../bench/compare';

describe('launchPlan', () => {
  it('runs A B B A then an X Y Y X control each round, mirrored every other round', () => {
    const plan = launchPlan(2);
    expect(plan.map((l) => l.arm).join('')).toBe('ABBAXYYX' + 'BAABYXXY');
    expect(plan.map((l) => l.round)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1]);
  });

  it('gives every arm the same number of launches', () => {
    const arms = launchPlan(3).map((l) => l.arm);
    expect(['A', 'B', 'X', 'Y'].map((arm) => arms.filter((a) => a === arm).length)).toEqual([6, 6, 6, 6]);
  });

  it('puts the deeper-checks arm between the B launches, so each D has a B beside it', () => {
    const plan = launchPlan(2, { deeper: true });
    expect(plan.map((l) => l.arm).join('')).toBe('ABDDBAXYYX' + 'BADDABYXXY');
    const arms = plan.map((l) => l.arm);
    expect(['A', 'B', 'D'].map((arm) => arms.filter((a) => a === arm).length)).toEqual([4, 4, 4]);
  });
});

describe('pageRatios', () => {
  it('compares each page by the median of its loads in each arm, then takes the median page', () => {
    const withExtension = [
      [110, 200, 330],
      [130, 220, 300],
      [120, 900, 310],
    ];
    const without = [
      [100, 200, 300],
      [100, 200, 300],
    ];
    const summary = pageRatios(withExtension, without);
    expect(summary.perPage).toEqual([1.2, 1.1, 310 / 300]);
    expect(summary.median).toBe(1.1);
    expect(summary.p25).toBeCloseTo((310 / 300 + 1.1) / 2);
    expect(summary.p75).toBeCloseTo(1.15);
  });

  it('skips a page whose loads were not measured', () => {
    const summary = pageRatios([[100, Number.NaN]], [[100, 100]]);
    expect(summary.perPage).toEqual([1]);
  });

  it('refuses an empty arm', () => {
    expect(() => pageRatios([], [[1]])).toThrow(/at least one launch/);
  });
});

describe('pairRatios', () => {
  it('pairs the i-th launch of each arm within a round', () => {
    const runs = [
      { arm: 'A' as const, round: 0, value: 12 },
      { arm: 'B' as const, round: 0, value: 10 },
      { arm: 'B' as const, round: 0, value: 20 },
      { arm: 'A' as const, round: 0, value: 22 },
      { arm: 'B' as const, round: 1, value: 10 },
      { arm: 'A' as const, round: 1, value: 9 },
    ];
    expect(pairRatios(runs, 'A', 'B')).toEqual([1.2, 1.1, 0.9]);
    expect(pairRatios(runs, 'X', 'Y')).toEqual([]);
  });
});

describe('turnOrder', () => {
  it('puts every browser in every place once over as many pages as there are browsers', () => {
    const orders = Array.from({ length: 8 }, (_, page) => turnOrder(8, page));
    for (const order of orders) expect([...order].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    for (let place = 0; place < 8; place++) expect(new Set(orders.map((o) => o[place])).size).toBe(8);
  });

  it('never lets a browser load twice in a row across a page boundary', () => {
    for (let page = 0; page < 40; page++) expect(turnOrder(8, page).at(-1)).not.toBe(turnOrder(8, page + 1)[0]);
  });
});
