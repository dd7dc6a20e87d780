/**
 * Known signs of a block page. For now the one that needs no database: HTTP 451, "Unavailable For
 * Legal Reasons" (RFC 7725).
 */

export interface FingerprintMatch {
  fingerprint: string;
  source: 'status' | 'header' | 'body' | 'dns' | 'heuristic';
}

export function matchStatus(status: number | undefined): FingerprintMatch | null {
  return status === 451 ? { fingerprint: 'http-451', source: 'status' } : null;
}
