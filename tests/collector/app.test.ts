import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../collector/app';
import { openPgliteStore, type ReportStore } from '../../collector/store';
import { MAX_BATCH_BYTES, type BatchResponse } from '../../utils/report-schema';
import { keyFingerprint } from '../../utils/signing';
import { makeReporter, type Reporter, type SignedEntry } from './fixtures';

// The embedded database takes a few seconds to start.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let reporter: Reporter;
let store: ReportStore;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  [reporter, store] = await Promise.all([makeReporter(), openPgliteStore()]);
  app = createApp(store);
});
afterAll(() => store.close());

function post(body: string | Uint8Array<ArrayBuffer>, headers: Record<string, string> = {}) {
  return app.request('/v1/reports', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
}

async function postBatch(reports: unknown[]): Promise<{ status: number; body: BatchResponse }> {
  const res = await post(JSON.stringify({ reports }));
  return { status: res.status, body: (await res.json()) as BatchResponse };
}

async function isStored(id: string): Promise<boolean> {
  return (await store.list({ limit: 1000 })).some((r) => r.id === id);
}

async function batchOf(n: number): Promise<SignedEntry[]> {
  return Promise.all(Array.from({ length: n }, () => reporter.signed()));
}

describe('POST /v1/reports', () => {
  it('accepts a batch of correctly signed reports and stores them with the key fingerprint', async () => {
    const entries = await batchOf(3);
    const before = await store.count();
    const { status, body } = await postBatch(entries);
    expect(status).toBe(200);
    expect(body).toEqual({ accepted: entries.map((e) => e.report.id), rejected: [] });
    expect(await store.count()).toBe(before + 3);

    const stored = (await store.list({ limit: 1000 })).find((r) => r.id === entries[0]!.report.id);
    expect(stored?.keyFingerprint).toBe(await keyFingerprint(reporter.publicKey));
    expect(stored?.report).toEqual(entries[0]!.report);
  });

  it('accepts a resent report again and stores it once', async () => {
    const [entry] = await batchOf(1);
    const first = await postBatch([entry]);
    const before = await store.count();
    const again = await postBatch([entry]);
    expect(first.body.accepted).toEqual([entry!.report.id]);
    expect(again).toEqual({ status: 200, body: { accepted: [entry!.report.id], rejected: [] } });
    expect(await store.count()).toBe(before);
  });

  it('rejects a report altered after signing and keeps the good ones of the batch', async () => {
    const [good, tampered] = await batchOf(2);
    const altered = { ...tampered!, report: { ...tampered!.report, verdict: { kind: 'ok', confirmed: true } } };
    const { status, body } = await postBatch([good, altered]);
    expect(status).toBe(200);
    expect(body).toEqual({ accepted: [good!.report.id], rejected: [{ id: tampered!.report.id, reason: 'bad signature' }] });
    expect(await isStored(good!.report.id)).toBe(true);
    expect(await isStored(tampered!.report.id)).toBe(false);
  });

  it('rejects schema violations one by one while storing the valid reports beside them', async () => {
    const good = await reporter.signed();
    const badKind = await reporter.signed({ verdict: { kind: 'censored', confirmed: true } });
    const longNote = await reporter.signed({ trigger: 'manual', note: 'n'.repeat(501) });
    const withQuery = await reporter.signed({ url: 'https://example.kz/page?id=7' });
    const good2 = await reporter.signed({ trigger: 'manual', note: 'n'.repeat(500) });

    const { status, body } = await postBatch([badKind, good, longNote, withQuery, 'garbage', good2]);
    expect(status).toBe(200);
    expect(body.accepted).toEqual([good.report.id, good2.report.id]);
    expect(body.rejected).toHaveLength(4);
    expect(body.rejected[0]).toEqual({ id: badKind.report.id, reason: 'report.verdict.kind: invalid option' });
    expect(body.rejected[1]!.id).toBe(longNote.report.id);
    expect(body.rejected[1]!.reason).toMatch(/^report\.note: /);
    expect(body.rejected[2]).toEqual({ id: withQuery.report.id, reason: 'report.url: must not carry a query or fragment' });
    expect(body.rejected[3]!.id).toBe('unknown');

    for (const e of [good, good2]) expect(await isStored(e.report.id)).toBe(true);
    for (const e of [badKind, longNote, withQuery]) expect(await isStored(e.report.id)).toBe(false);
  });

  it('answers 200 with nothing accepted when every report is rejected', async () => {
    const bad = await reporter.signed({ host: 'Example.KZ' });
    const before = await store.count();
    const { status, body } = await postBatch([bad]);
    expect(status).toBe(200);
    expect(body.accepted).toEqual([]);
    expect(body.rejected).toEqual([{ id: bad.report.id, reason: expect.stringMatching(/^report\.host: /) }]);
    expect(await store.count()).toBe(before);
  });

  it('answers 400 with an error for malformed JSON', async () => {
    const res = await post('{"reports": [');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: expect.any(String) });
  });

  it('answers 400 for bytes that are not UTF-8', async () => {
    const res = await post(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]));
    expect(res.status).toBe(400);
  });

  it.each([
    ['an array', []],
    ['no reports', {}],
    ['an empty batch', { reports: [] }],
    ['reports not an array', { reports: 'x' }],
    ['an unknown top-level key', { reports: [{}], extra: true }],
  ])('answers 400 for the wrong shape: %s', async (_name, body) => {
    const before = await store.count();
    const res = await post(JSON.stringify(body));
    expect(res.status).toBe(400);
    const json = (await res.json()) as { error: unknown };
    expect(typeof json.error).toBe('string');
    expect(await store.count()).toBe(before);
  });

  it('answers 413 for more than 50 reports and stores none of them', async () => {
    const entries = await batchOf(51);
    const before = await store.count();
    const res = await post(JSON.stringify({ reports: entries }));
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: expect.stringContaining('50') });
    expect(await store.count()).toBe(before);
  });

  it('accepts exactly 50 reports', async () => {
    const entries = await batchOf(50);
    const { status, body } = await postBatch(entries);
    expect(status).toBe(200);
    expect(body.accepted).toHaveLength(50);
  });

  it('answers 413 for a body over 256 KiB, counted from the bytes (no Content-Length)', async () => {
    const entry = await reporter.signed();
    const body = JSON.stringify({ reports: [entry], pad: 'x'.repeat(MAX_BATCH_BYTES) });
    const res = await post(body);
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: expect.any(String) });
    expect(await isStored(entry.report.id)).toBe(false);
  });

  it('answers 413 from the bytes even when Content-Length claims less', async () => {
    const res = await post('x'.repeat(MAX_BATCH_BYTES + 1), { 'content-length': '10' });
    expect(res.status).toBe(413);
  });

  it('answers 413 from Content-Length alone', async () => {
    const res = await post('{}', { 'content-length': String(MAX_BATCH_BYTES + 1) });
    expect(res.status).toBe(413);
  });

  it('takes a body of exactly 256 KiB', async () => {
    const entry = await reporter.signed();
    const json = JSON.stringify({ reports: [entry] });
    const body = json + ' '.repeat(MAX_BATCH_BYTES - new TextEncoder().encode(json).byteLength);
    expect(new TextEncoder().encode(body).byteLength).toBe(MAX_BATCH_BYTES);
    const res = await post(body);
    expect(res.status).toBe(200);
    expect(((await res.json()) as BatchResponse).accepted).toEqual([entry.report.id]);
  });
});

describe('other routes', () => {
  it('GET /healthz', async () => {
    const res = await app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('GET /v1/schema serves the JSON Schema of a signed report', async () => {
    const res = await app.request('/v1/schema');
    expect(res.status).toBe(200);
    const schema = (await res.json()) as { $schema: string; properties: Record<string, unknown>; required: string[] };
    expect(schema.$schema).toContain('2020-12');
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['report', 'signature']));
    expect(schema.required).toEqual(expect.arrayContaining(['report', 'signature']));
  });

  it('answers unknown routes with 404 JSON', async () => {
    for (const [method, path] of [
      ['GET', '/nope'],
      ['GET', '/v1/reports'],
      ['POST', '/v1/control'],
    ] as const) {
      const res = await app.request(path, { method });
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toContain('application/json');
      expect(await res.json()).toEqual({ error: 'not found' });
    }
  });

  it('answers 500 JSON when the store fails, without leaking the error', async () => {
    const failing: ReportStore = {
      insertMany: () => Promise.reject(new Error('disk full at /secret/path')),
      list: () => Promise.resolve([]),
      count: () => Promise.resolve(0),
      close: () => Promise.resolve(),
    };
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const res = await createApp(failing).request('/v1/reports', {
        method: 'POST',
        body: JSON.stringify({ reports: [await reporter.signed()] }),
      });
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({ error: 'internal error' });
      expect(errors).toHaveBeenCalled();
    } finally {
      errors.mockRestore();
    }
  });
});
