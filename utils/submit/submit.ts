import { claimDue, markForRetry, markRejected, markSent, MAX_BACKOFF_MS, postpone, release } from '../queue/queue';
import { BatchResponseSchema, MAX_BATCH_BYTES, MAX_BATCH_REPORTS, type SignedReport } from '../protocol/report-schema';
import type { DeliveryFailure, QueuedReport } from '../storage/records';
import { readBoundedJson, ReplyTooLargeError } from '../protocol/bounded-body';
import { isRedirect } from '../protocol/redirect-guard';

export const SUBMIT_TIMEOUT_MS = 30_000;

export type PostOutcome =
  | { type: 'answered'; accepted: string[]; rejected: { id: string; reason: string }[] }
  | { type: 'split' }
  | { type: 'refused'; reason: string }
  | { type: 'retry'; error: string; failure: DeliveryFailure; retryAfterMs?: number };

export function reportsUrl(endpoint: string): string {
  return `${endpoint.replace(/\/+$/, '')}/v1/reports`;
}

/** Seconds or an HTTP date, as RFC 9110 allows. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export function encodeBatch(reports: SignedReport[]): string {
  return JSON.stringify({ reports });
}

/** Groups reports into requests of at most 50 reports and 256 KiB, in order. */
export function toBatches<T extends { signed: SignedReport }>(entries: T[]): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = encodeBatch([]).length;
  for (const entry of entries) {
    const size = new TextEncoder().encode(JSON.stringify(entry.signed)).length + 1;
    if (current.length > 0 && (current.length >= MAX_BATCH_REPORTS || bytes + size > MAX_BATCH_BYTES)) {
      batches.push(current);
      current = [];
      bytes = encodeBatch([]).length;
    }
    current.push(entry);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

export async function postBatch(
  endpoint: string,
  reports: SignedReport[],
  fetchImpl: typeof fetch = fetch,
  timeoutMs = SUBMIT_TIMEOUT_MS,
): Promise<PostOutcome> {
  let response: Response;
  try {
    response = await fetchImpl(reportsUrl(endpoint), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: encodeBatch(reports),
      credentials: 'omit',
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
      // A redirect would re-send the signed batch elsewhere, plain http:// included: never followed.
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    return timedOut
      ? { type: 'retry', error: 'the collector did not answer in time', failure: 'timeout' }
      : { type: 'retry', error: 'the collector could not be reached', failure: 'unreachable' };
  }
  if (isRedirect(response)) {
    await response.body?.cancel().catch(() => undefined);
    return {
      type: 'retry',
      error: 'the collector answered with a redirect, which Blockwatch does not follow: check its address',
      failure: 'server',
    };
  }
  const retryAfterMs = parseRetryAfter(response.headers.get('Retry-After'));
  if (response.status === 413) return { type: 'split' };
  if (response.status === 400) return { type: 'refused', reason: await errorText(response) };
  if (!response.ok) {
    return {
      type: 'retry',
      error: `the collector answered HTTP ${response.status}`,
      failure: 'server',
      ...(retryAfterMs !== undefined && { retryAfterMs }),
    };
  }
  let body: unknown;
  try {
    body = await readBoundedJson(response);
  } catch (error) {
    // A connection dropped mid-body lands here too: either way the reports' fate is unknown.
    if (error instanceof ReplyTooLargeError)
      return { type: 'retry', error: 'the collector’s answer was too large', failure: 'invalid-response' };
    if (error instanceof SyntaxError)
      return { type: 'retry', error: 'the collector answered something that is not JSON', failure: 'invalid-response' };
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    if (timedOut) return { type: 'retry', error: 'the collector did not finish its answer in time', failure: 'timeout' };
    return { type: 'retry', error: 'the connection to the collector broke during its answer', failure: 'unreachable' };
  }
  const parsed = BatchResponseSchema.safeParse(body);
  if (!parsed.success) return { type: 'retry', error: 'the collector answered JSON that is not protocol v1', failure: 'invalid-response' };
  return { type: 'answered', ...parsed.data };
}

async function errorText(response: Response): Promise<string> {
  try {
    const body = (await readBoundedJson(response)) as { error?: unknown };
    if (typeof body.error === 'string') return body.error.slice(0, 300);
  } catch {
    // fall through to the status line
  }
  return `the collector refused the request (HTTP ${response.status})`;
}

export interface FlushSummary {
  sent: number;
  rejected: number;
  retried: number;
}

/** When the collector as a whole failed: the earliest moment to try it again, and its Retry-After deadline. */
interface CollectorWait {
  until: number;
  retryAfterUntil?: number;
  error: string;
  failure: DeliveryFailure;
}

/**
 * Sends one batch, splitting it when the collector says it is too large or refuses it whole.
 * Answers a wait when the collector failed the request, so the rest of the pass holds off too.
 */
async function deliver(
  endpoint: string,
  batch: QueuedReport[],
  fetchImpl: typeof fetch,
  summary: FlushSummary,
): Promise<CollectorWait | null> {
  const outcome = await postBatch(
    endpoint,
    batch.map((e) => e.signed),
    fetchImpl,
  );
  const ids = batch.map((e) => e.id);
  if ((outcome.type === 'split' || outcome.type === 'refused') && batch.length > 1) {
    const half = Math.ceil(batch.length / 2);
    const first = batch.slice(0, half);
    const second = batch.slice(half);
    const wait = await deliver(endpoint, first, fetchImpl, summary);
    if (wait) {
      await postpone(
        second.map((e) => e.id),
        wait,
      );
      summary.retried += second.length;
      return wait;
    }
    return deliver(endpoint, second, fetchImpl, summary);
  }
  if (outcome.type === 'split' || outcome.type === 'refused') {
    const reason = outcome.type === 'split' ? 'the collector says this report is too large' : outcome.reason;
    await markRejected(ids[0]!, reason);
    summary.rejected += 1;
    return null;
  }
  if (outcome.type === 'retry') {
    const now = Date.now();
    const until = await markForRetry(ids, outcome.error, {
      now,
      failure: outcome.failure,
      ...(outcome.retryAfterMs !== undefined && { retryAfterMs: outcome.retryAfterMs }),
    });
    summary.retried += ids.length;
    return {
      until: until ?? now,
      error: outcome.error,
      failure: outcome.failure,
      ...(outcome.retryAfterMs !== undefined && { retryAfterUntil: now + Math.min(outcome.retryAfterMs, MAX_BACKOFF_MS) }),
    };
  }
  const mine = new Set(ids);
  const accepted = outcome.accepted.filter((id) => mine.has(id));
  await markSent(accepted);
  summary.sent += accepted.length;
  for (const { id, reason } of outcome.rejected) {
    if (!mine.has(id) || accepted.includes(id)) continue;
    await markRejected(id, reason.slice(0, 300));
    summary.rejected += 1;
  }
  const answered = new Set([...accepted, ...outcome.rejected.map((r) => r.id)]);
  const unanswered = ids.filter((id) => !answered.has(id));
  if (unanswered.length > 0) {
    await markForRetry(unanswered, 'the collector did not answer for this report', { failure: 'invalid-response' });
    summary.retried += unanswered.length;
  }
  return null;
}

/** Sends everything that is due. Nothing is sent without an endpoint the user chose. */
export async function flushQueue(endpoint: string | null, fetchImpl: typeof fetch = fetch): Promise<FlushSummary> {
  const summary: FlushSummary = { sent: 0, rejected: 0, retried: 0 };
  if (!endpoint) return summary;
  for (;;) {
    const claimed = await claimDue(MAX_BATCH_REPORTS * 4);
    if (claimed.length === 0) return summary;
    const batches = toBatches(claimed);
    for (const [index, batch] of batches.entries()) {
      try {
        const wait = await deliver(endpoint, batch, fetchImpl, summary);
        if (wait) {
          // The collector is failing or asked to wait: no more requests to it in this pass.
          const rest = batches
            .slice(index + 1)
            .flat()
            .map((e) => e.id);
          await postpone(rest, wait);
          summary.retried += rest.length;
          return summary;
        }
      } catch (error) {
        // Storage failed mid-way: give the rest back untouched rather than leave it claimed.
        await release(
          batches
            .slice(index)
            .flat()
            .map((e) => e.id),
        ).catch(() => undefined);
        throw error;
      }
    }
    if (summary.retried > 0) return summary;
  }
}
