import { z } from 'zod';
import { getDb } from '../storage/db';
import { VerdictKindSchema, type VerdictKind } from '../protocol/report-schema';
import type { DeliveryStatus, QueuedReport } from '../storage/records';

/** What the history page filters on; every field optional, all of them must match. */
export const ReportFilterSchema = z
  .object({
    status: z.enum(['held', 'queued', 'sending', 'sent', 'rejected']).optional(),
    kind: VerdictKindSchema.optional(),
    trigger: z.enum(['auto', 'manual']).optional(),
    /** Part of a host name, case-insensitive. */
    host: z.string().max(253).optional(),
  })
  .strict();
export type ReportFilter = z.infer<typeof ReportFilterSchema>;

export const MAX_PAGE_SIZE = 200;

/** One line of the history: enough to show it, without the signed JSON behind it. */
export interface ReportSummary {
  id: string;
  host: string;
  url: string;
  kind: VerdictKind;
  confirmed: boolean;
  trigger: 'auto' | 'manual';
  createdAt: string;
  queuedAt: number;
  status: DeliveryStatus;
  attempts: number;
  sentAt?: number;
  rejectedReason?: string;
  lastError?: string;
}

export interface ReportPage {
  total: number;
  items: ReportSummary[];
}

export function summarize(entry: QueuedReport): ReportSummary {
  const { report } = entry.signed;
  return {
    id: entry.id,
    host: report.host,
    url: report.url,
    kind: report.verdict.kind,
    confirmed: report.verdict.confirmed,
    trigger: report.trigger,
    createdAt: report.createdAt,
    queuedAt: entry.queuedAt,
    status: entry.status,
    attempts: entry.attempts,
    ...(entry.sentAt !== undefined && { sentAt: entry.sentAt }),
    ...(entry.rejectedReason !== undefined && { rejectedReason: entry.rejectedReason }),
    ...(entry.lastError !== undefined && { lastError: entry.lastError }),
  };
}

export function matchesFilter(entry: QueuedReport, filter: ReportFilter): boolean {
  const { report } = entry.signed;
  if (filter.status && entry.status !== filter.status) return false;
  if (filter.kind && report.verdict.kind !== filter.kind) return false;
  if (filter.trigger && report.trigger !== filter.trigger) return false;
  const host = filter.host?.trim().toLowerCase();
  if (host && !report.host.includes(host)) return false;
  return true;
}

const isEmpty = (filter: ReportFilter) => !filter.status && !filter.kind && !filter.trigger && !filter.host?.trim();

/**
 * Newest first, one page at a time. Without a filter the page is read straight off the
 * `queuedAt` index, so the first screen of a long history costs the same as that of a short one.
 */
export async function queryReports(filter: ReportFilter, offset: number, limit: number): Promise<ReportPage> {
  const db = await getDb();
  const size = Math.max(1, Math.min(MAX_PAGE_SIZE, limit));
  if (isEmpty(filter)) {
    const tx = db.transaction('reports');
    const index = tx.store.index('queuedAt');
    const total = await index.count();
    const items: ReportSummary[] = [];
    let cursor = await index.openCursor(null, 'prev');
    if (cursor && offset > 0) cursor = await cursor.advance(offset);
    while (cursor && items.length < size) {
      items.push(summarize(cursor.value));
      cursor = await cursor.continue();
    }
    await tx.done;
    return { total, items };
  }
  const candidates = filter.status ? await db.getAllFromIndex('reports', 'status', filter.status) : await db.getAll('reports');
  const matching = candidates.filter((e) => matchesFilter(e, filter)).sort((a, b) => b.queuedAt - a.queuedAt);
  return { total: matching.length, items: matching.slice(offset, offset + size).map(summarize) };
}

/** Every report matching the filter, whole, newest first: for export. */
export async function exportableReports(filter: ReportFilter): Promise<QueuedReport[]> {
  const all = await (await getDb()).getAllFromIndex('reports', 'queuedAt');
  return all.reverse().filter((e) => matchesFilter(e, filter));
}

export async function getReport(id: string): Promise<QueuedReport | null> {
  return (await (await getDb()).get('reports', id)) ?? null;
}

/** The most recent report on a host, looking back over the latest `window` reports only. */
export async function latestReportFor(host: string, window = 500): Promise<QueuedReport | null> {
  const tx = (await getDb()).transaction('reports');
  let cursor = await tx.store.index('queuedAt').openCursor(null, 'prev');
  let seen = 0;
  let found: QueuedReport | null = null;
  while (cursor && seen < window) {
    if (cursor.value.signed.report.host === host) {
      found = cursor.value;
      break;
    }
    seen += 1;
    cursor = await cursor.continue();
  }
  await tx.done;
  return found;
}
