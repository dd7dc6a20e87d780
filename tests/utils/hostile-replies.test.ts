/**
 * Property-based tests of the extension against a collector (or DoH resolver) it cannot trust:
 * replies that are huge or endless, not JSON, redirecting anywhere, slow, or JSON of the wrong
 * shape. Whatever comes back, nothing throws, nothing is followed, at most about 1 MiB is read,
 * the deadline holds, and whatever evidence results still fits the report schema.
 */
import fc from 'fast-check';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { MAX_REPLY_BYTES } from '../../utils/protocol/bounded-body';
import { askControl } from '../../utils/confirm/control';
import { queryDoh } from '../../utils/confirm/doh';
import { testEndpoint } from '../../utils/submit/endpoint-test';
import { ControlEvidenceSchema, DnsEvidenceSchema, type SignedReport } from '../../utils/protocol/report-schema';
import { postBatch } from '../../utils/submit/submit';
import { makeKeys, makeSigned } from '../support/fixtures';

const CHUNK = 64 * 1024;
const TIMEOUT_MS = 150;
/** Far above the deadline, far below what reading an endless body until the deadline would take. */
const TIME_LIMIT_MS = 3_000;
const RUNS = { numRuns: 60 };

/** What a hostile server may answer; `pulled` counts the bytes a reader took from the body. */
interface Reply {
  describe: string;
  make(signal: AbortSignal | undefined, pulled: { bytes: number }): Response | 'network-error' | 'hang';
}

function streamOf(
  signal: AbortSignal | undefined,
  pulled: { bytes: number },
  next: () => Promise<Uint8Array | null>,
): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      // A real fetch's body fails when its request is aborted; a test double must do the same.
      signal?.addEventListener('abort', () => controller.error(signal.reason));
    },
    async pull(controller) {
      const chunk = await next();
      if (chunk === null) return controller.close();
      pulled.bytes += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
}

const status = fc.integer({ min: 200, max: 599 });
const headers = fc.record(
  {
    'content-type': fc.constantFrom('application/json', 'text/html', 'application/json; charset=utf-8', ''),
    'retry-after': fc.oneof(fc.nat().map(String), fc.string({ maxLength: 20 })),
  },
  { requiredKeys: [] },
);
const protocolish = fc.record(
  {
    accepted: fc.oneof(fc.array(fc.oneof(fc.string({ maxLength: 60 }), fc.integer())), fc.jsonValue()),
    rejected: fc.oneof(fc.array(fc.record({ id: fc.string(), reason: fc.string({ maxLength: 2000 }) })), fc.jsonValue()),
    ok: fc.oneof(fc.boolean(), fc.jsonValue()),
    status: fc.oneof(fc.integer(), fc.jsonValue()),
    error: fc.oneof(fc.string({ maxLength: 500 }), fc.jsonValue()),
    ms: fc.oneof(fc.integer(), fc.double()),
    Status: fc.oneof(fc.integer({ min: 0, max: 5 }), fc.jsonValue()),
    Answer: fc.array(fc.record({ type: fc.constantFrom(1, 28, 5), data: fc.oneof(fc.ipV4(), fc.ipV6(), fc.string({ maxLength: 300 })) })),
  },
  { requiredKeys: [] },
);

const replies: fc.Arbitrary<Reply> = fc.oneof(
  fc.tuple(status, headers, fc.uint8Array({ maxLength: 4096 })).map(([s, h, bytes]) => ({
    describe: `${s} bytes`,
    make: () => new Response(s === 204 || s === 205 ? null : bytes, { status: s, headers: h }),
  })),
  fc.tuple(status, headers, fc.oneof(protocolish, fc.jsonValue())).map(([s, h, body]) => ({
    describe: `${s} json`,
    make: () => new Response(s === 204 || s === 205 ? null : JSON.stringify(body), { status: s, headers: h }),
  })),
  fc
    .tuple(
      fc.constantFrom(301, 302, 303, 307, 308),
      fc.oneof(fc.webUrl(), fc.constantFrom('http://192.168.1.1/', 'http://evil.example/v1/reports', '/v1/reports', '')),
    )
    .map(([s, location]) => ({
      describe: `${s} to ${location}`,
      make: () => new Response(null, { status: s, headers: { location } }),
    })),
  fc.constant<Reply>({
    describe: 'opaque redirect',
    make: () => ({ type: 'opaqueredirect', status: 0, ok: false, headers: new Headers(), body: null }) as unknown as Response,
  }),
  fc.constantFrom(200, 400, 500).map(
    (s): Reply => ({
      describe: `${s} endless`,
      make: (signal, pulled) =>
        new Response(
          streamOf(signal, pulled, async () => new Uint8Array(CHUNK).fill(0x7b)),
          { status: s, headers: { 'content-type': 'application/json' } },
        ),
    }),
  ),
  fc.constant<Reply>({
    describe: 'declares 1 GiB',
    make: (signal, pulled) =>
      new Response(
        streamOf(signal, pulled, async () => new Uint8Array(CHUNK)),
        { status: 200, headers: { 'content-type': 'application/json', 'content-length': String(2 ** 30) } },
      ),
  }),
  fc.integer({ min: 1, max: 3 }).map((gapFactor) => ({
    describe: 'slow drip',
    make: (signal: AbortSignal | undefined, pulled: { bytes: number }) =>
      new Response(
        streamOf(
          signal,
          pulled,
          () => new Promise((r) => setTimeout(() => r(new TextEncoder().encode(' ')), (TIMEOUT_MS / 2) * gapFactor)),
        ),
        { status: 200, headers: { 'content-type': 'application/json' } },
      ),
  })),
  fc.constantFrom<Reply>({ describe: 'network error', make: () => 'network-error' }, { describe: 'no answer', make: () => 'hang' }),
);

/** A fetch that gives `reply` to every request, recording each one. */
function serving(reply: Reply) {
  const calls: { url: string; init?: RequestInit }[] = [];
  const pulled = { bytes: 0 };
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(input), init });
    const answer = reply.make(init?.signal ?? undefined, pulled);
    if (answer === 'network-error') throw new TypeError('Failed to fetch');
    if (answer === 'hang') {
      return new Promise<Response>((_resolve, reject) => {
        const signal = init?.signal;
        if (signal?.aborted) reject(signal.reason);
        signal?.addEventListener('abort', () => reject(signal.reason));
      });
    }
    return answer;
  }) as typeof fetch;
  return { fetchImpl, calls, pulled };
}

let one: SignedReport;
beforeAll(async () => {
  one = await makeSigned(await makeKeys());
});
beforeEach(() => fakeBrowser.reset());

const ENDPOINT = 'https://collector.example.org';

async function timed<T>(run: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const out = await run();
  expect(Date.now() - started).toBeLessThan(TIME_LIMIT_MS);
  return out;
}

function expectBounded(pulled: { bytes: number }) {
  expect(pulled.bytes).toBeLessThanOrEqual(MAX_REPLY_BYTES + 2 * CHUNK);
}

describe('postBatch against a hostile collector', () => {
  it('never throws, never follows, reads at most ~1 MiB and keeps its deadline', async () => {
    await fc.assert(
      fc.asyncProperty(replies, async (reply) => {
        const net = serving(reply);
        const outcome = await timed(() => postBatch(ENDPOINT, [one], net.fetchImpl, TIMEOUT_MS));
        expect(net.calls).toHaveLength(1);
        expect(net.calls[0]!.init?.redirect).toBe('manual');
        expectBounded(net.pulled);
        expect(['answered', 'split', 'refused', 'retry']).toContain(outcome.type);
        if (reply.describe.includes('redirect') || /^30\d to/.test(reply.describe))
          expect(outcome).toMatchObject({ type: 'retry', error: expect.stringMatching(/redirect/) });
        if (outcome.type === 'answered') {
          for (const id of outcome.accepted) expect(typeof id).toBe('string');
          for (const r of outcome.rejected) expect(typeof r.reason).toBe('string');
        }
        if (outcome.type === 'refused') expect(outcome.reason.length).toBeLessThanOrEqual(300);
      }),
      RUNS,
    );
  });
});

describe('askControl against a hostile collector', () => {
  it('never throws, never follows, and gives evidence that fits the report schema', async () => {
    await fc.assert(
      fc.asyncProperty(replies, async (reply) => {
        await fakeBrowser.storage.local.clear();
        const net = serving(reply);
        const outcome = await timed(() =>
          askControl(ENDPOINT, 'https://blocked.example.kz/', { fetchImpl: net.fetchImpl, timeoutMs: TIMEOUT_MS }),
        );
        expect(net.calls).toHaveLength(1);
        expect(net.calls[0]!.init?.redirect).toBe('manual');
        expectBounded(net.pulled);
        if ('evidence' in outcome) expect(ControlEvidenceSchema.safeParse(outcome.evidence).success).toBe(true);
        if (/^30\d to|opaque/.test(reply.describe))
          expect(outcome).toEqual({ status: 'unavailable', evidence: { unavailable: 'redirect' } });
      }),
      RUNS,
    );
  });
});

describe('testEndpoint against a hostile address', () => {
  it('never throws, never follows, and calls a redirect no collector', async () => {
    await fc.assert(
      fc.asyncProperty(replies, async (reply) => {
        const net = serving(reply);
        const result = await timed(() => testEndpoint(ENDPOINT, net.fetchImpl, TIMEOUT_MS));
        expect(net.calls).toHaveLength(1);
        expect(net.calls[0]!.init?.redirect).toBe('manual');
        expectBounded(net.pulled);
        if (/^30\d to|opaque/.test(reply.describe)) expect(result).toMatchObject({ ok: false, reason: 'not-a-collector' });
      }),
      RUNS,
    );
  });
});

describe('queryDoh against a hostile resolver', () => {
  it('never throws, reads little, and gives evidence that fits the report schema', async () => {
    await fc.assert(
      fc.asyncProperty(replies, async (reply) => {
        const net = serving(reply);
        const evidence = await timed(() =>
          queryDoh('https://dns.example/dns-query', 'blocked.example.kz', { fetchImpl: net.fetchImpl, timeoutMs: TIMEOUT_MS }),
        );
        expect(net.pulled.bytes).toBeLessThanOrEqual(2 * (64 * 1024 + 2 * CHUNK));
        expect(DnsEvidenceSchema.safeParse(evidence).success).toBe(true);
      }),
      RUNS,
    );
  });

  it('keeps only answers shaped like addresses, whatever the resolver puts in them', async () => {
    const dohAnswer = fc.record({
      Status: fc.integer({ min: 0, max: 5 }),
      Answer: fc.array(
        fc.record({
          type: fc.constantFrom(1, 28),
          data: fc.oneof(fc.ipV4(), fc.ipV6(), fc.string({ maxLength: 30 }), fc.string({ minLength: 40, maxLength: 300 })),
        }),
        { maxLength: 20 },
      ),
    });
    await fc.assert(
      fc.asyncProperty(dohAnswer, async (answer) => {
        const fetchImpl = (async () =>
          new Response(JSON.stringify(answer), { status: 200, headers: { 'content-type': 'application/dns-json' } })) as typeof fetch;
        const evidence = await queryDoh('https://dns.example/dns-query', 'blocked.example.kz', { fetchImpl, timeoutMs: TIMEOUT_MS });
        expect(DnsEvidenceSchema.safeParse(evidence).success).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});
