import { Hono } from 'hono';
import {
  BatchRequestSchema,
  MAX_BATCH_BYTES,
  MAX_BATCH_REPORTS,
  type BatchResponse,
} from '../utils/report-schema';
import { keyFingerprint } from '../utils/signing';
import { registerControl, type ControlOptions } from './control';
import { publishedReportSchema } from './json-schema';
import type { ReportRow, ReportStore } from './store';
import { checkEntry, summarizeIssues, type CheckResult } from './verify';

type Accepted = Extract<CheckResult, { ok: true }>;
type Rejected = Extract<CheckResult, { ok: false }>;

/**
 * The collection endpoint of report protocol v1 (DESIGN.md). It never reads, logs or stores the
 * client's address: reporters may be at risk.
 */
export interface AppOptions {
  /** The control measurement (POST /v1/control); absent or `false`: not offered. */
  control?: ControlOptions | false;
}

export function createApp(store: ReportStore, options: AppOptions = {}): Hono {
  const app = new Hono();
  const schema = publishedReportSchema();

  app.get('/healthz', (c) => c.json({ ok: true }));
  app.get('/v1/schema', (c) => c.json(schema));

  app.post('/v1/reports', async (c) => {
    const bytes = await readLimited(c.req.raw, MAX_BATCH_BYTES);
    if (bytes === null) return c.json({ error: `body is larger than ${MAX_BATCH_BYTES} bytes` }, 413);

    let body: unknown;
    try {
      body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    } catch {
      return c.json({ error: 'body is not valid JSON' }, 400);
    }
    // 413, not 400: the client answers it by splitting the batch (DESIGN.md).
    if (hasTooManyReports(body)) return c.json({ error: `more than ${MAX_BATCH_REPORTS} reports` }, 413);
    const batch = BatchRequestSchema.safeParse(body);
    if (!batch.success) return c.json({ error: summarizeIssues(batch.error.issues) }, 400);

    const results = await Promise.all(batch.data.reports.map(checkEntry));
    const rows: ReportRow[] = await Promise.all(
      results
        .filter((r): r is Accepted => r.ok)
        .map(async ({ report, signature }) => ({ report, signature, keyFingerprint: await keyFingerprint(report.publicKey) })),
    );
    const accepted = await store.insertMany(rows);
    const rejected = results.filter((r): r is Rejected => !r.ok).map(({ id, reason }) => ({ id, reason }));
    return c.json({ accepted, rejected } satisfies BatchResponse);
  });

  if (options.control) registerControl(app, options.control);

  app.notFound((c) => c.json({ error: 'not found' }, 404));
  app.onError((err, c) => {
    console.error('collector: request failed:', err);
    return c.json({ error: 'internal error' }, 500);
  });
  return app;
}

function hasTooManyReports(body: unknown): boolean {
  if (typeof body !== 'object' || body === null) return false;
  const reports = (body as { reports?: unknown }).reports;
  return Array.isArray(reports) && reports.length > MAX_BATCH_REPORTS;
}

/** The body, or null when it is over `max` bytes: by its declared length, or by what actually arrives. */
async function readLimited(request: Request, max: number): Promise<Uint8Array | null> {
  if (Number(request.headers.get('content-length')) > max) return null;
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
