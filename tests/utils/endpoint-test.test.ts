import { describe, expect, it, vi } from 'vitest';
import { testEndpoint } from '../../utils/submit/endpoint-test';
import { hangingFetch, jsonResponse } from '../support/fixtures';

describe('testEndpoint', () => {
  it('posts an empty batch to <base>/v1/reports and takes a protocol refusal as a yes', async () => {
    const fetchImpl = vi.fn(async () => jsonResponse({ error: 'reports: too small' }, 400));
    expect(await testEndpoint('https://c.example.org/base', fetchImpl as typeof fetch)).toEqual({ ok: true });
    const [url, init] = fetchImpl.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('https://c.example.org/base/v1/reports');
    expect(JSON.parse(String(init.body))).toEqual({ reports: [] });
    expect(init.credentials).toBe('omit');
  });

  it('says an address that answers something else is not a collector', async () => {
    const page = async () => new Response('<html>Not found</html>', { status: 404, headers: { 'Content-Type': 'text/html' } });
    expect(await testEndpoint('https://www.example.org', page as typeof fetch)).toEqual({
      ok: false,
      reason: 'not-a-collector',
      status: 404,
    });
    const other = async () => jsonResponse({ error: 'x' }, 401);
    expect(await testEndpoint('https://www.example.org', other as typeof fetch)).toEqual({
      ok: false,
      reason: 'not-a-collector',
      status: 401,
    });
  });

  it('tells a failed connection from one that timed out', async () => {
    const refused = async () => {
      throw new TypeError('Failed to fetch');
    };
    expect(await testEndpoint('https://c.example.org', refused as typeof fetch)).toEqual({
      ok: false,
      reason: 'unreachable',
      timedOut: false,
    });
    expect(await testEndpoint('https://c.example.org', hangingFetch(), 20)).toEqual({ ok: false, reason: 'unreachable', timedOut: true });
  });
});
