import type { BatchResponse } from '../../utils/protocol/report-schema';

/** Small helpers for talking to a collector over real HTTP on loopback. */

export const TOKEN = 'test-token-0123456789abcdef';

export function postReports(base: string, body: BodyInit, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${base}/v1/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    // A streamed body goes out chunked, without Content-Length.
    ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
  } as RequestInit);
}

export async function postBatch(
  base: string,
  reports: unknown[],
  headers: Record<string, string> = {},
): Promise<{ status: number; body: BatchResponse; headers: Headers }> {
  const res = await postReports(base, JSON.stringify({ reports }), headers);
  return { status: res.status, body: (await res.json()) as BatchResponse, headers: res.headers };
}

export function read(base: string, path: string, token: string | null = TOKEN, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${base}${path}`, { headers: { ...(token === null ? {} : { authorization: `Bearer ${token}` }), ...headers } });
}

export async function readJson<T = any>(
  base: string,
  path: string,
  token: string | null = TOKEN,
): Promise<{ status: number; body: T; headers: Headers }> {
  const res = await read(base, path, token);
  return { status: res.status, body: (await res.json()) as T, headers: res.headers };
}
