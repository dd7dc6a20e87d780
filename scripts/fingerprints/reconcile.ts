/**
 * Checks the merged table against the datasets it names: every `cp.`/`cl.` record must be found in
 * that dataset's own files, and every signature there should be in the table, as a record or as
 * another name of one. What does not line up is printed for whoever updates the data.
 */
import type { OoniRecord } from './read-ooni';
import { literalText, type CensoredPlanetSignature } from './read-censoredplanet';
import type { CitizenLabAnnotation } from './read-citizenlab';

export interface Reconciliation {
  /** Table records naming a dataset whose own files do not have them. */
  unconfirmed: string[];
  /** Signatures in a dataset's own files that the table neither records nor names. */
  unmerged: string[];
}

/**
 * The names a Censored Planet signature may carry in OONI's table: OONI splits a URL signature
 * into `_body` and `_location`, numbers repeated names `_2`, and prefixes false positives `fp_`.
 */
export function censoredPlanetNames(id: string): string[] {
  const name = id.replace(/^cp\./, '');
  const out = new Set([name]);
  for (const n of [...out]) out.add(n.replace(/^fp_/, ''));
  for (const n of [...out]) out.add(n.replace(/_\d+$/, ''));
  for (const n of [...out]) out.add(n.replace(/_(?:body|location)$/, ''));
  return [...out];
}

export function reconcile(
  ooni: readonly OoniRecord[],
  cp: readonly CensoredPlanetSignature[],
  cl: readonly CitizenLabAnnotation[],
): Reconciliation {
  const out: Reconciliation = { unconfirmed: [], unmerged: [] };
  const cpNames = new Set(cp.map((s) => s.name));
  const cpTexts = new Set(cp.map((s) => literalText(s.pattern)).filter((t): t is string => t !== null));
  const clKeys = new Set(cl.map((a) => `${a.table}:${a.name}`));
  const tablePatterns = new Set(ooni.map((r) => r.pattern));
  const reachedCp = new Set<string>();
  const reachedCl = new Set<string>();

  for (const r of ooni) {
    const names = [r.name, ...r.otherNames];
    for (const n of names) {
      if (n.startsWith('cp.')) for (const c of censoredPlanetNames(n)) reachedCp.add(c);
      if (n.startsWith('cl.')) reachedCl.add(`${r.table}:${n.slice(3)}`);
    }
    if (r.name.startsWith('cp.') && !censoredPlanetNames(r.name).some((n) => cpNames.has(n)) && !cpTexts.has(r.pattern)) {
      out.unconfirmed.push(r.name);
    }
    if (r.name.startsWith('cl.') && !clKeys.has(`${r.table}:${r.name.slice(3)}`)) out.unconfirmed.push(r.name);
  }
  for (const s of cp) {
    const text = literalText(s.pattern);
    if (!reachedCp.has(s.name) && !(text !== null && tablePatterns.has(text))) out.unmerged.push(`cp.${s.name}`);
  }
  for (const a of cl) if (!reachedCl.has(`${a.table}:${a.name}`) && !tablePatterns.has(a.pattern)) out.unmerged.push(`cl.${a.name}`);
  return out;
}
