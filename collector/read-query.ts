import { domainToASCII } from 'node:url';
import { z } from 'zod';
import { HostSchema, VerdictKindSchema } from '../utils/protocol/report-schema';
import { summarizeIssues } from './verify';
import { BUCKETS, MAX_LIMIT, type Cursor } from './store';
import { networkFilter } from './network/query';

/**
 * The instants a filter may name. PostgreSQL has no year 0 and JavaScript writes years past 9999
 * with a sign, so either would fail the query; no report predates 2000 anyway.
 */
export const FIRST_INSTANT = Date.parse('1970-01-01T00:00:00Z');
export const LAST_INSTANT = Date.parse('9999-12-31T23:59:59.999Z');
const inRange = (ms: number) => ms >= FIRST_INSTANT && ms <= LAST_INSTANT;

/** A whole instant, or a date (midnight UTC). */
const instant = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()])
  .transform((v) => new Date(v))
  .refine((d) => !Number.isNaN(d.getTime()), 'not a real date')
  .refine((d) => Number.isNaN(d.getTime()) || inRange(d.getTime()), 'must be from 1970-01-01 to 9999-12-31');

/** People type host names as they read them: `Пример.kz.` means `xn--e1afmkfd.kz`. */
const host = z
  .string()
  .transform((v) => domainToASCII(v.trim().replace(/\.$/, '')).toLowerCase() || v)
  .pipe(HostSchema);

const count = (max: number) => z.string().regex(/^\d+$/, 'must be a whole number').transform(Number).pipe(z.number().int().min(1).max(max));

const cursor = z.string().transform((v, ctx): Cursor => {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(v, 'base64url').toString('utf8')) as unknown[];
    if (typeof createdAt === 'string' && typeof id === 'string' && inRange(Date.parse(createdAt)) && z.uuid().safeParse(id).success) {
      return { createdAt, id };
    }
  } catch {
    // falls through to the issue below
  }
  ctx.addIssue({ code: 'custom', message: 'not a cursor this collector gave out' });
  return z.NEVER;
});

export function encodeCursor({ createdAt, id }: Cursor): string {
  return Buffer.from(JSON.stringify([createdAt, id]), 'utf8').toString('base64url');
}

const filter = {
  since: instant.optional(),
  until: instant.optional(),
  host: host.optional(),
  kind: VerdictKindSchema.optional(),
  ...networkFilter,
};

export const ListQuery = z.object({ ...filter, limit: count(MAX_LIMIT).optional(), cursor: cursor.optional() }).strict();
export const StatsQuery = z.object({ ...filter, bucket: z.enum(BUCKETS).optional(), top: count(MAX_LIMIT).optional() }).strict();
export const ExportQuery = z
  .object({ ...filter, format: z.enum(['csv', 'json']).optional(), bucket: z.enum(BUCKETS).optional(), top: count(MAX_LIMIT).optional() })
  .strict();

export type ParsedQuery<S extends z.ZodType> = { ok: true; value: z.infer<S> } | { ok: false; error: string };

/** Query parameters, checked: an unknown or malformed one is a 400 with its name, never ignored. */
export function parseQuery<S extends z.ZodType>(schema: S, query: Record<string, string>): ParsedQuery<S> {
  const parsed = schema.safeParse(query);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, error: summarizeIssues(parsed.error.issues) };
}
