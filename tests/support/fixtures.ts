/**
 * Helpers for the unit tests of utils/: a fresh IndexedDB per test, suspicions, probe results,
 * signed reports, and fake `fetch` implementations that behave like the browser's.
 */
import { IDBFactory } from 'fake-indexeddb';
import { openDB } from 'idb';
import { closeDb } from '../../utils/storage/db';
import type { ProbeResult, ProbeTracker } from '../../utils/confirm/probe';
import { buildSignedReport, type ReportInput } from '../../utils/report/build';
import type { PublicKeyJwk, SignedReport } from '../../utils/protocol/report-schema';
import { exportPublicKey, generateKeyPair } from '../../utils/protocol/signing';
import type { Verdict } from '../../utils/classify/1-probe-verdict';
import type { QueuedReport, Suspicion } from '../../utils/storage/records';
import { DEFAULT_CANARIES } from '../../utils/storage/settings-rules';

/** Closes the module's connection and swaps in an empty IndexedDB. */
export async function resetDb(): Promise<void> {
  await closeDb();
  globalThis.indexedDB = new IDBFactory();
}

export function makeSuspicion(overrides: Partial<Suspicion> = {}): Suspicion {
  const tabId = overrides.tabId ?? 7;
  const host = overrides.host ?? 'example.kz';
  return {
    key: `${tabId}|${host}`,
    tabId,
    url: `https://${host}/news/article?id=42#comments`,
    host,
    trigger: 'auto',
    observedAt: Date.parse('2024-03-01T10:00:00.000Z'),
    navigationError: 'net::ERR_CONNECTION_RESET',
    ...overrides,
  };
}

export function makeProbe(overrides: Partial<ProbeResult> = {}): ProbeResult {
  return { ok: false, error: 'net::ERR_CONNECTION_RESET', ms: 120, ...overrides };
}

export interface TestKeys {
  pair: CryptoKeyPair;
  publicKey: PublicKeyJwk;
}

export async function makeKeys(): Promise<TestKeys> {
  const pair = await generateKeyPair();
  return { pair, publicKey: await exportPublicKey(pair.publicKey) };
}

export const TEST_CLIENT = { version: '0.1.0', browser: 'Chromium 130' } as const;

export function reportInput(keys: TestKeys, overrides: Partial<ReportInput> = {}): ReportInput {
  const verdict: Verdict = { kind: 'tcp_reset', confirmed: true };
  return {
    suspicion: makeSuspicion(),
    verdict,
    probe: makeProbe(),
    urlDetail: 'origin',
    publicKey: keys.publicKey,
    client: { ...TEST_CLIENT },
    ...overrides,
  };
}

/** A real, validly signed report; `host` varies the site so reports differ. */
export async function makeSigned(keys: TestKeys, options: { host?: string; note?: string; id?: string } = {}): Promise<SignedReport> {
  const host = options.host ?? 'example.kz';
  const suspicion = makeSuspicion({ host, ...(options.note !== undefined && { note: options.note }) });
  return buildSignedReport(reportInput(keys, { suspicion, ...(options.id !== undefined && { id: options.id }) }), keys.pair.privateKey);
}

/** A queue entry without going through IndexedDB, for pure functions such as toBatches. */
export function asEntry(signed: SignedReport): QueuedReport {
  return { id: signed.report.id, signed, status: 'sending', attempts: 0, nextAttemptAt: 0, queuedAt: 0 };
}

/** The parsed body of a report POST. */
export function bodyOf(init: RequestInit | undefined): { reports: SignedReport[] } {
  return JSON.parse(String(init?.body)) as { reports: SignedReport[] };
}

export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

/** Rejects like a real fetch when its signal is aborted; otherwise never settles. */
export function hangingFetch(): typeof fetch {
  return ((_input: RequestInfo | URL, init?: RequestInit) =>
    new Promise<Response>((_resolve, reject) => {
      const signal = init?.signal;
      const abort = () => reject(new DOMException('This operation was aborted', 'AbortError'));
      if (signal?.aborted) abort();
      signal?.addEventListener('abort', abort);
    })) as typeof fetch;
}

let nextRequestId = 1000;

/**
 * A fetch that fails the way a browser's does: webRequest sees the background request (tabId -1)
 * and names the error, and fetch rejects with a bare TypeError.
 */
export function failingFetch(tracker: ProbeTracker, error: string): typeof fetch {
  return (async (input: RequestInfo | URL) => {
    const url = String(input);
    const requestId = String(nextRequestId++);
    tracker.onBeforeRequest({ requestId, url, tabId: -1 });
    tracker.onErrorOccurred({ requestId, url, tabId: -1, error });
    throw new TypeError('Failed to fetch');
  }) as typeof fetch;
}

/** A fetch that answers, after webRequest saw the background request. */
export function answeringFetch(tracker: ProbeTracker, status = 200, body = '<html>ok</html>'): typeof fetch {
  return (async (input: RequestInfo | URL) => {
    tracker.onBeforeRequest({ requestId: String(nextRequestId++), url: String(input), tabId: -1 });
    return new Response(body, { status });
  }) as typeof fetch;
}

/**
 * Wraps a fake fetch so the canary sites (utils/canaries.ts) answer: the network is up, and only
 * the site under test behaves as `fetchImpl` says.
 */
export function withCanariesUp(fetchImpl: typeof fetch, canaries: readonly string[] = DEFAULT_CANARIES): typeof fetch {
  const origins = new Set(canaries.map((c) => new URL(c).origin));
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    if (origins.has(new URL(String(input)).origin)) return new Response('<html>canary</html>', { status: 200 });
    return fetchImpl(input, init);
  }) as typeof fetch;
}

/** The database as Blockwatch's first version created it, for tests of the upgrade steps. */
export function openVersion1Db() {
  return openDB('blockwatch', 1, {
    upgrade(db) {
      db.createObjectStore('keys', { keyPath: 'name' });
      const reports = db.createObjectStore('reports', { keyPath: 'id' });
      reports.createIndex('status', 'status');
      reports.createIndex('queuedAt', 'queuedAt');
      db.createObjectStore('suspicions', { keyPath: 'key' });
      db.createObjectStore('recent', { keyPath: 'key' });
    },
  });
}
