/**
 * Edges of delivery that mutation testing found unguarded: the exact batch size at 256 KiB, the
 * request's privacy options, how each kind of failed fetch or body is named, the collector's own
 * words kept short, reports an answer leaves out, the Retry-After kept on held reports, queues
 * longer than one pass, and storage failing in the middle of a flush.
 */
import fc from 'fast-check';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { enqueue, listReports } from '../../utils/queue/queue';
import { MAX_BATCH_BYTES, MAX_BATCH_REPORTS, type SignedReport } from '../../utils/protocol/report-schema';
import { encodeBatch, flushQueue, parseRetryAfter, postBatch, reportsUrl, toBatches } from '../../utils/submit/submit';
import { asEntry, jsonResponse, makeKeys, makeSigned, resetDb, type TestKeys } from '../support/fixtures';

const ENDPOINT = 'https://collector.example.org';
let keys: TestKeys;
let one: SignedReport;

beforeAll(async () => {
  keys = await makeKeys();
  one = await makeSigned(keys);
});

const bodyBytes = (reports: SignedReport[]) => new TextEncoder().encode(encodeBatch(reports)).length;

/** A report padded so that its JSON is exactly `bytes` long (toBatches reads no more than that). */
function sized(bytes: number, id: string): ReturnType<typeof asEntry> {
  const base = { ...one, report: { ...one.report, id, evidence: { navigationError: '' } } };
  const pad = bytes - new TextEncoder().encode(JSON.stringify(base)).length;
  const signed = { ...base, report: { ...base.report, evidence: { navigationError: 'x'.repeat(pad) } } };
  expect(new TextEncoder().encode(JSON.stringify(signed)).length).toBe(bytes);
  return { ...asEntry(signed), id };
}

describe('toBatches at the byte limit', () => {
  it('keeps a batch of exactly 256 KiB whole, and splits one a byte larger', () => {
    // Two reports: body = 12 + a + 1 + b + 2 bytes ('{"reports":[' a ',' b ']}').
    const frame = bodyBytes([]) + 1;
    const a = 100_000;
    const exact = [sized(a, 'a'), sized(MAX_BATCH_BYTES - frame - a, 'b')];
    expect(bodyBytes(exact.map((e) => e.signed))).toBe(MAX_BATCH_BYTES);
    expect(toBatches(exact).map((b) => b.map((e) => e.id))).toEqual([['a', 'b']]);
    const over = [sized(a, 'a'), sized(MAX_BATCH_BYTES - frame - a + 1, 'b')];
    expect(toBatches(over).map((b) => b.map((e) => e.id))).toEqual([['a'], ['b']]);
  });

  it('counts the comma before every report after the first, in every batch', () => {
    const frame = bodyBytes([]);
    // Three reports whose body is one byte over: 14 + a + 1 + b + 1 + c.
    const [a, b] = [80_000, 80_000];
    const c = MAX_BATCH_BYTES - frame - a - b - 2 + 1;
    expect(bodyBytes([sized(a, 'a'), sized(b, 'b'), sized(c, 'c')].map((e) => e.signed))).toBe(MAX_BATCH_BYTES + 1);
    expect(toBatches([sized(a, 'a'), sized(b, 'b'), sized(c, 'c')]).map((x) => x.length)).toEqual([2, 1]);
    // After a batch closed at 50 reports, the next one starts from an empty body again.
    const small = Array.from({ length: 50 }, (_, i) => ({ ...asEntry(one), id: `s${i}` }));
    const exact = [sized(a, 'a'), sized(MAX_BATCH_BYTES - frame - 1 - a, 'b')];
    expect(bodyBytes(exact.map((e) => e.signed))).toBe(MAX_BATCH_BYTES);
    expect(toBatches([...small, ...exact]).map((x) => x.length)).toEqual([50, 2]);
  });

  it('fills every batch as far as the limits allow, and never past them', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1_000, max: 60_000 }), { minLength: 1, maxLength: 40 }), (sizes) => {
        const entries = sizes.map((n, i) => sized(n, `r${i}`));
        const batches = toBatches(entries);
        expect(batches.flat().map((e) => e.id)).toEqual(entries.map((e) => e.id));
        batches.forEach((batch, i) => {
          expect(batch.length).toBeGreaterThan(0);
          expect(batch.length).toBeLessThanOrEqual(MAX_BATCH_REPORTS);
          expect(bodyBytes(batch.map((e) => e.signed))).toBeLessThanOrEqual(MAX_BATCH_BYTES);
          const next = batches[i + 1]?.[0];
          // The next batch starts where this one could take no more.
          if (next)
            expect(batch.length === MAX_BATCH_REPORTS || bodyBytes([...batch, next].map((e) => e.signed)) > MAX_BATCH_BYTES).toBe(true);
        });
      }),
      { numRuns: 40 },
    );
  });

  it('starts no empty batch before a report too large for any', () => {
    const huge = sized(MAX_BATCH_BYTES + 10, 'huge');
    expect(toBatches([huge, { ...asEntry(one), id: 'small' }]).map((b) => b.map((e) => e.id))).toEqual([['huge'], ['small']]);
  });
});

describe('reportsUrl and parseRetryAfter', () => {
  it('drops every trailing slash of the endpoint', () => {
    expect(reportsUrl('https://c.example.org//')).toBe('https://c.example.org/v1/reports');
  });

  it('reads only a whole number of seconds as seconds', () => {
    const now = Date.parse('2024-03-01T10:00:00Z');
    expect(parseRetryAfter('12abc', now)).toBeUndefined();
    expect(parseRetryAfter('abc12', now)).toBeUndefined();
    expect(parseRetryAfter('7', now)).toBe(7_000);
  });
});

describe('postBatch', () => {
  const answering = (response: () => Response | Promise<Response>) =>
    vi.fn(async (_input: RequestInfo | URL, _init?: RequestInit) => response());

  it('sends no referrer and keeps nothing in the cache', async () => {
    const fetchImpl = answering(() => jsonResponse({ accepted: [one.report.id], rejected: [] }));
    await postBatch(ENDPOINT, [one], fetchImpl as typeof fetch);
    expect(fetchImpl.mock.calls[0]![1]).toMatchObject({ credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer' });
  });

  it.each([
    ['a network failure', new TypeError('Failed to fetch'), 'unreachable'],
    ['an abort that is not the timeout', new DOMException('The operation was aborted.', 'AbortError'), 'unreachable'],
    ['its own timeout', new DOMException('The operation timed out.', 'TimeoutError'), 'timeout'],
  ] as const)('names %s as %s', async (_name, error, failure) => {
    const fetchImpl = vi.fn(async () => {
      throw error;
    });
    expect(await postBatch(ENDPOINT, [one], fetchImpl as typeof fetch)).toMatchObject({ type: 'retry', failure });
  });

  it.each([
    [
      'times out while the answer arrives',
      new DOMException('The operation timed out.', 'TimeoutError'),
      'timeout',
      /did not finish its answer in time/,
    ],
    [
      'is aborted mid-answer for another reason',
      new DOMException('The operation was aborted.', 'AbortError'),
      'unreachable',
      /broke during its answer/,
    ],
  ] as const)('names an answer that %s', async (_name, error, failure, message) => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"accepted":['));
      },
      pull(controller) {
        controller.error(error);
      },
    });
    const fetchImpl = answering(() => new Response(body, { status: 200, headers: { 'Content-Type': 'application/json' } }));
    expect(await postBatch(ENDPOINT, [one], fetchImpl as typeof fetch)).toEqual({
      type: 'retry',
      error: expect.stringMatching(message),
      failure,
    });
  });

  it('keeps at most 300 characters of a refusal, and says what happened when the refusal gives no text', async () => {
    const long = answering(() => jsonResponse({ error: 'e'.repeat(1_000) }, 400));
    expect(await postBatch(ENDPOINT, [one], long as typeof fetch)).toEqual({ type: 'refused', reason: 'e'.repeat(300) });
    const numeric = answering(() => jsonResponse({ error: 42 }, 400));
    expect(await postBatch(ENDPOINT, [one], numeric as typeof fetch)).toEqual({
      type: 'refused',
      reason: 'the collector refused the request (HTTP 400)',
    });
  });
});

describe('flushQueue', () => {
  beforeEach(resetDb);

  async function queue(n: number): Promise<SignedReport[]> {
    const reports = await Promise.all(Array.from({ length: n }, (_, i) => makeSigned(keys, { host: `site${i}.example.kz` })));
    for (const [i, r] of reports.entries()) await enqueue(r, { now: Date.now() - 1_000 + i });
    return reports;
  }

  it('stores at most 300 characters of the reason the collector rejected a report for', async () => {
    const [a] = await queue(1);
    const fetchImpl = vi.fn(async () => jsonResponse({ accepted: [], rejected: [{ id: a!.report.id, reason: 'r'.repeat(900) }] }));
    await flushQueue(ENDPOINT, fetchImpl as typeof fetch);
    expect((await listReports())[0]).toMatchObject({ status: 'rejected', rejectedReason: 'r'.repeat(300) });
  });

  it('retries a report the answer leaves out as an invalid answer, with the reason', async () => {
    const [a, b] = await queue(2);
    const fetchImpl = vi.fn(async () => jsonResponse({ accepted: [a!.report.id], rejected: [] }));
    await flushQueue(ENDPOINT, fetchImpl as typeof fetch);
    const left = (await listReports()).find((e) => e.id === b!.report.id)!;
    expect(left).toMatchObject({
      status: 'queued',
      lastFailure: 'invalid-response',
      lastError: 'the collector did not answer for this report',
    });
  });

  it('keeps the collector’s Retry-After on the reports held back with the failed batch', async () => {
    await queue(120);
    const before = Date.now();
    const fetchImpl = vi.fn(async () => new Response('', { status: 429, headers: { 'Retry-After': '120' } }));
    await flushQueue(ENDPOINT, fetchImpl as typeof fetch);
    const entries = await listReports();
    expect(entries).toHaveLength(120);
    for (const e of entries) {
      expect(e.retryAfterUntil).toBeGreaterThanOrEqual(before + 120_000);
      expect(e.retryAfterUntil).toBeLessThanOrEqual(Date.now() + 120_000);
    }
  });

  it('gives the reports held back no Retry-After deadline when the collector named none', async () => {
    await queue(120);
    const fetchImpl = vi.fn(async () => new Response('', { status: 500 }));
    await flushQueue(ENDPOINT, fetchImpl as typeof fetch);
    const entries = await listReports();
    expect(entries.filter((e) => e.attempts === 0)).toHaveLength(70);
    expect(entries.every((e) => e.retryAfterUntil === undefined && e.status === 'queued')).toBe(true);
  });

  it('sends a queue longer than one pass takes (200) in one flush', async () => {
    await queue(230);
    const fetchImpl = vi.fn(async (_input: RequestInfo | URL, init?: RequestInit) => {
      const ids = (JSON.parse(String(init?.body)) as { reports: SignedReport[] }).reports.map((r) => r.report.id);
      return jsonResponse({ accepted: ids, rejected: [] });
    });
    expect(await flushQueue(ENDPOINT, fetchImpl as typeof fetch)).toEqual({ sent: 230, rejected: 0, retried: 0 });
    expect(fetchImpl).toHaveBeenCalledTimes(5);
  });
});
