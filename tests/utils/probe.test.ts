import { describe, expect, it, vi } from 'vitest';
import { probe, ProbeTracker } from '../../utils/confirm/probe';
import { answeringFetch, failingFetch, hangingFetch } from '../support/fixtures';

const URL_A = 'https://blocked.example.kz/news';

describe('probe', () => {
  it('reports the status of a page that loads', async () => {
    const tracker = new ProbeTracker(true);
    const result = await probe(URL_A, { timeoutMs: 5_000, tracker, fetchImpl: answeringFetch(tracker, 200) });
    expect(result).toEqual({ ok: true, status: 200, ms: expect.any(Number) });
    expect(Number.isInteger(result.ms)).toBe(true);
    expect(result.ms).toBeGreaterThanOrEqual(0);
  });

  it('keeps a non-2xx status as a page that loaded', async () => {
    const tracker = new ProbeTracker(true);
    expect(await probe(URL_A, { timeoutMs: 5_000, tracker, fetchImpl: answeringFetch(tracker, 451) })).toMatchObject({
      ok: true,
      status: 451,
    });
  });

  it('sends no cookies and bypasses the cache', async () => {
    const fetchImpl = vi.fn(async (_input: RequestInfo | URL, _init?: RequestInit) => new Response('ok'));
    await probe(URL_A, { timeoutMs: 5_000, tracker: new ProbeTracker(true), fetchImpl: fetchImpl as typeof fetch });
    expect(fetchImpl).toHaveBeenCalledTimes(1);
    const [input, init] = fetchImpl.mock.calls[0]!;
    expect(String(input)).toBe(URL_A);
    expect(init).toMatchObject({ method: 'GET', credentials: 'omit', cache: 'no-store' });
    expect(init?.signal).toBeInstanceOf(AbortSignal);
  });

  it('reads the exact network error from the tracker', async () => {
    const tracker = new ProbeTracker(true);
    const result = await probe(URL_A, { timeoutMs: 5_000, tracker, fetchImpl: failingFetch(tracker, 'net::ERR_CONNECTION_RESET') });
    expect(result).toEqual({ ok: false, error: 'net::ERR_CONNECTION_RESET', ms: expect.any(Number) });
  });

  it('waits for an error that arrives after fetch rejected', async () => {
    const tracker = new ProbeTracker(true);
    const fetchImpl = (async (input: RequestInfo | URL) => {
      tracker.onBeforeRequest({ requestId: 'late-1', url: String(input), tabId: -1 });
      setTimeout(
        () => tracker.onErrorOccurred({ requestId: 'late-1', url: String(input), tabId: -1, error: 'net::ERR_NAME_NOT_RESOLVED' }),
        30,
      );
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    const started = Date.now();
    const result = await probe(URL_A, { timeoutMs: 5_000, tracker, fetchImpl, errorWaitMs: 3_000 });
    expect(result).toMatchObject({ ok: false, error: 'net::ERR_NAME_NOT_RESOLVED' });
    // It resolved when the error came, not when the wait ran out.
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('names no error when webRequest never names one', async () => {
    const tracker = new ProbeTracker(true);
    const fetchImpl = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    const result = await probe(URL_A, { timeoutMs: 5_000, tracker, fetchImpl, errorWaitMs: 20 });
    expect(result).toMatchObject({ ok: false });
    expect(result.error).toBeUndefined();
    expect(result.timedOut).toBeUndefined();
  });

  it('does not wait for an error when no webRequest listener feeds the tracker', async () => {
    const fetchImpl = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    const started = Date.now();
    const result = await probe(URL_A, { timeoutMs: 5_000, tracker: new ProbeTracker(false), fetchImpl, errorWaitMs: 2_000 });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(result).toEqual({ ok: false, ms: expect.any(Number) });
  });

  it('aborts the fetch after the timeout and says so', async () => {
    const tracker = new ProbeTracker(true);
    const started = Date.now();
    const result = await probe(URL_A, { timeoutMs: 40, tracker, fetchImpl: hangingFetch(), errorWaitMs: 5_000 });
    expect(result).toEqual({ ok: false, timedOut: true, ms: expect.any(Number) });
    expect(result.ms).toBeGreaterThanOrEqual(30);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('gives two concurrent probes of the same URL their own errors', async () => {
    const tracker = new ProbeTracker(true);
    const rejectors: ((e: Error) => void)[] = [];
    const fetchImpl = ((input: RequestInfo | URL) =>
      new Promise<Response>((_resolve, reject) => {
        const requestId = `req-${rejectors.length + 1}`;
        tracker.onBeforeRequest({ requestId, url: String(input), tabId: -1 });
        rejectors.push(reject);
      })) as typeof fetch;
    const first = probe(URL_A, { timeoutMs: 5_000, tracker, fetchImpl });
    const second = probe(URL_A, { timeoutMs: 5_000, tracker, fetchImpl });
    await vi.waitFor(() => expect(rejectors).toHaveLength(2));
    // The second request fails first, and differently.
    tracker.onErrorOccurred({ requestId: 'req-2', url: URL_A, tabId: -1, error: 'net::ERR_CONNECTION_RESET' });
    rejectors[1]!(new TypeError('Failed to fetch'));
    tracker.onErrorOccurred({ requestId: 'req-1', url: URL_A, tabId: -1, error: 'net::ERR_SSL_PROTOCOL_ERROR' });
    rejectors[0]!(new TypeError('Failed to fetch'));
    expect(await first).toMatchObject({ ok: false, error: 'net::ERR_SSL_PROTOCOL_ERROR' });
    expect(await second).toMatchObject({ ok: false, error: 'net::ERR_CONNECTION_RESET' });
  });

  it('does not take the error of a tab request for the same URL', async () => {
    const tracker = new ProbeTracker(true);
    const fetchImpl = (async (input: RequestInfo | URL) => {
      // The page in a tab fails on the same URL at the same moment.
      tracker.onBeforeRequest({ requestId: 'tab-req', url: String(input), tabId: 5 });
      tracker.onErrorOccurred({ requestId: 'tab-req', url: String(input), tabId: 5, error: 'net::ERR_ABORTED' });
      tracker.onBeforeRequest({ requestId: 'bg-req', url: String(input), tabId: -1 });
      tracker.onErrorOccurred({ requestId: 'bg-req', url: String(input), tabId: -1, error: 'net::ERR_CONNECTION_TIMED_OUT' });
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    expect(await probe(URL_A, { timeoutMs: 5_000, tracker, fetchImpl })).toMatchObject({ error: 'net::ERR_CONNECTION_TIMED_OUT' });
  });

  it('matches the webRequest URL in its normalised form', async () => {
    const tracker = new ProbeTracker(true);
    const fetchImpl = (async () => {
      tracker.onBeforeRequest({ requestId: 'n-1', url: 'https://blocked.example.kz/', tabId: -1 });
      tracker.onErrorOccurred({ requestId: 'n-1', url: 'https://blocked.example.kz/', tabId: -1, error: 'net::ERR_CONNECTION_CLOSED' });
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    expect(await probe('https://BLOCKED.example.kz', { timeoutMs: 5_000, tracker, fetchImpl })).toMatchObject({
      error: 'net::ERR_CONNECTION_CLOSED',
    });
  });
});

describe('ProbeTracker', () => {
  it('forgets a released probe, so later events change nothing', () => {
    const tracker = new ProbeTracker(true);
    const pending = tracker.watch(URL_A);
    tracker.onBeforeRequest({ requestId: 'r1', url: URL_A, tabId: -1 });
    tracker.release(pending);
    tracker.onErrorOccurred({ requestId: 'r1', url: URL_A, tabId: -1, error: 'net::ERR_ABORTED' });
    expect(pending.error).toBeUndefined();
    // A new probe of the same URL is not bound to the old request.
    const next = tracker.watch(URL_A);
    tracker.onErrorOccurred({ requestId: 'r1', url: URL_A, tabId: -1, error: 'net::ERR_ABORTED' });
    expect(next.error).toBeUndefined();
  });

  it('ignores background requests for URLs nobody watches', () => {
    const tracker = new ProbeTracker(true);
    const pending = tracker.watch(URL_A);
    tracker.onBeforeRequest({ requestId: 'other', url: 'https://other.example.kz/', tabId: -1 });
    tracker.onErrorOccurred({ requestId: 'other', url: 'https://other.example.kz/', tabId: -1, error: 'net::ERR_CONNECTION_RESET' });
    expect(pending.error).toBeUndefined();
    expect(pending.requestId).toBeUndefined();
  });

  it('errorOf returns at once when the error is known, and undefined after the wait otherwise', async () => {
    const tracker = new ProbeTracker(true);
    const known = tracker.watch(URL_A);
    tracker.onBeforeRequest({ requestId: 'k', url: URL_A, tabId: -1 });
    tracker.onErrorOccurred({ requestId: 'k', url: URL_A, tabId: -1, error: 'net::ERR_TIMED_OUT' });
    expect(await tracker.errorOf(known, 10_000)).toBe('net::ERR_TIMED_OUT');
    const unknown = tracker.watch('https://silent.example.kz/');
    expect(await tracker.errorOf(unknown, 10)).toBeUndefined();
  });
});

describe('probe: the page it loaded', () => {
  const withBody = (tracker: ProbeTracker, body: BodyInit, headers: Record<string, string> = {}) =>
    (async (input: RequestInfo | URL) => {
      tracker.onBeforeRequest({ requestId: 'body-1', url: String(input), tabId: -1 });
      tracker.onBeforeRedirect({ requestId: 'body-1', redirectUrl: 'http://warning.rt.ru/?id=1' });
      tracker.onResponseStarted({ requestId: 'body-1', ip: '10.0.0.1' });
      return new Response(body, { status: 200, headers });
    }) as typeof fetch;

  it('keeps a bounded copy of the body, its headers, redirects and address', async () => {
    const tracker = new ProbeTracker(true);
    const result = await probe(URL_A, {
      timeoutMs: 5_000,
      tracker,
      maxBodyBytes: 1_000,
      fetchImpl: withBody(tracker, 'x'.repeat(50_000), { server: 'test' }),
    });
    expect(result.page?.body).toHaveLength(1_000);
    expect(result.page?.redirects).toEqual(['http://warning.rt.ru/?id=1']);
    expect(result.page?.ip).toBe('10.0.0.1');
    expect(result.page?.headers).toContainEqual({ name: 'server', value: 'test' });
  });

  it('decodes windows-1251 pages that declare it only in a meta tag', async () => {
    const tracker = new ProbeTracker(true);
    const bytes = new Uint8Array([...new TextEncoder().encode('<meta charset="windows-1251"><p>'), 0xc4, 0xee, 0xf1, 0xf2, 0xf3, 0xef]);
    const result = await probe(URL_A, { timeoutMs: 5_000, tracker, maxBodyBytes: 1_000, fetchImpl: withBody(tracker, bytes) });
    expect(result.page?.body).toContain('Доступ');
  });

  it('reads no body unless asked', async () => {
    const tracker = new ProbeTracker(true);
    const result = await probe(URL_A, { timeoutMs: 5_000, tracker, fetchImpl: withBody(tracker, 'hello') });
    expect(result.page).toBeUndefined();
  });
});
