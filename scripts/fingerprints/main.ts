/**
 * Regenerates data/fingerprints.json from local checkouts of the three public datasets:
 *   npm run fingerprints -- --ooni <dir> --censoredplanet <dir> --citizenlab <dir> [--out <file>] [--previous <file>]
 * and prints what changed against the previous rows. Nothing is downloaded.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { FingerprintRow } from '../../utils/blockpage/fingerprint-types';
import { compareRows, describeComparison } from './compare';
import { generate } from './generate';
import { serialise, withCounts } from './output';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// npm runs scripts from the package root; paths on the command line are meant from where it was typed.
const here = (path: string) => resolve(process.env.INIT_CWD ?? process.cwd(), path);
const { values } = parseArgs({
  options: {
    ooni: { type: 'string' },
    censoredplanet: { type: 'string' },
    citizenlab: { type: 'string' },
    out: { type: 'string', default: join(root, 'data/fingerprints.json') },
    previous: { type: 'string' },
  },
});
if (!values.ooni || !values.censoredplanet || !values.citizenlab) {
  console.error('usage: npm run fingerprints -- --ooni <dir> --censoredplanet <dir> --citizenlab <dir> [--out <file>] [--previous <file>]');
  process.exit(2);
}

const { file, outcome, reconciliation } = generate({
  ooni: here(values.ooni),
  censoredplanet: here(values.censoredplanet),
  citizenlab: here(values.citizenlab),
});

const outPath = here(values.out);
const previousPath = values.previous ? here(values.previous) : outPath;
const previous: FingerprintRow[] | null = existsSync(previousPath)
  ? (JSON.parse(readFileSync(previousPath, 'utf8')) as { rows: FingerprintRow[] }).rows
  : null;

writeFileSync(outPath, serialise(file));
const readme = join(dirname(outPath), 'README.md');
if (existsSync(readme)) writeFileSync(readme, withCounts(readFileSync(readme, 'utf8'), file.counts));

for (const [dataset, p] of Object.entries(file.provenance)) console.log(`${dataset}: ${p.commit} (${p.date}), ${p.licence}`);
console.log(`wrote ${outPath}: ${file.counts.total} rows, ${file.counts.countries} countries`);
const reasons = new Map<string, number>();
for (const d of outcome.dropped) reasons.set(d.reason, (reasons.get(d.reason) ?? 0) + 1);
for (const [reason, n] of reasons) console.log(`left out ${n}: ${reason}`);
for (const d of outcome.dropped.filter((d) => !d.reason.startsWith('scoped'))) console.log(`  ${d.id}: ${d.reason}`);
if (outcome.demoted.length) console.log(`demoted to vague words (a CDN's challenge page carries them): ${outcome.demoted.join(', ')}`);
for (const w of outcome.warnings) console.warn(`warning: ${w}`);
if (reconciliation.unconfirmed.length) console.log(`not found in the dataset they name: ${reconciliation.unconfirmed.join(', ')}`);
if (reconciliation.unmerged.length)
  console.log(
    `in a dataset's own files but not in OONI's merged table (${reconciliation.unmerged.length}): ${reconciliation.unmerged.join(', ')}`,
  );
if (previous) console.log(`against ${previousPath}: ${describeComparison(compareRows(previous, file.rows))}`);
