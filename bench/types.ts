/** One measured budget. Every benchmark module returns a list of these. */
export interface BenchResult {
  /** Stable identifier, e.g. "delivery.1000-reports". */
  id: string;
  /** What a reader sees in the table, e.g. "1,000 queued reports delivered". */
  label: string;
  /** The median (or the single figure) that is compared with the budget. */
  measured: number;
  unit: string;
  budget: number;
  /** Whether the measured value must be at most or at least the budget. */
  direction: 'max' | 'min';
  /** Every sample behind the median, so a reader can judge the spread. */
  samples?: number[];
  /** Anything a reader needs to interpret the figure (corpus size, database, noise floor). */
  notes?: string;
}

/** A benchmark module: `bench/<name>.bench.ts` with a default export of this type. */
export type Benchmark = () => Promise<BenchResult[]>;

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function meetsBudget(result: BenchResult): boolean {
  return result.direction === 'max' ? result.measured <= result.budget : result.measured >= result.budget;
}
