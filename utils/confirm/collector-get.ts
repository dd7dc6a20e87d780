/**
 * A small JSON GET to the user's own collector: no cookies, no referrer, no redirects followed
 * (an answer must come from the collector the user chose), a time limit, and a ceiling on the
 * size of the answer, so a wrong or hostile endpoint cannot make the browser read without end.
 */

export type CollectorGet =
  | { ok: true; json: unknown }
  | { ok: false; reason: 'not-offered' | 'rate-limited' | 'unreachable' | 'timeout' | 'bad-answer' | 'http'; status?: number };

export interface CollectorGetOptions {
  fetchImpl?: typeof fetch;
  timeoutMs?: number;
  maxBytes?: number;
}

export const COLLECTOR_GET_TIMEOUT_MS = 5_000;
export const COLLECTOR_GET_MAX_BYTES = 64 * 1024;

export async function collectorGet(
  url: string,
  { fetchImpl = fetch, timeoutMs = COLLECTOR_GET_TIMEOUT_MS, maxBytes = COLLECTOR_GET_MAX_BYTES }: CollectorGetOptions = {},
): Promise<CollectorGet> {
  const signal = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: 'GET',
      headers: { Accept: 'application/json' },
      credentials: 'omit',
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
      redirect: 'error',
      signal,
    });
  } catch {
    return { ok: false, reason: signal.aborted ? 'timeout' : 'unreachable' };
  }
  if (response.status === 404 || response.status === 405)
    return drop(response, { ok: false, reason: 'not-offered', status: response.status });
  if (response.status === 429) return drop(response, { ok: false, reason: 'rate-limited', status: 429 });
  if (!response.ok) return drop(response, { ok: false, reason: 'http', status: response.status });
  const text = await readBounded(response, maxBytes).catch(() => null);
  if (text === null) return { ok: false, reason: signal.aborted ? 'timeout' : 'bad-answer' };
  try {
    return { ok: true, json: JSON.parse(text) };
  } catch {
    return { ok: false, reason: 'bad-answer' };
  }
}

async function drop<T>(response: Response, result: T): Promise<T> {
  await response.body?.cancel().catch(() => undefined);
  return result;
}

/** The body as text, or null once it grows past `max` bytes (declared or actual). */
export async function readBounded(response: Response, max: number): Promise<string | null> {
  if (Number(response.headers.get('content-length')) > max) {
    await response.body?.cancel().catch(() => undefined);
    return null;
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}
