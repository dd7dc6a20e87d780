import { readBoundedJson } from '../protocol/bounded-body';
import { isRedirect } from '../protocol/redirect-guard';
import { reportsUrl } from './submit';

export const ENDPOINT_TEST_TIMEOUT_MS = 10_000;

export type EndpointTest =
  | { ok: true }
  | { ok: false; reason: 'unreachable'; timedOut: boolean }
  | { ok: false; reason: 'not-a-collector'; status: number };

/**
 * Asks the endpoint to take an empty batch. A collection endpoint of protocol v1 refuses it with
 * a JSON error (400), which shows that it is there and speaks the protocol; nothing is stored.
 * Any other answer (a 404 page, a login page) means the address is wrong.
 */
export async function testEndpoint(
  endpoint: string,
  fetchImpl: typeof fetch = fetch,
  timeoutMs = ENDPOINT_TEST_TIMEOUT_MS,
): Promise<EndpointTest> {
  let response: Response;
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    response = await fetchImpl(reportsUrl(endpoint), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ reports: [] }),
      credentials: 'omit',
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
      redirect: 'manual',
      signal,
    });
  } catch {
    return { ok: false, reason: 'unreachable', timedOut: signal.aborted };
  }
  // Reports are never sent through a redirect, so an address that redirects is not the collector's.
  if (isRedirect(response)) return { ok: false, reason: 'not-a-collector', status: response.status || 300 };
  const json = (response.headers.get('Content-Type') ?? '').includes('application/json');
  const body = json ? await readBoundedJson(response).catch(() => null) : await response.body?.cancel().catch(() => null);
  const speaksProtocol =
    (response.status === 400 && typeof (body as { error?: unknown } | null)?.error === 'string') ||
    (response.ok && Array.isArray((body as { accepted?: unknown } | null)?.accepted));
  return speaksProtocol ? { ok: true } : { ok: false, reason: 'not-a-collector', status: response.status };
}
