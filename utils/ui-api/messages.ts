import { z } from 'zod';
import type { QueueStatus } from '../queue/queue';
import type { EndpointTest } from '../submit/endpoint-test';
import { MAX_NOTE_LENGTH } from '../protocol/report-schema';
import { ReportFilterSchema, type ReportPage, type ReportSummary } from './report-query';
import type { DeliveryStatus, QueuedReport } from '../storage/records';
import { type Settings, SettingsSchema } from '../storage/settings-rules';
import type { KeyInfo, PopupState } from './views';
import type { OthersStatus } from './views';

// Ten minutes at most, as the content script clamps them (observe/page-timing.ts).
const timingMs = z.number().int().min(0).max(600_000);
const PageTimingSchema = z.object({ tlsMs: timingMs.optional(), firstByteMs: timingMs.optional() }).strict();

/** Every message between the extension's pages and its background: name, payload, answer. */
export const requestSchemas = {
  getSettings: z.object({}).strict(),
  saveSettings: SettingsSchema.partial()
    .extend({ endpoint: z.string().max(2048).nullable().optional() })
    .strict(),
  listReports: z.object({}).strict(),
  countReports: z.object({}).strict(),
  resendReport: z.object({ id: z.string().min(1).max(100) }).strict(),
  deleteReport: z.object({ id: z.string().min(1).max(100) }).strict(),
  deleteAllReports: z.object({}).strict(),
  queueStatus: z.object({}).strict(),
  dismissQueueWarning: z.object({}).strict(),
  // From the content script, so from any page: only which signs it saw and an HTTP status that
  // matters, never a URL or text.
  // `timing`: the page's own handshake and first byte, sent only when one of them took seconds.
  blockpageCandidate: z
    .object({
      signals: z.array(z.string().max(40)).max(10),
      status: z.number().int().min(100).max(599).optional(),
      timing: PageTimingSchema.optional(),
    })
    .strict(),
  // From a collector's join page, after the user's click: nothing but the fact; the sender's URL names the endpoint.
  joinCollector: z.object({}).strict(),
  popupState: z.object({ tabId: z.number().int().nonnegative() }).strict(),
  reportSite: z.object({ tabId: z.number().int().nonnegative(), note: z.string().max(MAX_NOTE_LENGTH).optional() }).strict(),
  queryReports: z
    .object({ filter: ReportFilterSchema, offset: z.number().int().nonnegative(), limit: z.number().int().positive() })
    .strict(),
  getReport: z.object({ id: z.string().max(100) }).strict(),
  exportReports: z.object({ filter: ReportFilterSchema }).strict(),
  testEndpoint: z.object({ endpoint: z.string().max(2048) }).strict(),
  keyInfo: z.object({}).strict(),
  rotateKey: z.object({}).strict(),
  othersStatus: z.object({ tabId: z.number().int().nonnegative() }).strict(),
} as const;

export interface Responses {
  getSettings: Settings;
  saveSettings: Settings;
  listReports: QueuedReport[];
  countReports: Record<DeliveryStatus, number>;
  /** False when the report does not exist or is not rejected or held. */
  resendReport: boolean;
  /** False when there was no such report. */
  deleteReport: boolean;
  /** How many reports were deleted. */
  deleteAllReports: number;
  queueStatus: QueueStatus;
  /** Resets the count of refused reports; answers the status after that. */
  dismissQueueWarning: QueueStatus;
  blockpageCandidate: { queued: boolean };
  /** Whether Blockwatch opened its confirmation page. */
  joinCollector: { opened: boolean };
  popupState: PopupState;
  reportSite: ReportSummary;
  queryReports: ReportPage;
  getReport: QueuedReport | null;
  exportReports: QueuedReport[];
  testEndpoint: EndpointTest;
  keyInfo: KeyInfo;
  rotateKey: KeyInfo;
  /** What others reported about the tab's site, from the collector's public status. */
  othersStatus: OthersStatus;
}

export type MessageName = keyof typeof requestSchemas;
export type Payload<K extends MessageName> = z.infer<(typeof requestSchemas)[K]>;
export type Result<T> = { ok: true; data: T } | { ok: false; error: string };
/** Who sent a message, as the browser (not the message) says. */
export interface MessageSender {
  tab?: { id?: number };
  frameId?: number;
  url?: string;
  id?: string;
}
export type Handlers = { [K in MessageName]: (payload: Payload<K>, sender?: MessageSender) => Promise<Result<Responses[K]>> };

const EnvelopeSchema = z.object({
  blockwatch: z.enum(Object.keys(requestSchemas) as [MessageName, ...MessageName[]]),
  payload: z.unknown().optional(),
});

/** The only messages a content script, and so a hostile page that subverts it, may send. */
const WEB_PAGE_MESSAGES = new Set<MessageName>(['blockpageCandidate', 'joinCollector']);

/** Anything with a URL that is not one of the extension's own pages: web pages, files, frames. */
const fromWebPage = (sender?: MessageSender) => sender?.url !== undefined && !/^(chrome|moz)-extension:/i.test(sender.url);

/** Checks the envelope and payload, runs the handler, and turns any throw into an error result. */
export async function dispatch(handlers: Handlers, message: unknown, sender?: MessageSender): Promise<Result<unknown> | undefined> {
  const envelope = EnvelopeSchema.safeParse(message);
  if (!envelope.success) return undefined;
  const name = envelope.data.blockwatch;
  if (fromWebPage(sender) && !WEB_PAGE_MESSAGES.has(name)) return { ok: false, error: `${name} is not available to web pages` };
  const payload = requestSchemas[name].safeParse(envelope.data.payload ?? {});
  if (!payload.success) return { ok: false, error: `invalid ${name} payload: ${payload.error.issues[0]?.message ?? 'unknown'}` };
  try {
    const handler = handlers[name] as (p: unknown, s?: MessageSender) => Promise<Result<unknown>>;
    return await (sender === undefined ? handler(payload.data) : handler(payload.data, sender));
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
