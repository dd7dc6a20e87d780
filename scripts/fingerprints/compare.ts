/** Which rows a regeneration adds, removes and changes, field by field, against the previous data. */
import type { FingerprintRow } from '../../utils/blockpage/fingerprint-types';

const FIELDS = ['id', 'family', 'field', 'match', 'pattern', 'countries', 'source', 'confidence', 'scope'] as const;

export interface Comparison {
  added: string[];
  removed: string[];
  changed: { id: string; fields: { name: string; before: unknown; after: unknown }[] }[];
  /** True when the rows common to both are in a different order (order decides ties). */
  reordered: boolean;
}

export function compareRows(before: readonly FingerprintRow[], after: readonly FingerprintRow[]): Comparison {
  const old = new Map(before.map((r) => [r[0], r]));
  const now = new Map(after.map((r) => [r[0], r]));
  const changed: Comparison['changed'] = [];
  for (const row of after) {
    const prev = old.get(row[0]);
    if (!prev) continue;
    const fields = FIELDS.flatMap((name, i) => (prev[i] === row[i] ? [] : [{ name, before: prev[i], after: row[i] }]));
    if (fields.length) changed.push({ id: row[0], fields });
  }
  const common = (rows: readonly FingerprintRow[], other: Map<string, FingerprintRow>) =>
    rows.map((r) => r[0]).filter((id) => other.has(id));
  const a = common(before, now);
  const b = common(after, old);
  return {
    added: after.filter((r) => !old.has(r[0])).map((r) => r[0]),
    removed: before.filter((r) => !now.has(r[0])).map((r) => r[0]),
    changed,
    reordered: a.some((id, i) => b[i] !== id),
  };
}

export function describeComparison(c: Comparison): string {
  const lines = [
    `rows added ${c.added.length}, removed ${c.removed.length}, changed ${c.changed.length}${c.reordered ? ', order changed' : ''}`,
  ];
  for (const id of c.added) lines.push(`  + ${id}`);
  for (const id of c.removed) lines.push(`  - ${id}`);
  for (const { id, fields } of c.changed) {
    lines.push(`  ~ ${id}: ${fields.map((f) => `${f.name} ${JSON.stringify(f.before)} -> ${JSON.stringify(f.after)}`).join('; ')}`);
  }
  return lines.join('\n');
}
