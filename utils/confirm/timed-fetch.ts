/**
 * One timed request: how long until the response headers, and, from the browser's own Resource
 * Timing entry of that request, the TLS handshake of the connection it opened and the wait for the
 * first byte. The body is never read.
 */
import type { z } from 'zod';
import type { TimingSampleSchema } from '../protocol/report-schema';

export type TimingSample = z.infer<typeof TimingSampleSchema>;

/** Where the request is made: a window or worker whose `fetch` and `performance` belong together. */
export interface TimingScope {
  fetch: typeof fetch;
  performance: Pick<Performance, 'now' | 'getEntriesByName'>;
}

export interface TimeFetchOptions {
  timeoutMs: number;
  /** How long to wait for the browser to file the Resource Timing entry after the headers came. */
  entryWaitMs?: number;
}

interface ResourceTimes {
  startTime: number;
  connectStart: number;
  connectEnd: number;
  secureConnectionStart: number;
  requestStart: number;
  responseStart: number;
}

/** Resource Timing names a request by its URL without the fragment, which fetch never sends. */
export function requestUrl(url: string): string {
  const parsed = new URL(url);
  parsed.hash = '';
  return parsed.href;
}

/** The parts of a request's timing the browser showed, rounded to milliseconds. */
export function timingParts(entry: ResourceTimes): Pick<TimingSample, 'tlsMs' | 'firstByteMs'> {
  // A reused connection shows no handshake: its connect start and end are the same moment.
  const newConnection = entry.connectEnd > entry.connectStart;
  const tls = newConnection && entry.secureConnectionStart > 0 ? entry.connectEnd - entry.secureConnectionStart : undefined;
  const firstByte =
    entry.requestStart > 0 && entry.responseStart >= entry.requestStart ? entry.responseStart - entry.requestStart : undefined;
  return {
    ...(tls !== undefined && tls >= 0 && { tlsMs: Math.round(tls) }),
    ...(firstByte !== undefined && { firstByteMs: Math.round(firstByte) }),
  };
}

const ENTRY_POLL_MS = 25;

async function findEntry(scope: TimingScope, name: string, since: number, waitMs: number): Promise<ResourceTimes | undefined> {
  for (let waited = 0; ; waited += ENTRY_POLL_MS) {
    const entry = (scope.performance.getEntriesByName(name, 'resource') as unknown as ResourceTimes[])
      .filter((e) => e.startTime >= since)
      .at(-1);
    if (entry || waited >= waitMs) return entry;
    await new Promise((resolve) => setTimeout(resolve, ENTRY_POLL_MS));
  }
}

export async function timeFetch(url: string, scope: TimingScope, options: TimeFetchOptions): Promise<TimingSample> {
  const name = requestUrl(url);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  const started = scope.performance.now();
  try {
    const response = await scope.fetch(name, {
      method: 'GET',
      credentials: 'omit',
      cache: 'no-store',
      redirect: 'follow',
      referrerPolicy: 'no-referrer',
      signal: controller.signal,
    });
    const ms = Math.round(scope.performance.now() - started);
    await response.body?.cancel().catch(() => undefined);
    const entry = await findEntry(scope, name, started - 1, options.entryWaitMs ?? 1_000);
    return { ms, ...(entry && timingParts(entry)) };
  } catch {
    const ms = Math.round(scope.performance.now() - started);
    return { ms, error: controller.signal.aborted ? 'timeout' : 'failed' };
  } finally {
    clearTimeout(timer);
  }
}
