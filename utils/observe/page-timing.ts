/**
 * How long the page's own connection took, read by the content script from the page's Navigation
 * Timing entry: the browser measured it anyway, so a healthy page costs one lookup and no message.
 * Bundled into every page: imports nothing.
 */

/**
 * A TLS handshake is one or two round trips: about 0.6 s even on a 300 ms satellite or congested
 * mobile link. The throttled handshakes measured in Kazakhstan in 2022 took a median of over 4 s.
 */
export const SLOW_HANDSHAKE_MS = 2_000;
/** Request sent to first byte: one round trip plus the server's work. Slow servers reach it too. */
export const SLOW_FIRST_BYTE_MS = 3_000;
/** Ten minutes: anything longer is not a timing but a page left open. */
export const MAX_TIMING_MS = 600_000;

export interface PageTiming {
  /** `connectEnd − secureConnectionStart`: present only when this load opened a new TLS connection. */
  tlsMs?: number;
  /** `responseStart − requestStart`. */
  firstByteMs?: number;
}

interface NavigationTimes {
  secureConnectionStart?: number;
  connectStart?: number;
  connectEnd?: number;
  requestStart?: number;
  responseStart?: number;
}

const span = (from: number | undefined, to: number | undefined): number | undefined =>
  typeof from === 'number' && typeof to === 'number' && from > 0 && to >= from ? Math.min(Math.round(to - from), MAX_TIMING_MS) : undefined;

/** The page's handshake and first byte, as the browser timed its navigation. */
export function pageTiming(perf: Pick<Performance, 'getEntriesByType'> = performance): PageTiming {
  const entry = perf.getEntriesByType('navigation')[0] as NavigationTimes | undefined;
  if (!entry) return {};
  // A reused connection (or none: the cache) shows no handshake; its start equals its end.
  const newConnection = (entry.connectEnd ?? 0) > (entry.connectStart ?? 0);
  const tlsMs = newConnection ? span(entry.secureConnectionStart, entry.connectEnd) : undefined;
  const firstByteMs = span(entry.requestStart, entry.responseStart);
  return { ...(tlsMs !== undefined && { tlsMs }), ...(firstByteMs !== undefined && { firstByteMs }) };
}

export function isSlowPage(timing: PageTiming): boolean {
  return (timing.tlsMs ?? 0) >= SLOW_HANDSHAKE_MS || (timing.firstByteMs ?? 0) >= SLOW_FIRST_BYTE_MS;
}

/** The timing worth a message to the background, if any. */
export function slowPageTiming(perf?: Pick<Performance, 'getEntriesByType'>): PageTiming | undefined {
  const timing = pageTiming(perf);
  return isSlowPage(timing) ? timing : undefined;
}
