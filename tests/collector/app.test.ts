/** What createApp does whatever the database: failures of the store, and bodies only app.request can send. */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../collector/app';
import type { ReportStore } from '../../collector/store';
import { MAX_BATCH_BYTES } from '../../utils/protocol/report-schema';
import { makeReporter, type Reporter } from './fixtures';

let reporter: Reporter;
beforeAll(async () => {
  reporter = await makeReporter();
});

function failingStore(error: Error): ReportStore {
  const fail = () => Promise.reject(error);
  const networks = { stats: fail, grid: fail, publicSite: fail, publicSites: fail };
  return { insertMany: fail, list: fail, count: fail, stats: fail, networks, close: () => Promise.resolve(), description: 'failing' };
}

async function post(app: ReturnType<typeof createApp>, body: string, headers: Record<string, string> = {}) {
  return app.request('/v1/reports', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
}

describe('createApp', () => {
  it('answers 500 JSON when the store fails, without leaking the error', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const res = await post(
        createApp(failingStore(new Error('disk full at /secret/path'))),
        JSON.stringify({ reports: [await reporter.signed()] }),
      );
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({ error: 'internal error' });
      expect(errors).toHaveBeenCalled();
    } finally {
      errors.mockRestore();
    }
  });

  it('answers 503 with Retry-After when the database cannot be reached, on both sides', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const down = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      const app = createApp(failingStore(down), { token: 'a-token-of-sixteen+' });
      const res = await post(app, JSON.stringify({ reports: [await reporter.signed()] }));
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('30');
      expect(await res.json()).toEqual({ error: 'database unavailable, try again later' });
      const read = await app.request('/v1/stats', { headers: { authorization: 'Bearer a-token-of-sixteen+' } });
      expect(read.status).toBe(503);
    } finally {
      errors.mockRestore();
    }
  });

  it('answers 413 from the bytes even when Content-Length claims less', async () => {
    const res = await post(createApp(failingStore(new Error('unused'))), 'x'.repeat(MAX_BATCH_BYTES + 1), { 'content-length': '10' });
    expect(res.status).toBe(413);
  });

  it('answers 413 from Content-Length alone, before reading anything', async () => {
    const res = await post(createApp(failingStore(new Error('unused'))), '{}', { 'content-length': String(MAX_BATCH_BYTES + 1) });
    expect(res.status).toBe(413);
  });

  it('never reaches the store for a request it refuses', async () => {
    const store = failingStore(new Error('must not be called'));
    const spy = vi.spyOn(store, 'insertMany');
    const app = createApp(store);
    expect((await post(app, '{"reports":[]}')).status).toBe(400);
    expect((await post(app, JSON.stringify({ reports: [await reporter.signed({ host: 'Bad' })] }))).status).toBe(200);
    expect(spy).not.toHaveBeenCalled();
  });
});
