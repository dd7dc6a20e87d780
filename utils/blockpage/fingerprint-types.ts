/** The shape of one recorded fingerprint; see fingerprint-data.ts for what each field means. */
export type FingerprintFamily = 'body' | 'header' | 'dns';
export type FingerprintMatchType = 'contains' | 'prefix' | 'full' | 'regexp';
export type FingerprintDataset = 'ooni' | 'censoredplanet' | 'citizenlab';

export type FingerprintRow = readonly [
  id: string,
  family: FingerprintFamily,
  field: string,
  match: FingerprintMatchType,
  pattern: string,
  countries: string,
  source: FingerprintDataset,
  confidence: number,
  scope: string,
];

/** Where each dataset is published, so every report can name the public record it relies on. */
export const DATASETS: Record<FingerprintDataset, { name: string; url: string }> = {
  ooni: { name: 'OONI blocking fingerprints', url: 'https://github.com/ooni/blocking-fingerprints' },
  censoredplanet: {
    name: 'Censored Planet blockpage signatures',
    url: 'https://github.com/censoredplanet/censoredplanet-analysis/tree/master/pipeline/metadata/data',
  },
  citizenlab: { name: 'Citizen Lab filtering annotations', url: 'https://github.com/citizenlab/filtering-annotations' },
};

/** Where data/fingerprints.json took one dataset from (written by scripts/fingerprints). */
export interface FingerprintProvenance {
  repository: string;
  commit: string;
  /** The commit's date, ISO 8601. */
  date: string;
  files: string[];
  /** SPDX identifier; NOASSERTION when the repository states none. */
  licence: string;
  licenceFile: string | null;
}

export interface FingerprintCounts {
  total: number;
  countries: number;
  dataset: Record<FingerprintDataset, number>;
  family: Record<FingerprintFamily, number>;
  scope: Record<string, number>;
}
