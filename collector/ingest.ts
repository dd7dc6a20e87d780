import type { Context } from 'hono';
import { canonicalJson } from '../utils/protocol/canonical-json';
import { BatchRequestSchema, MAX_BATCH_BYTES, MAX_BATCH_REPORTS, type BatchResponse } from '../utils/protocol/report-schema';
import { readLimited } from './body';
import { receivedNetworkFor } from './network/columns';
import type { Network } from './network/lookup';
import { retryAfterSeconds, type TokenBuckets } from './rate-limit';
import type { StorageBudget } from './storage-budget';
import type { InsertResult, ReportStore } from './store';
import { checkEntry, summarizeIssues, type CheckResult } from './verify';

type Accepted = Extract<CheckResult, { ok: true }>;

export interface IngestOptions {
  /** Reports per reporter key; absent when rate limits are off. */
  perKey?: TokenBuckets;
  /** The network the request came from (never the address); absent when lookups are off. */
  networkOf?: (c: Context) => Network;
  /** The storage budget: counts a batch just before it is stored, or refuses it. */
  budget?: Pick<StorageBudget, 'reserve'>;
}

/** POST /v1/reports: protocol v1 (docs/protocol.md). The client's address is not stored; only the network it names is. */
export function ingestReports(store: ReportStore, { perKey, networkOf, budget }: IngestOptions = {}) {
  return async (c: Context) => {
    const bytes = await readLimited(c.req.raw, MAX_BATCH_BYTES);
    if (bytes === null) return c.json({ error: `body is larger than ${MAX_BATCH_BYTES} bytes` }, 413);

    let body: unknown;
    try {
      body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    } catch {
      return c.json({ error: 'body is not valid JSON' }, 400);
    }
    // 413, not 400: the client answers it by splitting the batch (docs/protocol.md).
    if (hasTooManyReports(body)) return c.json({ error: `more than ${MAX_BATCH_REPORTS} reports` }, 413);
    const batch = BatchRequestSchema.safeParse(body);
    if (!batch.success) return c.json({ error: summarizeIssues(batch.error.issues) }, 400);

    const results = await Promise.all(batch.data.reports.map((entry) => checkEntry(entry)));
    const rejected: BatchResponse['rejected'] = [];
    const valid: Accepted[] = [];
    const seen = new Map<string, Accepted>();
    for (const result of results) {
      if (!result.ok) {
        rejected.push({ id: result.id, reason: result.reason });
        continue;
      }
      const key = result.id.toLowerCase();
      const earlier = seen.get(key);
      if (earlier === undefined) {
        seen.set(key, result);
        valid.push(result);
      } else if (canonicalJson(earlier.report) !== canonicalJson(result.report)) {
        rejected.push({ id: result.id, reason: 'id repeated in this batch with a different report' });
      }
    }

    // Charged only for reports whose signature verified: nobody can spend another reporter's allowance.
    if (perKey && valid.length > 0) {
      const costs = new Map<string, number>();
      for (const r of valid) costs.set(r.keyFingerprint, (costs.get(r.keyFingerprint) ?? 0) + 1);
      const taken = perKey.take(costs);
      if (!taken.ok) return tooMany(c, taken.retryAfterMs, 'too many reports from this reporter key');
    }

    const received = valid.length > 0 ? networkOf?.(c) : undefined;
    const reservation = budget && valid.length > 0 ? await budget.reserve(c, valid.length, bytes.byteLength) : undefined;
    if (reservation && !reservation.ok) return reservation.response;
    let stored: InsertResult = { accepted: [], conflicting: [] };
    try {
      if (valid.length > 0) {
        stored = await store.insertMany(
          valid.map(({ report, signature, keyFingerprint }) => ({
            report,
            signature,
            keyFingerprint,
            receivedNetwork: receivedNetworkFor(report, received),
          })),
        );
      }
    } finally {
      reservation?.settle(stored.accepted.length);
    }
    for (const id of stored.conflicting) rejected.push({ id, reason: 'id already used by a different report' });
    return c.json({ accepted: stored.accepted, rejected } satisfies BatchResponse);
  };
}

export function tooMany(c: Context, retryAfterMs: number, error: string) {
  c.header('Retry-After', String(retryAfterSeconds(retryAfterMs)));
  return c.json({ error }, 429);
}

function hasTooManyReports(body: unknown): boolean {
  if (typeof body !== 'object' || body === null) return false;
  const reports = (body as { reports?: unknown }).reports;
  return Array.isArray(reports) && reports.length > MAX_BATCH_REPORTS;
}
