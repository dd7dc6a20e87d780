/**
 * How much of a URL a report may carry: the origin by default, the path only with the user's
 * consent, never a query, fragment or credentials.
 */
export type UrlDetail = 'origin' | 'path';

export const MAX_REPORT_URL_LENGTH = 2048;

/**
 * Origin by default; with the user's consent the path too. Never query, fragment or credentials.
 * A path too long for the protocol falls back to the origin rather than being cut mid-way.
 */
export function redactUrl(raw: string, detail: UrlDetail): string {
  const url = new URL(raw);
  const origin = `${url.origin}/`;
  if (detail !== 'path') return origin;
  const withPath = `${url.origin}${url.pathname}`;
  return withPath.length <= MAX_REPORT_URL_LENGTH ? withPath : origin;
}
