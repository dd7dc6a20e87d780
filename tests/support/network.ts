/**
 * A fake network for unit tests of the checks that fetch several services at once (canaries, DoH,
 * the control measurement): each request is answered by `route`, and fails the way a browser's
 * fetch does, with webRequest naming the error.
 */
import type { ProbeTracker } from '../../utils/confirm/probe';

/** A Response, a network error such as 'net::ERR_CONNECTION_RESET', or 'hang' until aborted. */
export type RouteAnswer = Response | string;

export interface FakeNetwork {
  fetch: typeof fetch;
  /** Every request, as "METHOD url". */
  requests: string[];
  bodies: string[];
}

let nextId = 50_000;

export function fakeNetwork(
  tracker: ProbeTracker | null,
  route: (url: URL, init?: RequestInit) => RouteAnswer | Promise<RouteAnswer>,
): FakeNetwork {
  const requests: string[] = [];
  const bodies: string[] = [];
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    requests.push(`${init?.method ?? 'GET'} ${url}`);
    if (init?.body) bodies.push(String(init.body));
    const requestId = String(nextId++);
    tracker?.onBeforeRequest({ requestId, url, tabId: -1 });
    const answer = await route(new URL(url), init);
    if (answer instanceof Response) return answer;
    if (answer === 'hang') {
      return new Promise<Response>((_resolve, reject) => {
        const abort = () => reject(new DOMException('This operation was aborted', 'AbortError'));
        if (init?.signal?.aborted) abort();
        init?.signal?.addEventListener('abort', abort);
      });
    }
    tracker?.onErrorOccurred({ requestId, url, tabId: -1, error: answer });
    throw new TypeError('Failed to fetch');
  }) as typeof fetch;
  return { fetch: fetchImpl, requests, bodies };
}

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}
