import { describe, expect, it, vi } from 'vitest';
import { requestUrl, timeFetch, timingParts, type TimingScope } from '../../utils/confirm/timed-fetch';
import { hangingFetch } from '../support/fixtures';

/** A scope whose clock advances only as the fake fetch says, and which files one entry per request. */
function scope(options: {
  respondAfter?: number;
  entry?: (start: number) => Record<string, number> | undefined;
  fetchImpl?: typeof fetch;
}) {
  let clock = 100;
  const entries: { name: string; entryType: string; startTime: number }[] = [];
  const requests: { url: string; init?: RequestInit }[] = [];
  const cancel = vi.fn(async () => undefined);
  const fetchImpl =
    options.fetchImpl ??
    ((async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input);
      const start = clock;
      requests.push({ url, ...(init && { init }) });
      clock += options.respondAfter ?? 0;
      const fields = options.entry?.(start);
      if (fields) entries.push({ name: url, entryType: 'resource', startTime: start, ...fields });
      const body = new ReadableStream({ start: () => undefined, cancel });
      return new Response(body, { status: 200 });
    }) as typeof fetch);
  const performance = {
    now: () => clock,
    getEntriesByName: (name: string, type?: string) => entries.filter((e) => e.name === name && (!type || e.entryType === type)),
  } as unknown as TimingScope['performance'];
  return { scope: { fetch: fetchImpl, performance } satisfies TimingScope, requests, cancel, tick: (ms: number) => (clock += ms) };
}

const newConnection = (start: number) => ({
  connectStart: start + 1,
  secureConnectionStart: start + 2,
  connectEnd: start + 3002,
  requestStart: start + 3003,
  responseStart: start + 3050,
});

describe('timingParts', () => {
  it('takes the handshake from a new connection and the first byte from the request', () => {
    expect(timingParts({ startTime: 0, ...newConnection(0) })).toEqual({ tlsMs: 3000, firstByteMs: 47 });
  });

  it('gives no handshake for a reused connection or plain HTTP, and no first byte the browser hid', () => {
    expect(
      timingParts({ startTime: 5, connectStart: 5, secureConnectionStart: 5, connectEnd: 5, requestStart: 6, responseStart: 20 }),
    ).toEqual({ firstByteMs: 14 });
    expect(
      timingParts({ startTime: 0, connectStart: 1, secureConnectionStart: 0, connectEnd: 9, requestStart: 0, responseStart: 0 }),
    ).toEqual({});
  });
});

describe('requestUrl', () => {
  it('drops the fragment, as the request and its timing entry do', () => {
    expect(requestUrl('https://site.example/a?b=1#c')).toBe('https://site.example/a?b=1');
  });
});

describe('timeFetch', () => {
  it('times the request to its headers, reads the parts from its entry and never reads the body', async () => {
    const s = scope({ respondAfter: 3100, entry: newConnection });
    const sample = await timeFetch('https://site.example/news#top', s.scope, { timeoutMs: 15_000 });
    expect(sample).toEqual({ ms: 3100, tlsMs: 3000, firstByteMs: 47 });
    expect(s.requests[0]?.url).toBe('https://site.example/news');
    expect(s.requests[0]?.init).toMatchObject({ credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer' });
    expect(s.cancel).toHaveBeenCalled();
  });

  it('keeps the time alone when the browser filed no entry', async () => {
    const s = scope({ respondAfter: 40 });
    expect(await timeFetch('https://site.example/', s.scope, { timeoutMs: 15_000, entryWaitMs: 0 })).toEqual({ ms: 40 });
  });

  it('does not take an older request’s entry for this one', async () => {
    let requests = 0;
    // Only the first request gets an entry, as when the browser has not filed the second one yet.
    const s = scope({ respondAfter: 40, entry: (start) => (requests++ === 0 ? newConnection(start) : undefined) });
    expect(await timeFetch('https://site.example/', s.scope, { timeoutMs: 15_000 })).toMatchObject({ tlsMs: 3000 });
    s.tick(5);
    expect(await timeFetch('https://site.example/', s.scope, { timeoutMs: 15_000, entryWaitMs: 0 })).toEqual({ ms: 40 });
  });

  it('says failed or timeout, with the time it took', async () => {
    const failing = scope({ fetchImpl: (async () => Promise.reject(new TypeError('Failed to fetch'))) as typeof fetch });
    expect(await timeFetch('https://site.example/', failing.scope, { timeoutMs: 1_000 })).toEqual({ ms: 0, error: 'failed' });
    const hanging = scope({ fetchImpl: hangingFetch() });
    expect(await timeFetch('https://site.example/', hanging.scope, { timeoutMs: 20 })).toMatchObject({ error: 'timeout' });
  });
});
