import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { claimDue, countByStatus, enqueue, listReports } from '../../utils/queue/queue';
import { MAX_BATCH_BYTES, SignedReportSchema, type SignedReport } from '../../utils/protocol/report-schema';
import { encodeBatch, flushQueue, parseRetryAfter, postBatch, reportsUrl, toBatches } from '../../utils/submit/submit';
import { verifyReport } from '../../utils/protocol/signing';
import { asEntry, bodyOf, jsonResponse, makeKeys, makeSigned, resetDb, type TestKeys } from '../support/fixtures';
import type { QueuedReport } from '../../utils/storage/records';

const ENDPOINT = 'https://collector.example.org';
let keys: TestKeys;
let one: SignedReport;

beforeAll(async () => {
  keys = await makeKeys();
  one = await makeSigned(keys);
});

async function signedReports(n: number): Promise<SignedReport[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => makeSigned(keys, { host: `site${i}.example.kz` })));
}

function fakeFetch(answer: (init: RequestInit | undefined, url: string) => Response | Promise<Response>) {
  return vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => answer(init, String(input)));
}

describe('reportsUrl', () => {
  it('appends /v1/reports, ignoring a trailing slash', () => {
    expect(reportsUrl('https://c.example.org')).toBe('https://c.example.org/v1/reports');
    expect(reportsUrl('https://c.example.org/')).toBe('https://c.example.org/v1/reports');
    expect(reportsUrl('https://c.example.org/base/')).toBe('https://c.example.org/base/v1/reports');
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2024-03-01T10:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 5 ', now)).toBe(5_000);
    expect(parseRetryAfter('Fri, 01 Mar 2024 10:02:00 GMT', now)).toBe(120_000);
    expect(parseRetryAfter('Fri, 01 Mar 2024 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});

describe('toBatches', () => {
  it('puts at most 50 reports in a batch, in order', async () => {
    const entries = Array.from({ length: 120 }, () => asEntry(one)).map((e, i) => ({ ...e, id: String(i) }));
    const batches = toBatches(entries);
    expect(batches.map((b) => b.length)).toEqual([50, 50, 20]);
    expect(batches.flat().map((e) => e.id)).toEqual(entries.map((e) => e.id));
  });

  it('keeps every batch within 256 KiB', async () => {
    const big = await makeSigned(keys, { note: 'ж'.repeat(500) }); // ~1 KB of UTF-8 in the note
    const size = new TextEncoder().encode(JSON.stringify(big)).length;
    const count = Math.ceil((MAX_BATCH_BYTES * 2.5) / size);
    // Large reports: the byte limit bites before the count limit.
    const padded: QueuedReport[] = Array.from({ length: count }, (_, i) => {
      const entry = asEntry(big);
      const signed = { ...big, report: { ...big.report, evidence: { ...big.report.evidence, navigationError: 'x'.repeat(6_000) } } };
      return { ...entry, id: String(i), signed };
    });
    const batches = toBatches(padded);
    expect(batches.length).toBeGreaterThan(1);
    expect(batches[0]!.length).toBeLessThan(50);
    for (const batch of batches) {
      expect(batch.length).toBeLessThanOrEqual(50);
      expect(new TextEncoder().encode(encodeBatch(batch.map((e) => e.signed))).length).toBeLessThanOrEqual(MAX_BATCH_BYTES);
    }
    expect(batches.flat().map((e) => e.id)).toEqual(padded.map((e) => e.id));
  });

  it('sends a single report larger than the limit on its own', () => {
    const huge = { ...one, report: { ...one.report, evidence: { navigationError: 'x'.repeat(MAX_BATCH_BYTES) } } };
    const batches = toBatches([asEntry(one), { ...asEntry(huge), id: 'huge' }, asEntry(one)]);
    expect(batches.map((b) => b.length)).toEqual([1, 1, 1]);
    expect(batches[1]![0]!.id).toBe('huge');
  });

  it('returns no batch for no reports', () => {
    expect(toBatches([])).toEqual([]);
  });
});

describe('postBatch', () => {
  it('POSTs the protocol body to <base>/v1/reports without credentials', async () => {
    const fetchImpl = fakeFetch(() => jsonResponse({ accepted: [one.report.id], rejected: [] }));
    await postBatch(`${ENDPOINT}/`, [one], fetchImpl as typeof fetch);
    expect(fetchImpl).toHaveBeenCalledTimes(1);
    const [url, init] = fetchImpl.mock.calls[0]!;
    expect(String(url)).toBe(`${ENDPOINT}/v1/reports`);
    expect(init).toMatchObject({ method: 'POST', credentials: 'omit', headers: { 'Content-Type': 'application/json' } });
    const body = bodyOf(init);
    expect(Object.keys(body)).toEqual(['reports']);
    expect(body.reports).toHaveLength(1);
    expect(SignedReportSchema.parse(body.reports[0])).toEqual(one);
    expect(await verifyReport(body.reports[0]!.report, body.reports[0]!.signature)).toBe(true);
  });

  it('reads a valid 200 answer', async () => {
    const answer = { accepted: ['a'], rejected: [{ id: 'b', reason: 'bad signature' }] };
    expect(await postBatch(ENDPOINT, [one], fakeFetch(() => jsonResponse(answer)) as typeof fetch)).toEqual({
      type: 'answered',
      ...answer,
    });
  });

  it('retries a 200 that is not JSON', async () => {
    const fetchImpl = fakeFetch(() => new Response('<html>captive portal</html>', { status: 200 }));
    expect(await postBatch(ENDPOINT, [one], fetchImpl as typeof fetch)).toEqual({
      type: 'retry',
      error: expect.stringMatching(/not JSON/),
      failure: 'invalid-response',
    });
  });

  it('retries a 200 with JSON of another shape', async () => {
    const fetchImpl = fakeFetch(() => jsonResponse({ ok: true }));
    expect(await postBatch(ENDPOINT, [one], fetchImpl as typeof fetch)).toEqual({
      type: 'retry',
      error: expect.stringMatching(/not protocol v1/),
      failure: 'invalid-response',
    });
  });

  it('is refused by a 400, with the collector’s reason when it gives one', async () => {
    expect(await postBatch(ENDPOINT, [one], fakeFetch(() => jsonResponse({ error: 'body is not a batch' }, 400)) as typeof fetch)).toEqual({
      type: 'refused',
      reason: 'body is not a batch',
    });
    expect(await postBatch(ENDPOINT, [one], fakeFetch(() => new Response('nope', { status: 400 })) as typeof fetch)).toEqual({
      type: 'refused',
      reason: expect.stringContaining('400'),
    });
  });

  it('splits on 413', async () => {
    expect(await postBatch(ENDPOINT, [one], fakeFetch(() => new Response('', { status: 413 })) as typeof fetch)).toEqual({ type: 'split' });
  });

  it.each([429, 503])('retries %i after the Retry-After seconds', async (status) => {
    const fetchImpl = fakeFetch(() => new Response('', { status, headers: { 'Retry-After': '90' } }));
    expect(await postBatch(ENDPOINT, [one], fetchImpl as typeof fetch)).toEqual({
      type: 'retry',
      error: expect.stringContaining(String(status)),
      failure: 'server',
      retryAfterMs: 90_000,
    });
  });

  it('retries 503 after the Retry-After HTTP date', async () => {
    const at = new Date(Date.now() + 120_000).toUTCString();
    const fetchImpl = fakeFetch(() => new Response('', { status: 503, headers: { 'Retry-After': at } }));
    const outcome = await postBatch(ENDPOINT, [one], fetchImpl as typeof fetch);
    expect(outcome.type).toBe('retry');
    const retryAfterMs = outcome.type === 'retry' ? outcome.retryAfterMs : undefined;
    expect(retryAfterMs).toBeGreaterThan(110_000);
    expect(retryAfterMs).toBeLessThanOrEqual(120_000);
  });

  it('retries 500 without a Retry-After', async () => {
    const outcome = await postBatch(ENDPOINT, [one], fakeFetch(() => new Response('oops', { status: 500 })) as typeof fetch);
    expect(outcome).toEqual({ type: 'retry', error: expect.stringContaining('500'), failure: 'server' });
    expect(outcome).not.toHaveProperty('retryAfterMs');
  });

  it('retries when the network fails', async () => {
    const fetchImpl = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(await postBatch(ENDPOINT, [one], fetchImpl as typeof fetch)).toEqual({
      type: 'retry',
      error: expect.stringMatching(/could not be reached/),
      failure: 'unreachable',
    });
  });

  it('gives up waiting after the timeout', async () => {
    const fetchImpl = ((_input: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal!.reason));
      })) as typeof fetch;
    expect(await postBatch(ENDPOINT, [one], fetchImpl, 30)).toEqual({
      type: 'retry',
      error: expect.stringMatching(/did not answer in time/),
      failure: 'timeout',
    });
  });
});

describe('postBatch when the answer breaks off', () => {
  it('treats a connection that breaks during the body as unreachable, not as an answer', async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"accepted":['));
        controller.error(new TypeError('network error'));
      },
    });
    const fetchImpl = fakeFetch(() => new Response(body, { status: 200, headers: { 'Content-Type': 'application/json' } }));
    expect(await postBatch(ENDPOINT, [one], fetchImpl as typeof fetch)).toEqual({
      type: 'retry',
      error: expect.stringMatching(/broke during its answer/),
      failure: 'unreachable',
    });
  });
});

describe('flushQueue', () => {
  beforeEach(resetDb);

  async function queue(n: number): Promise<SignedReport[]> {
    const reports = await signedReports(n);
    for (const [i, r] of reports.entries()) await enqueue(r, { now: Date.now() - 1_000 + i });
    return reports;
  }

  async function statusOf(id: string) {
    return (await listReports()).find((e) => e.id === id);
  }

  it('sends nothing without an endpoint', async () => {
    await queue(2);
    const fetchImpl = vi.fn();
    expect(await flushQueue(null, fetchImpl as unknown as typeof fetch)).toEqual({ sent: 0, rejected: 0, retried: 0 });
    expect(fetchImpl).not.toHaveBeenCalled();
    expect(await countByStatus()).toMatchObject({ queued: 2, sending: 0 });
  });

  it('marks accepted reports sent and rejected ones rejected with the reason', async () => {
    const [a, b, c] = await queue(3);
    const fetchImpl = fakeFetch(() =>
      jsonResponse({ accepted: [a!.report.id, c!.report.id], rejected: [{ id: b!.report.id, reason: 'signature does not verify' }] }),
    );
    expect(await flushQueue(ENDPOINT, fetchImpl as typeof fetch)).toEqual({ sent: 2, rejected: 1, retried: 0 });
    expect(fetchImpl).toHaveBeenCalledTimes(1);
    expect(bodyOf(fetchImpl.mock.calls[0]![1]).reports.map((r) => r.report.id)).toEqual([a, b, c].map((r) => r!.report.id));
    expect(await statusOf(a!.report.id)).toMatchObject({ status: 'sent', attempts: 1, sentAt: expect.any(Number) });
    expect(await statusOf(b!.report.id)).toMatchObject({ status: 'rejected', rejectedReason: 'signature does not verify' });
    expect(await statusOf(c!.report.id)).toMatchObject({ status: 'sent' });
  });

  it('does not send held reports', async () => {
    const held = await makeSigned(keys, { host: 'held.example.kz' });
    await enqueue(held, { hold: true });
    const fetchImpl = vi.fn();
    expect(await flushQueue(ENDPOINT, fetchImpl as unknown as typeof fetch)).toEqual({ sent: 0, rejected: 0, retried: 0 });
    expect(fetchImpl).not.toHaveBeenCalled();
    expect((await statusOf(held.report.id))?.status).toBe('held');
  });

  it('retries reports the answer does not mention', async () => {
    const [a, b] = await queue(2);
    const fetchImpl = fakeFetch(() =>
      jsonResponse({ accepted: [a!.report.id, 'someone-else'], rejected: [{ id: 'another', reason: 'x' }] }),
    );
    expect(await flushQueue(ENDPOINT, fetchImpl as typeof fetch)).toEqual({ sent: 1, rejected: 0, retried: 1 });
    expect(await statusOf(a!.report.id)).toMatchObject({ status: 'sent' });
    const retried = await statusOf(b!.report.id);
    expect(retried).toMatchObject({ status: 'queued', attempts: 1, lastError: expect.stringMatching(/did not answer/) });
    expect(retried!.nextAttemptAt).toBeGreaterThan(Date.now());
    // Not sent again in the same flush.
    expect(fetchImpl).toHaveBeenCalledTimes(1);
  });

  it('splits on 413 until single reports, and rejects a single report that is still too large', async () => {
    const reports = await queue(5);
    const tooLarge = reports[3]!.report.id;
    const sizes: number[] = [];
    const fetchImpl = fakeFetch((init) => {
      const ids = bodyOf(init).reports.map((r) => r.report.id);
      sizes.push(ids.length);
      if (ids.length > 1 || ids[0] === tooLarge) return new Response('', { status: 413 });
      return jsonResponse({ accepted: ids, rejected: [] });
    });
    expect(await flushQueue(ENDPOINT, fetchImpl as typeof fetch)).toEqual({ sent: 4, rejected: 1, retried: 0 });
    expect(sizes[0]).toBe(5);
    expect(sizes.filter((n) => n === 1)).toHaveLength(5);
    expect(await statusOf(tooLarge)).toMatchObject({ status: 'rejected', rejectedReason: expect.stringMatching(/too large/) });
    expect(await countByStatus()).toMatchObject({ sent: 4, rejected: 1, queued: 0, sending: 0 });
  });

  it('finds the one report a 400 is about by splitting', async () => {
    const reports = await queue(4);
    const bad = reports[1]!.report.id;
    const fetchImpl = fakeFetch((init) => {
      const ids = bodyOf(init).reports.map((r) => r.report.id);
      if (ids.includes(bad)) return jsonResponse({ error: 'malformed report' }, 400);
      return jsonResponse({ accepted: ids, rejected: [] });
    });
    expect(await flushQueue(ENDPOINT, fetchImpl as typeof fetch)).toEqual({ sent: 3, rejected: 1, retried: 0 });
    expect(await statusOf(bad)).toMatchObject({ status: 'rejected', rejectedReason: 'malformed report' });
  });

  it('puts everything back with backoff when the collector fails', async () => {
    const reports = await queue(3);
    const fetchImpl = fakeFetch(() => new Response('', { status: 503, headers: { 'Retry-After': '600' } }));
    const before = Date.now();
    expect(await flushQueue(ENDPOINT, fetchImpl as typeof fetch)).toEqual({ sent: 0, rejected: 0, retried: 3 });
    for (const r of reports) {
      const entry = await statusOf(r.report.id);
      expect(entry).toMatchObject({ status: 'queued', attempts: 1, lastError: expect.stringContaining('503') });
      expect(entry!.nextAttemptAt).toBeGreaterThanOrEqual(before + 600_000);
    }
    expect(await claimDue(10)).toEqual([]);
  });

  it('records why the attempt failed and until when the collector asked to wait', async () => {
    const [a] = await queue(1);
    const before = Date.now();
    await flushQueue(ENDPOINT, fakeFetch(() => new Response('', { status: 429, headers: { 'Retry-After': '300' } })) as typeof fetch);
    const entry = await statusOf(a!.report.id);
    expect(entry).toMatchObject({ status: 'queued', lastFailure: 'server' });
    expect(entry!.retryAfterUntil).toBeGreaterThanOrEqual(before + 300_000);
    expect(entry!.nextAttemptAt).toBeGreaterThanOrEqual(entry!.retryAfterUntil!);
  });

  it('counts a 200 that is not protocol JSON as a failure: nothing is marked sent', async () => {
    await queue(2);
    expect(await flushQueue(ENDPOINT, fakeFetch(() => new Response('<html>proxy error</html>', { status: 200 })) as typeof fetch)).toEqual({
      sent: 0,
      rejected: 0,
      retried: 2,
    });
    expect(await countByStatus()).toMatchObject({ queued: 2, sent: 0 });
    expect((await listReports()).every((e) => e.lastFailure === 'invalid-response')).toBe(true);
  });

  it('sends nothing more in the pass once the collector fails a request, and holds the rest as long', async () => {
    await queue(120);
    let calls = 0;
    const fetchImpl = fakeFetch(() => {
      calls += 1;
      return new Response('', { status: 429, headers: { 'Retry-After': '120' } });
    });
    const before = Date.now();
    expect(await flushQueue(ENDPOINT, fetchImpl as typeof fetch)).toEqual({ sent: 0, rejected: 0, retried: 120 });
    expect(calls).toBe(1);
    const entries = await listReports();
    expect(entries.every((e) => e.status === 'queued' && e.nextAttemptAt >= before + 120_000)).toBe(true);
    // Only the batch that was tried counts an attempt.
    expect(entries.filter((e) => e.attempts === 1)).toHaveLength(50);
    expect(entries.filter((e) => e.attempts === 0)).toHaveLength(70);
    expect(entries.every((e) => /429/.test(e.lastError ?? '') && e.lastFailure === 'server')).toBe(true);
    expect(await claimDue(200)).toEqual([]);
  });

  it('a failure while splitting holds the other half too', async () => {
    const reports = await queue(4);
    const fetchImpl = fakeFetch((init) => {
      const ids = bodyOf(init).reports.map((r) => r.report.id);
      if (ids.length > 2) return new Response('', { status: 413 });
      return new Response('', { status: 503, headers: { 'Retry-After': '60' } });
    });
    expect(await flushQueue(ENDPOINT, fetchImpl as typeof fetch)).toEqual({ sent: 0, rejected: 0, retried: 4 });
    expect(fetchImpl).toHaveBeenCalledTimes(2);
    for (const r of reports) expect((await statusOf(r.report.id))!.status).toBe('queued');
  });

  it('retries on a network error and keeps the reports', async () => {
    await queue(2);
    const fetchImpl = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(await flushQueue(ENDPOINT, fetchImpl as typeof fetch)).toEqual({ sent: 0, rejected: 0, retried: 2 });
    expect(await countByStatus()).toMatchObject({ queued: 2, sending: 0 });
  });

  it('delivers a large queue in batches of at most 50', async () => {
    await queue(120);
    const sizes: number[] = [];
    const fetchImpl = fakeFetch((init) => {
      const ids = bodyOf(init).reports.map((r) => r.report.id);
      sizes.push(ids.length);
      return jsonResponse({ accepted: ids, rejected: [] });
    });
    expect(await flushQueue(ENDPOINT, fetchImpl as typeof fetch)).toEqual({ sent: 120, rejected: 0, retried: 0 });
    expect(Math.max(...sizes)).toBeLessThanOrEqual(50);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(120);
    expect(await countByStatus()).toMatchObject({ sent: 120, queued: 0, sending: 0 });
  });
});
