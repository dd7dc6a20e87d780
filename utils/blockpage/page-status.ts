/**
 * The HTTP status a page arrived with, read by the content script from the page's own Navigation
 * Timing entry: no request is watched, so a healthy page costs nothing more than this lookup.
 */

/** Statuses the background hears about even on a page without blocking words. */
export const NOTABLE_STATUSES: ReadonlySet<number> = new Set([451]);

export function pageStatus(perf: Pick<Performance, 'getEntriesByType'> = performance): number | undefined {
  const entry = perf.getEntriesByType('navigation')[0] as { responseStatus?: unknown } | undefined;
  const status = entry?.responseStatus;
  // 0 means the browser does not say (a cross-origin redirect hid it, or an older browser).
  return typeof status === 'number' && status > 0 ? status : undefined;
}

/** The size of the page's HTML as it arrived (decoded), when the browser says; 0 means it does not. */
export function pageBytes(perf: Pick<Performance, 'getEntriesByType'> = performance): number | undefined {
  const entry = perf.getEntriesByType('navigation')[0] as { decodedBodySize?: unknown } | undefined;
  const bytes = entry?.decodedBodySize;
  return typeof bytes === 'number' && bytes > 0 ? bytes : undefined;
}

/** The status worth a message to the background, if any. */
export function notableStatus(perf?: Pick<Performance, 'getEntriesByType'>): number | undefined {
  const status = pageStatus(perf);
  return status !== undefined && NOTABLE_STATUSES.has(status) ? status : undefined;
}
