/**
 * Reads the three datasets from local checkouts, applies the rules and returns the data file's
 * content with what was left out, demoted and not reconciled along the way.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FingerprintDataset, FingerprintProvenance } from '../../utils/blockpage/fingerprint-types';
import { DATASET_ORDER, DATASET_SPECS } from './datasets';
import { countRows, type FingerprintFile } from './output';
import { parseSignatureLines } from './read-censoredplanet';
import { parseAnnotations } from './read-citizenlab';
import { parseOoniTable } from './read-ooni';
import { reconcile, type Reconciliation } from './reconcile';
import { buildRows, type Inputs, type Outcome } from './rules';
import { licenceOf, revision } from './provenance';

export type DatasetPaths = Record<FingerprintDataset, string>;

function read(dir: string, file: string): string {
  try {
    return readFileSync(join(dir, file), 'utf8');
  } catch {
    throw new Error(`${join(dir, file)} is missing: is ${dir} a checkout of the right repository?`);
  }
}

export function readInputs(paths: DatasetPaths): Inputs {
  const both = (d: keyof DatasetPaths) => DATASET_SPECS[d].files.map((f) => read(paths[d], f)) as [string, string];
  const [ooniHttp, ooniDns] = both('ooni');
  const [cpSignatures, cpFalse] = both('censoredplanet');
  const [clHttp, clDns] = both('citizenlab');
  return {
    ooni: [...parseOoniTable(ooniHttp, 'http'), ...parseOoniTable(ooniDns, 'dns')],
    censoredPlanet: [...parseSignatureLines(cpSignatures, false), ...parseSignatureLines(cpFalse, true)],
    citizenLab: [...parseAnnotations(clHttp, 'http'), ...parseAnnotations(clDns, 'dns')],
  };
}

export function provenanceOf(paths: DatasetPaths): Record<FingerprintDataset, FingerprintProvenance> {
  const entries = DATASET_ORDER.map((d): [FingerprintDataset, FingerprintProvenance] => {
    const spec = DATASET_SPECS[d];
    return [d, { repository: spec.repository, ...revision(paths[d], spec.files), files: [...spec.files], ...licenceOf(paths[d]) }];
  });
  return Object.fromEntries(entries) as Record<FingerprintDataset, FingerprintProvenance>;
}

export function generate(paths: DatasetPaths): { file: FingerprintFile; outcome: Outcome; reconciliation: Reconciliation } {
  const provenance = provenanceOf(paths);
  const inputs = readInputs(paths);
  const outcome = buildRows(inputs);
  const reconciliation = reconcile(inputs.ooni, inputs.censoredPlanet, inputs.citizenLab);
  return { file: { provenance, counts: countRows(outcome.rows), rows: outcome.rows }, outcome, reconciliation };
}
