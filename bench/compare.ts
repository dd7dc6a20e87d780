// Side-by-side comparison of browser launches: the order they run in, and the ratios between arms.
import { median, percentile } from './types';

/** A: with the extension; B: without; X and Y: both without, the A/A control of the same harness. */
/** A: the extension as installed; D: with the deeper checks; B: without; X and Y: both without (A/A). */
export type Arm = 'A' | 'B' | 'D' | 'X' | 'Y';

/**
 * Launch order for `rounds` rounds. Each round is an A B B A block for the comparison and an
 * X Y Y X block for the A/A control; odd rounds mirror it (B A A B, Y X X Y) so a slow drift of
 * the machine's load favours neither arm.
 */
export function launchPlan(rounds: number, options: { deeper?: boolean } = {}): { arm: Arm; round: number }[] {
  const plan: { arm: Arm; round: number }[] = [];
  for (let round = 0; round < rounds; round++) {
    const [first, second]: [Arm, Arm] = round % 2 === 0 ? ['A', 'B'] : ['B', 'A'];
    const [third, fourth]: [Arm, Arm] = round % 2 === 0 ? ['X', 'Y'] : ['Y', 'X'];
    // The deeper-checks arm sits between the two B launches, each D next to a B.
    const middle: Arm[] = options.deeper ? ['D', 'D'] : [];
    for (const arm of [first, second, ...middle, second, first, third, fourth, fourth, third]) plan.push({ arm, round });
  }
  return plan;
}

/**
 * The order in which `count` open browsers load page `page`: the plan's order rotated by one more
 * place per page, so over `count` pages every browser loads first, second, … last once, and no
 * browser loads twice in a row across a page boundary.
 */
export function turnOrder(count: number, page: number): number[] {
  return Array.from({ length: count }, (_, i) => (i + page) % count);
}

export interface RatioSummary {
  /** Median over pages of (median time with) / (median time without). */
  median: number;
  p25: number;
  p75: number;
  /** One ratio per page. */
  perPage: number[];
}

/**
 * `treated[launch][page]` and `control[launch][page]`: one load time per page per launch. Each
 * page's ratio compares the medians of its loads across the launches of each arm.
 */
export function pageRatios(treated: number[][], control: number[][]): RatioSummary {
  if (treated.length === 0 || control.length === 0) throw new Error('both arms need at least one launch');
  const pages = treated[0]!.length;
  const perPage: number[] = [];
  for (let p = 0; p < pages; p++) {
    const t = median(treated.map((launch) => launch[p]!).filter(Number.isFinite));
    const c = median(control.map((launch) => launch[p]!).filter(Number.isFinite));
    if (Number.isFinite(t) && Number.isFinite(c) && c > 0) perPage.push(t / c);
  }
  return { median: median(perPage), p25: percentile(perPage, 25), p75: percentile(perPage, 75), perPage };
}

/**
 * One ratio per adjacent pair of launches: within a round the i-th launch of one arm is paired with
 * the i-th of the other (A1 with B1, A2 with B2 in A B B A).
 */
export function pairRatios(runs: { arm: Arm; round: number; value: number }[], treated: Arm, control: Arm): number[] {
  const rounds = [...new Set(runs.map((r) => r.round))].sort((a, b) => a - b);
  const ratios: number[] = [];
  for (const round of rounds) {
    const t = runs.filter((r) => r.round === round && r.arm === treated);
    const c = runs.filter((r) => r.round === round && r.arm === control);
    for (let i = 0; i < Math.min(t.length, c.length); i++) {
      const ratio = t[i]!.value / c[i]!.value;
      if (Number.isFinite(ratio) && ratio > 0) ratios.push(ratio);
    }
  }
  return ratios;
}
