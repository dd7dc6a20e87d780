/**
 * The weaknesses a security review reproduced against the collector, each pinned by a test that
 * failed before its fix: the token lockout, cross-origin simple bodies, prototype names as
 * dashboard files, aborted uploads, out-of-range dates and formula-escaped signatures.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../collector/app';
import { DEFAULT_RATE_LIMITS } from '../../collector/config';
import { openPgliteStore, type ReportStore } from '../../collector/store';
import type { Report } from '../../utils/protocol/report-schema';
import { verifyReport } from '../../utils/protocol/signing';
import { makeReporter, type Reporter } from './fixtures';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const TOKEN = 'hardening-token-0123456789';
let reporter: Reporter;
let store: ReportStore;

beforeAll(async () => {
  [reporter, store] = await Promise.all([makeReporter(), openPgliteStore()]);
});
afterAll(() => store?.close());

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('1. the right token is never locked out by wrong ones', () => {
  it('lets the correct token through after the address used up its failed attempts', async () => {
    const app = createApp(store, { token: TOKEN, rateLimits: DEFAULT_RATE_LIMITS });
    for (let i = 0; i < DEFAULT_RATE_LIMITS.authFailuresPer10Minutes + 5; i++) {
      const res = await app.request('/v1/stats', { headers: bearer(`wrong-${i}`) });
      expect([401, 429]).toContain(res.status);
    }
    const wrong = await app.request('/v1/stats', { headers: bearer('still-wrong') });
    expect(wrong.status).toBe(429);
    expect(Number(wrong.headers.get('retry-after'))).toBeGreaterThan(0);
    const right = await app.request('/v1/stats', { headers: bearer(TOKEN) });
    expect(right.status).toBe(200);
  });
});

describe('3. a web page cannot make its visitors submit', () => {
  const json = async () => JSON.stringify({ reports: [await reporter.signed()] });

  it.each([
    ['text/plain', 'text/plain'],
    ['text/plain with a charset', 'text/plain;charset=UTF-8'],
    ['a form', 'application/x-www-form-urlencoded'],
    ['multipart', 'multipart/form-data; boundary=x'],
    ['no type at all', undefined],
    ['a JSON look-alike', 'application/jsonx'],
  ])('refuses %s with 415 before storing anything', async (_what, type) => {
    const before = await store.count();
    const app = createApp(store);
    const res = await app.request('/v1/reports', { method: 'POST', headers: type ? { 'content-type': type } : {}, body: await json() });
    expect(res.status).toBe(415);
    expect(await res.json()).toEqual({ error: expect.stringContaining('application/json') });
    expect(await store.count()).toBe(before);
  });

  it('takes application/json, with or without a charset, in any case', async () => {
    const app = createApp(store);
    for (const type of ['application/json', 'application/json; charset=utf-8', 'Application/JSON;charset=UTF-8']) {
      const res = await app.request('/v1/reports', { method: 'POST', headers: { 'content-type': type }, body: await json() });
      expect(res.status, type).toBe(200);
    }
  });

  it('refuses simple bodies on the control measurement too', async () => {
    const app = createApp(store, { control: {} });
    const res = await app.request('/v1/control', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{"url":"http://1.1.1.1/"}',
    });
    expect(res.status).toBe(415);
  });
});

describe('7. prototype names are not dashboard files', () => {
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'])(
    '/dashboard/%s is 404, with nothing logged',
    async (name) => {
      const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
      try {
        const res = await createApp(store).request(`/dashboard/${name}`);
        expect(res.status).toBe(404);
        expect(errors).not.toHaveBeenCalled();
      } finally {
        errors.mockRestore();
      }
    },
  );

  it('still serves the real files', async () => {
    expect((await createApp(store).request('/dashboard/dashboard.js')).status).toBe(200);
  });
});

describe('8. an upload the client aborts is not a database failure', () => {
  it('answers 400, logs no "database unavailable", and stores nothing', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const before = await store.count();
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"reports":['));
          // What the Node adapter raises when the socket closes mid-body.
          controller.error(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
        },
      });
      const res = await createApp(store).request('/v1/reports', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        duplex: 'half',
      } as RequestInit);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error: 'the upload was interrupted' });
      expect(errors.mock.calls.flat().join(' ')).not.toMatch(/database unavailable/);
      expect(await store.count()).toBe(before);
    } finally {
      errors.mockRestore();
    }
  });
});

describe('9. dates PostgreSQL cannot hold are refused as parameters', () => {
  const paths = [
    '/v1/reports?since=0000-01-01',
    '/v1/reports?until=0000-01-01T00:00:00Z',
    '/v1/stats?since=0000-12-31',
    '/v1/export/reports?since=0000-01-01&format=csv',
    '/v1/export/hosts?until=0000-01-01',
    '/v1/reports?since=1969-12-31',
  ];
  it.each(paths)('%s is a 400 naming the parameter', async (path) => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const res = await createApp(store, { token: TOKEN }).request(path, { headers: bearer(TOKEN) });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(/^(since|until): /);
      expect(errors).not.toHaveBeenCalled();
    } finally {
      errors.mockRestore();
    }
  });

  it('refuses a cursor carrying such a date', async () => {
    const cursor = Buffer.from(JSON.stringify(['0000-01-01T00:00:00.000Z', '6f1f3c8e-58f0-4b8c-9e1b-2d3c4b5a6978'])).toString('base64url');
    const res = await createApp(store, { token: TOKEN }).request(`/v1/reports?cursor=${cursor}`, { headers: bearer(TOKEN) });
    expect(res.status).toBe(400);
  });

  it('still takes every date from 1970 to 9999', async () => {
    const app = createApp(store, { token: TOKEN });
    for (const q of ['since=1970-01-01', 'until=9999-12-31', 'since=2024-01-01T00:00:00%2B05:00']) {
      expect((await app.request(`/v1/reports?${q}`, { headers: bearer(TOKEN) })).status, q).toBe(200);
    }
  });

  it('answers an export whose first page fails with an error status, not a 200 that breaks off', async () => {
    const failing: ReportStore = { ...store, list: () => Promise.reject(new Error('boom')) };
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const res = await createApp(failing, { token: TOKEN }).request('/v1/export/reports?format=json', { headers: bearer(TOKEN) });
      expect(res.status).toBe(500);
    } finally {
      errors.mockRestore();
    }
  });
});

describe('11. CSV export keeps every signature verifiable', () => {
  it('does not touch a signature that begins with "-"', async () => {
    const report: Report = reporter.report({ host: 'dash.example.kz', url: 'https://dash.example.kz/' });
    let entry = await reporter.sign(report);
    // About one signature in 64 begins with "-"; ECDSA signs afresh each time.
    for (let i = 0; i < 2000 && !entry.signature.startsWith('-'); i++) entry = await reporter.sign(report);
    expect(entry.signature.startsWith('-')).toBe(true);
    const app = createApp(store, { token: TOKEN });
    const posted = await app.request('/v1/reports', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reports: [entry] }),
    });
    expect(posted.status).toBe(200);

    const res = await app.request('/v1/export/reports?host=dash.example.kz&format=csv', { headers: bearer(TOKEN) });
    const [row] = parseCsv(await res.text(), { columns: true }) as { signature: string; report_jcs: string; note: string }[];
    if (!row) throw new Error('no row exported');
    expect(row.signature).toBe(entry.signature);
    expect(await verifyReport(JSON.parse(row.report_jcs), row.signature)).toBe(true);
  });

  it('still defuses formulas in the text a reporter chose', async () => {
    const entry = await reporter.signed({
      host: 'formula.example.kz',
      url: 'https://formula.example.kz/',
      note: '=HYPERLINK("http://evil.example","x")',
    });
    const app = createApp(store, { token: TOKEN });
    await app.request('/v1/reports', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reports: [entry] }),
    });
    const res = await app.request('/v1/export/reports?host=formula.example.kz&format=csv', { headers: bearer(TOKEN) });
    const [row] = parseCsv(await res.text(), { columns: true }) as { signature: string; report_jcs: string; note: string }[];
    if (!row) throw new Error('no row exported');
    expect(row.note).toBe(`'=HYPERLINK("http://evil.example","x")`);
  });
});
