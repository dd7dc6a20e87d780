/**
 * Known signs of blocking, recorded as facts from public measurement research, loaded from
 * data/fingerprints.json; `npm run fingerprints` regenerates it from the datasets (data/README.md).
 *
 * A row is [id, family, field, match, pattern, countries, source, confidence, scope]:
 * - family: 'body' (the page's HTML), 'header' (a response header, `field` names it), 'dns'
 *   (an address or name a blocked name resolves to);
 * - match: 'contains' | 'prefix' | 'full' | 'regexp';
 * - countries: ISO 3166 alpha-2 codes, comma-separated; empty for products used in many places;
 * - confidence: 0..1, how unlikely the pattern is to match a page that is not a block page;
 * - scope: 'nat' national, 'isp' one provider, 'prod' a filtering product, 'inst' an institution,
 *   'vbw' vague blocking words (never enough on their own), others as the sources name them.
 */
import data from '../../data/fingerprints.json';
import type { FingerprintCounts, FingerprintDataset, FingerprintProvenance, FingerprintRow } from './fingerprint-types';

export const FINGERPRINT_ROWS = data.rows as unknown as readonly FingerprintRow[];
export const FINGERPRINT_PROVENANCE: Readonly<Record<FingerprintDataset, FingerprintProvenance>> = data.provenance;
export const FINGERPRINT_COUNTS = data.counts as FingerprintCounts;
