/**
 * Repeated measurements of a site and, at the same moments, of a baseline: each round times the
 * site and every baseline site together, and keeps the baseline's median.
 */
import type { TimingSample } from './timed-fetch';

export interface BaselineSample extends TimingSample {
  /** How many baseline sites answered in this round. */
  sites: number;
}

export interface TimedRound {
  site: TimingSample;
  baseline?: BaselineSample;
}

/** Times every URL once, together; null when no measurement could be made at all. */
export type MeasureRound = (urls: string[]) => Promise<TimingSample[] | null>;

export interface RoundOptions {
  rounds: number;
  /** Pause between the end of one round and the start of the next. */
  gapMs: number;
  measure: MeasureRound;
  /** Asked after each round: false stops early (the answer is already clear). */
  keepGoing?: (round: TimedRound) => boolean;
}

function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
}

/** The median of each part over the baseline sites that answered; none answered, none. */
export function baselineOf(samples: TimingSample[]): BaselineSample | undefined {
  const answered = samples.filter((s) => s.error === undefined);
  const ms = median(answered.map((s) => s.ms));
  if (ms === undefined) return undefined;
  const tlsMs = median(answered.flatMap((s) => (s.tlsMs === undefined ? [] : [s.tlsMs])));
  const firstByteMs = median(answered.flatMap((s) => (s.firstByteMs === undefined ? [] : [s.firstByteMs])));
  return {
    ms,
    ...(tlsMs !== undefined && { tlsMs }),
    ...(firstByteMs !== undefined && { firstByteMs }),
    sites: answered.length,
  };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function timeRounds(site: string, baseline: readonly string[], options: RoundOptions): Promise<TimedRound[]> {
  const rounds: TimedRound[] = [];
  for (let i = 0; i < options.rounds; i++) {
    if (i > 0 && options.gapMs > 0) await pause(options.gapMs);
    const samples = await options.measure([site, ...baseline]);
    const siteSample = samples?.[0];
    if (!samples || !siteSample) break;
    const base = baselineOf(samples.slice(1));
    const round: TimedRound = { site: siteSample, ...(base && { baseline: base }) };
    rounds.push(round);
    if (options.keepGoing && !options.keepGoing(round)) break;
  }
  return rounds;
}
