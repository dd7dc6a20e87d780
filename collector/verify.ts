import type { z } from 'zod';
import { SignedReportSchema, type Report } from '../utils/report-schema';
import { verifyReport } from '../utils/signing';

export type CheckResult =
  | { ok: true; id: string; report: Report; signature: string }
  | { ok: false; id: string; reason: string };

const MAX_ISSUES = 3;
const MAX_MESSAGE = 80;

/** Validates one batch entry and verifies its signature against the key it carries. */
export async function checkEntry(entry: unknown): Promise<CheckResult> {
  const parsed = SignedReportSchema.safeParse(entry);
  if (!parsed.success) return { ok: false, id: entryId(entry), reason: summarizeIssues(parsed.error.issues) };
  const { report, signature } = parsed.data;
  if (!(await verifyReport(report, signature))) return { ok: false, id: report.id, reason: 'bad signature' };
  return { ok: true, id: report.id, report, signature };
}

function entryId(entry: unknown): string {
  if (typeof entry !== 'object' || entry === null) return 'unknown';
  const report = (entry as { report?: unknown }).report;
  if (typeof report !== 'object' || report === null) return 'unknown';
  const id = (report as { id?: unknown }).id;
  return typeof id === 'string' ? id : 'unknown';
}

/** e.g. `report.verdict.kind: invalid option; report.note: too big: expected string to have <=500 characters` */
export function summarizeIssues(issues: z.ZodError['issues']): string {
  const parts = issues.slice(0, MAX_ISSUES).map((issue) => {
    // Enum messages list every option; the part before the colon says enough.
    let message = issue.message.length > MAX_MESSAGE ? issue.message.split(':')[0]! : issue.message;
    message = message.charAt(0).toLowerCase() + message.slice(1);
    const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.').replace(/\.\[/g, '[');
    return path ? `${path}: ${message}` : message;
  });
  if (issues.length > MAX_ISSUES) parts.push(`+${issues.length - MAX_ISSUES} more`);
  return parts.join('; ');
}
