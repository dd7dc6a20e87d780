import type { Context } from 'hono';
import { canonicalJson } from '../utils/protocol/canonical-json';
import { VERDICT_KINDS } from '../utils/protocol/report-schema';
import { toCsv } from './csv-cells';
import { ExportQuery, ListQuery, StatsQuery, encodeCursor, parseQuery } from './read-query';
import { isNetworkDataset, NETWORK_DATASETS, networkTable, REPORT_NETWORK_CSV_COLUMNS, reportNetworkCells } from './network/read-side';
import { DEFAULT_LIMIT, type Cursor, type ReportFilter, type ReportStore, type Stats, type StoredReport } from './store';

/** GET /v1/reports: newest first, a page at a time, each with its signature. */
export function listReports(store: ReportStore) {
  return async (c: Context) => {
    const query = parseQuery(ListQuery, c.req.query());
    if (!query.ok) return c.json({ error: query.error }, 400);
    const { limit = DEFAULT_LIMIT, cursor, ...filter } = query.value;
    const reports = await store.list({ ...filter, limit, after: cursor });
    const last = reports[reports.length - 1];
    return c.json({ reports, next: reports.length === limit && last ? encodeCursor(last) : null });
  };
}

/** GET /v1/stats: counts by host, by kind and over time. */
export function reportStats(store: ReportStore) {
  return async (c: Context) => {
    const query = parseQuery(StatsQuery, c.req.query());
    if (!query.ok) return c.json({ error: query.error }, 400);
    const { bucket, top, ...filter } = query.value;
    const [stats, networks] = await Promise.all([store.stats(filter, { bucket, top }), store.networks.stats(filter, { top })]);
    return c.json({ ...stats, ...networks });
  };
}

const DATASETS = ['reports', 'hosts', 'kinds', 'time', ...NETWORK_DATASETS] as const;
type Dataset = (typeof DATASETS)[number];
const EXPORT_PAGE = 500;

/** GET /v1/export/:dataset?format=csv|json — a download of everything matching the filter. */
export function exportData(store: ReportStore) {
  return async (c: Context) => {
    const dataset = c.req.param('dataset') as Dataset;
    if (!DATASETS.includes(dataset)) return c.json({ error: `unknown dataset; one of ${DATASETS.join(', ')}` }, 404);
    const query = parseQuery(ExportQuery, c.req.query());
    if (!query.ok) return c.json({ error: query.error }, 400);
    const { format = 'csv', bucket, top = 1000, ...filter } = query.value;

    c.header('Content-Disposition', `attachment; filename="blockwatch-${dataset}-${new Date().toISOString().slice(0, 10)}.${format}"`);
    c.header('Cache-Control', 'no-store');
    if (format === 'csv') c.header('Content-Type', 'text/csv; charset=utf-8');
    else c.header('Content-Type', 'application/json; charset=utf-8');

    if (dataset === 'reports') return c.body(await streamReports(store, filter, format));
    const table = isNetworkDataset(dataset)
      ? await networkTable(store, dataset, filter, top)
      : statsTable(dataset, await store.stats(filter, { bucket, top }));
    if (format === 'json') return c.body(JSON.stringify(table.rows, null, 2));
    return c.body(csv([table.columns, ...table.rows.map((row) => table.columns.map((col) => row[col]))]));
  };
}

/** Formulas defused in every cell (csv-cells.ts); the signature alone is written as signed. */
function csv(rows: unknown[][], verbatim?: ReadonlySet<number>): string {
  return toCsv(rows, verbatim);
}

export const REPORT_CSV_COLUMNS = [
  'id',
  'created_at',
  'received_at',
  'host',
  'kind',
  'confirmed',
  'trigger',
  'url',
  'note',
  'client_version',
  'browser',
  ...REPORT_NETWORK_CSV_COLUMNS,
  'key_fingerprint',
  'evidence',
  'signature',
  'report_jcs',
] as const;
const VERBATIM_REPORT_COLUMNS = new Set([REPORT_CSV_COLUMNS.indexOf('signature')]);

function reportCsvRow(r: StoredReport): unknown[] {
  return [
    r.id,
    r.createdAt,
    r.receivedAt,
    r.host,
    r.kind,
    r.report.verdict.confirmed,
    r.trigger,
    r.report.url,
    r.report.note ?? '',
    r.report.client.version,
    r.report.client.browser,
    ...reportNetworkCells(r),
    r.keyFingerprint,
    JSON.stringify(r.report.evidence),
    r.signature,
    // The exact bytes that were signed: verify `signature` over this cell with the key inside it.
    canonicalJson(r.report),
  ];
}

/**
 * Page by page from the database, so an export of millions of reports never sits in memory. The
 * first page is read before the answer starts: a query that fails then is an error status, not a
 * 200 that breaks off.
 */
async function streamReports(store: ReportStore, filter: ReportFilter, format: 'csv' | 'json'): Promise<ReadableStream<Uint8Array>> {
  const encoder = new TextEncoder();
  let after: Cursor | undefined;
  let first = true;
  let done = false;
  let ready: StoredReport[] | undefined = await store.list({ ...filter, limit: EXPORT_PAGE });
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (done) return;
      const page = ready ?? (await store.list({ ...filter, limit: EXPORT_PAGE, after }));
      ready = undefined;
      let text = '';
      if (format === 'csv') {
        text = csv([...(first ? [[...REPORT_CSV_COLUMNS]] : []), ...page.map(reportCsvRow)], VERBATIM_REPORT_COLUMNS);
      } else {
        text = page.map((r, i) => `${first && i === 0 ? '[\n' : ',\n'}${JSON.stringify(r)}`).join('');
        if (first && page.length === 0) text = '[';
        if (page.length < EXPORT_PAGE) text += '\n]\n';
      }
      first = false;
      if (text) controller.enqueue(encoder.encode(text));
      const last = page[page.length - 1];
      if (page.length < EXPORT_PAGE || !last) {
        done = true;
        controller.close();
      } else {
        after = { createdAt: last.createdAt, id: last.id };
      }
    },
  });
}

function statsTable(
  dataset: Exclude<Dataset, 'reports' | (typeof NETWORK_DATASETS)[number]>,
  stats: Stats,
): { columns: string[]; rows: Record<string, unknown>[] } {
  switch (dataset) {
    case 'hosts':
      return { columns: ['host', 'count', 'reporters', 'lastSeen'], rows: stats.byHost };
    case 'kinds':
      return { columns: ['kind', 'count'], rows: stats.byKind };
    case 'time':
      return {
        columns: ['t', 'count', ...VERDICT_KINDS],
        rows: stats.overTime.map(({ t, count, byKind }) => ({
          t,
          count,
          ...Object.fromEntries(VERDICT_KINDS.map((k) => [k, byKind[k] ?? 0])),
        })),
      };
  }
}
