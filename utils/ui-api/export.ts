import type { QueuedReport } from '../storage/records';

/** The user's own copy of their history: every signed report with how its delivery went. */
export function reportsToJson(entries: QueuedReport[]): string {
  return JSON.stringify(
    {
      exportedAt: new Date().toISOString(),
      reports: entries.map((e) => ({
        status: e.status,
        queuedAt: new Date(e.queuedAt).toISOString(),
        ...(e.sentAt !== undefined && { sentAt: new Date(e.sentAt).toISOString() }),
        ...(e.rejectedReason !== undefined && { rejectedReason: e.rejectedReason }),
        report: e.signed.report,
        signature: e.signed.signature,
      })),
    },
    null,
    2,
  );
}

export const CSV_COLUMNS = [
  'id',
  'createdAt',
  'host',
  'url',
  'trigger',
  'kind',
  'confirmed',
  'status',
  'sentAt',
  'rejectedReason',
  'navigationError',
  'probeError',
  'probeStatus',
  'probeMs',
  'note',
] as const;

/**
 * RFC 4180 quoting. A cell a spreadsheet would run as a formula (=, +, -, @) is prefixed with an
 * apostrophe: the note is free text and must not turn into a command when the file is opened.
 */
export function csvCell(value: string | number | boolean | undefined): string {
  if (value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function reportsToCsv(entries: QueuedReport[]): string {
  const rows = entries.map((e) => {
    const r = e.signed.report;
    const cells: Record<(typeof CSV_COLUMNS)[number], string | number | boolean | undefined> = {
      id: r.id,
      createdAt: r.createdAt,
      host: r.host,
      url: r.url,
      trigger: r.trigger,
      kind: r.verdict.kind,
      confirmed: r.verdict.confirmed,
      status: e.status,
      sentAt: e.sentAt !== undefined ? new Date(e.sentAt).toISOString() : undefined,
      rejectedReason: e.rejectedReason,
      navigationError: r.evidence.navigationError,
      probeError: r.evidence.probe?.error,
      probeStatus: r.evidence.probe?.status,
      probeMs: r.evidence.probe?.ms,
      note: r.note,
    };
    return CSV_COLUMNS.map((c) => csvCell(cells[c])).join(',');
  });
  return `${[CSV_COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}
