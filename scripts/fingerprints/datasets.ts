/**
 * The three public datasets the generator reads: where each is published, which of its files are
 * read (paths inside a checkout), and the id prefix its signatures carry in the merged table.
 */
import type { FingerprintDataset } from '../../utils/blockpage/fingerprint-types';

export interface DatasetSpec {
  repository: string;
  prefix: string;
  /** Two files each: the HTTP and DNS tables, or the signatures and the false positives. */
  files: readonly [string, string];
}

export const DATASET_SPECS: Record<FingerprintDataset, DatasetSpec> = {
  ooni: {
    repository: 'https://github.com/ooni/blocking-fingerprints',
    prefix: 'ooni.',
    files: ['fingerprints_http.csv', 'fingerprints_dns.csv'],
  },
  censoredplanet: {
    repository: 'https://github.com/censoredplanet/censoredplanet-analysis',
    prefix: 'cp.',
    files: ['pipeline/metadata/data/blockpage_signatures.json', 'pipeline/metadata/data/false_positive_signatures.json'],
  },
  citizenlab: {
    repository: 'https://github.com/citizenlab/filtering-annotations',
    prefix: 'cl.',
    files: ['data/v1/http.csv', 'data/v1/dns.csv'],
  },
};

export const DATASET_ORDER: readonly FingerprintDataset[] = ['ooni', 'censoredplanet', 'citizenlab'];

/** The dataset an id of the merged table names, by its prefix. */
export function datasetOfId(id: string): FingerprintDataset | null {
  return DATASET_ORDER.find((d) => id.startsWith(DATASET_SPECS[d].prefix)) ?? null;
}
