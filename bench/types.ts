/** One measured budget. Every benchmark module returns a list of these. */
export interface BenchResult {
  /** Stable identifier, e.g. "delivery.1000-reports". */
  id: string;
  /** What a reader sees in the table, e.g. "1,000 queued reports delivered". */
  label: string;
  /** The median (or the single figure) that is compared with the budget. */
  measured: number;
  unit: string;
  /** NaN for a reference figure that has no budget of its own. */
  budget: number;
  /** Whether the measured value must be at most or at least the budget. */
  direction: 'max' | 'min';
  /** Every sample behind the median, so a reader can judge the spread. */
  samples?: number[];
  /** The 25th and 75th percentile behind `measured`, when the module knows better than its samples. */
  spread?: [number, number];
  /** Not a budget but a figure to read the others by, e.g. the A/A noise floor: no verdict. */
  reference?: boolean;
  /** Anything a reader needs to interpret the figure (corpus size, database, noise floor). */
  notes?: string;
}

/** A benchmark module: `bench/<name>.bench.ts` with a default export of this type. */
export type Benchmark = () => Promise<BenchResult[]>;

export function median(values: number[]): number {
  return percentile(values, 50);
}

/** Linear interpolation between closest ranks (the same rule as numpy's default). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (Math.min(100, Math.max(0, p)) / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

/** p25 and p75 from the module, or from the samples when there are enough of them. */
export function spreadOf(result: BenchResult): [number, number] | undefined {
  if (result.spread) return result.spread;
  if (!result.samples || result.samples.length < 3) return undefined;
  return [percentile(result.samples, 25), percentile(result.samples, 75)];
}

export function meetsBudget(result: BenchResult): boolean {
  return result.direction === 'max' ? result.measured <= result.budget : result.measured >= result.budget;
}

/** What the table's verdict column says. */
export function verdictOf(result: BenchResult): 'met' | 'MISSED' | 'reference' {
  if (result.reference) return 'reference';
  return meetsBudget(result) ? 'met' : 'MISSED';
}
