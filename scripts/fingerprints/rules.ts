/**
 * The rules that turn the datasets' records into Blockwatch's rows: known false positives out,
 * patterns that a large CDN's ordinary challenge page carries demoted to vague words, a `.dns`
 * suffix where one name is in both tables, countries checked and completed, confidence by scope.
 */
import type { FingerprintDataset, FingerprintFamily, FingerprintMatchType, FingerprintRow } from '../../utils/blockpage/fingerprint-types';
import { normaliseCountries } from './countries';
import { datasetOfId } from './datasets';
import type { OoniRecord } from './read-ooni';
import { literalText, type CensoredPlanetSignature } from './read-censoredplanet';
import type { CitizenLabAnnotation } from './read-citizenlab';

/** Below this a row is never proof on its own (the matcher's STRONG_CONFIDENCE). */
const STRONG = 0.7;

/**
 * Scope → confidence. Vague words and the benign or provider notices stay below STRONG whatever
 * the dataset rates them; a strong scope rated 10 of 10 ("no false positive seen") counts as 1.
 */
export const CONFIDENCE_BY_SCOPE: Readonly<Record<string, number>> = {
  nat: 0.9,
  isp: 0.9,
  prod: 0.7,
  inst: 0.7,
  injb: 0.5,
  prov: 0.5,
  vbw: 0.4,
};
const UNKNOWN_SCOPE_CONFIDENCE = 0.5;

export function confidenceFor(scope: string, confidenceNoFp: number): number {
  const base = CONFIDENCE_BY_SCOPE[scope] ?? UNKNOWN_SCOPE_CONFIDENCE;
  return base >= STRONG && confidenceNoFp >= 10 ? 1 : base;
}

/**
 * What a large CDN shows ordinary visitors while it checks their browser. A pattern that matches
 * one of these is seen on countless unblocked sites, so it can only ever be a vague word.
 */
export const CDN_CHALLENGE_PAGES: readonly string[] = [
  '<html><head><title>Please Wait... | Cloudflare</title></head><body>Checking your browser before accessing</body></html>',
  '<html><head><title>Just a moment...</title></head><body>Checking if the site connection is secure</body></html>',
  '<html><head><title>Attention Required! | Cloudflare</title></head><body>Please enable cookies.</body></html>',
];

function matches(match: string, pattern: string, value: string): boolean {
  if (match === 'contains') return value.includes(pattern);
  if (match === 'prefix') return value.startsWith(pattern);
  if (match === 'full') return value === pattern;
  try {
    return new RegExp(pattern).test(value);
  } catch {
    return false;
  }
}

export function onCdnChallengePage(family: string, match: string, pattern: string): boolean {
  return family === 'body' && CDN_CHALLENGE_PAGES.some((page) => matches(match, pattern, page));
}

/**
 * Censored Planet names signatures `<class>_<scope>_<country>_…` (`b_nat_ir_national_1`); the
 * merged table leaves their countries empty, so the name supplies them. "uk" means GB.
 */
export function countryFromName(id: string): string {
  const m = /^cp\.[a-z]_[a-z]+_([a-z]{2})(?:_|$)/.exec(id);
  const code = m?.[1];
  if (!code) return '';
  return normaliseCountries([code === 'uk' ? 'GB' : code]);
}

export interface Inputs {
  ooni: readonly OoniRecord[];
  censoredPlanet: readonly CensoredPlanetSignature[];
  citizenLab: readonly CitizenLabAnnotation[];
}

export interface Outcome {
  rows: FingerprintRow[];
  /** Left out, with the reason. */
  dropped: { id: string; reason: string }[];
  /** Ids whose scope became vague words. */
  demoted: string[];
  /** Records the rules cannot place; the generator prints them. */
  warnings: string[];
}

const MATCH_TYPES: readonly string[] = ['contains', 'prefix', 'full', 'regexp'];

function familyOf(location: string): [FingerprintFamily, string] | null {
  if (location === 'body' || location === 'dns') return [location, ''];
  const header = /^header\.([a-z0-9-]+)$/.exec(location);
  return header?.[1] ? ['header', header[1]] : null;
}

/** Known false positives: what a dataset scopes `fp`, and what Censored Planet lists as one. */
function falsePositiveTest(cp: readonly CensoredPlanetSignature[]) {
  const texts = new Set<string>();
  const names = new Set<string>();
  for (const s of cp) {
    if (!s.falsePositive) continue;
    names.add(s.name);
    const text = literalText(s.pattern);
    if (text) texts.add(text);
  }
  return (record: OoniRecord, dataset: FingerprintDataset): string | null => {
    if (record.scope === 'fp') return `scoped as a false positive by OONI's table`;
    if (texts.has(record.pattern)) return `pattern listed in Censored Planet's false positives`;
    if (dataset === 'censoredplanet' && names.has(record.name.slice('cp.'.length))) return `named in Censored Planet's false positives`;
    return null;
  };
}

export function buildRows(input: Inputs): Outcome {
  const out: Outcome = { rows: [], dropped: [], demoted: [], warnings: [] };
  const isFalsePositive = falsePositiveTest(input.censoredPlanet);
  const clCountries = new Map(input.citizenLab.map((a) => [`cl.${a.name}`, a.countries]));
  const httpNames = new Set(input.ooni.filter((r) => r.table === 'http').map((r) => r.name));
  const seen = new Set<string>();

  for (const record of input.ooni) {
    const id = record.table === 'dns' && httpNames.has(record.name) ? `${record.name}.dns` : record.name;
    const dataset = datasetOfId(id);
    const place = familyOf(record.location);
    if (!dataset || !place || !MATCH_TYPES.includes(record.patternType) || !record.pattern) {
      out.warnings.push(
        `${id || '(no name)'}: unknown dataset, location "${record.location}" or match "${record.patternType}", or no pattern`,
      );
      continue;
    }
    if (seen.has(id)) throw new Error(`two records are named ${id}`);
    seen.add(id);
    const falsePositive = isFalsePositive(record, dataset);
    if (falsePositive) {
      out.dropped.push({ id, reason: falsePositive });
      continue;
    }
    const [family, field] = place;
    let scope = record.scope;
    if (!(scope in CONFIDENCE_BY_SCOPE)) out.warnings.push(`${id}: unknown scope "${scope}", confidence ${UNKNOWN_SCOPE_CONFIDENCE}`);
    if (scope !== 'vbw' && onCdnChallengePage(family, record.patternType, record.pattern)) {
      scope = 'vbw';
      out.demoted.push(id);
    }
    const countries = normaliseCountries(record.countries) || normaliseCountries(clCountries.get(record.name) ?? []) || countryFromName(id);
    out.rows.push([
      id,
      family,
      field,
      record.patternType as FingerprintMatchType,
      record.pattern,
      countries,
      dataset,
      confidenceFor(scope, record.confidenceNoFp),
      scope,
    ]);
  }
  return out;
}
