import { describe, expect, it } from 'vitest';
import {
  isSlowPage,
  MAX_TIMING_MS,
  pageTiming,
  SLOW_FIRST_BYTE_MS,
  SLOW_HANDSHAKE_MS,
  slowPageTiming,
} from '../../utils/observe/page-timing';

/** A Performance with one navigation entry, times in ms since the page's time origin. */
function perf(entry: Record<string, number> | undefined) {
  return { getEntriesByType: (type: string) => (type === 'navigation' && entry ? [entry] : []) } as unknown as Pick<
    Performance,
    'getEntriesByType'
  >;
}

// A new TLS connection: TCP 10 → 40, TLS 40 → 3240, request 3241, first byte 3300.
const held = { connectStart: 10, secureConnectionStart: 40, connectEnd: 3240, requestStart: 3241, responseStart: 3300 };

describe('pageTiming', () => {
  it('reads the handshake of a new TLS connection and the wait for the first byte', () => {
    expect(pageTiming(perf(held))).toEqual({ tlsMs: 3200, firstByteMs: 59 });
  });

  it('shows no handshake for a reused connection, whose connect start and end are one moment', () => {
    const reused = { connectStart: 5, secureConnectionStart: 5, connectEnd: 5, requestStart: 6, responseStart: 4006 };
    expect(pageTiming(perf(reused))).toEqual({ firstByteMs: 4000 });
  });

  it('shows no handshake over plain HTTP (secureConnectionStart is 0)', () => {
    expect(pageTiming(perf({ connectStart: 1, secureConnectionStart: 0, connectEnd: 30, requestStart: 31, responseStart: 60 }))).toEqual({
      firstByteMs: 29,
    });
  });

  it('says nothing without an entry, and nothing of times the browser left at 0', () => {
    expect(pageTiming(perf(undefined))).toEqual({});
    expect(pageTiming(perf({ connectStart: 0, secureConnectionStart: 0, connectEnd: 0, requestStart: 0, responseStart: 0 }))).toEqual({});
  });

  it('never sends a negative or endless time', () => {
    expect(pageTiming(perf({ connectStart: 1, secureConnectionStart: 9, connectEnd: 5, requestStart: 9, responseStart: 3 }))).toEqual({});
    expect(pageTiming(perf({ ...held, responseStart: 3241 + 2 * MAX_TIMING_MS }))).toMatchObject({ firstByteMs: MAX_TIMING_MS });
  });
});

describe('isSlowPage and slowPageTiming', () => {
  it('finds a handshake of 2 s or a first byte of 3 s slow, and nothing shorter', () => {
    expect(isSlowPage({ tlsMs: SLOW_HANDSHAKE_MS })).toBe(true);
    expect(isSlowPage({ tlsMs: SLOW_HANDSHAKE_MS - 1, firstByteMs: SLOW_FIRST_BYTE_MS - 1 })).toBe(false);
    expect(isSlowPage({ firstByteMs: SLOW_FIRST_BYTE_MS })).toBe(true);
    expect(isSlowPage({})).toBe(false);
  });

  it('gives the timing only for a slow page: an ordinary page sends no message', () => {
    expect(slowPageTiming(perf(held))).toEqual({ tlsMs: 3200, firstByteMs: 59 });
    expect(
      slowPageTiming(perf({ connectStart: 1, secureConnectionStart: 2, connectEnd: 40, requestStart: 41, responseStart: 90 })),
    ).toBeUndefined();
  });
});
