import { z } from 'zod';

/** Protocol v1 of the report, as docs/protocol.md specifies it. Types and the JSON Schema derive from here. */

export const VERDICT_KINDS = [
  'dns',
  'tcp_reset',
  'timeout',
  'tls',
  'tls_mitm',
  'blockpage',
  'unreachable',
  'down_everywhere',
  'throttled',
  'outage',
  'ok',
] as const;

export const VerdictKindSchema = z.enum(VERDICT_KINDS);
export type VerdictKind = z.infer<typeof VerdictKindSchema>;

export const MAX_NOTE_LENGTH = 500;
export const MAX_BATCH_REPORTS = 50;
export const MAX_BATCH_BYTES = 256 * 1024;

const base64url = z.string().regex(/^[A-Za-z0-9_-]+$/, 'must be base64url without padding');

export const PublicKeySchema = z
  .object({
    kty: z.literal('EC'),
    crv: z.literal('P-256'),
    x: base64url.length(43),
    y: base64url.length(43),
  })
  .strict();
export type PublicKeyJwk = z.infer<typeof PublicKeySchema>;

export const ProbeEvidenceSchema = z
  .object({
    error: z.string().max(200).optional(),
    status: z.number().int().min(100).max(599).optional(),
    ms: z.number().int().nonnegative(),
    timedOut: z.boolean().optional(),
  })
  .strict();

/** What a page looked like, as the reporter's probe or the collector's control fetched it. */
export const PageSummarySchema = z
  .object({
    status: z.number().int().min(100).max(599),
    /** The page's <title>, entities decoded, whitespace collapsed, at most 200 characters. */
    title: z.string().max(200),
    /** Bytes of the body, read to at most 256 KiB (so at most 262144). */
    bytes: z
      .number()
      .int()
      .nonnegative()
      .max(256 * 1024),
    /** The host the last redirect ended on, lower case. */
    finalHost: z.string().max(253),
  })
  .strict();
export type PageSummary = z.infer<typeof PageSummarySchema>;

export const BlockpageEvidenceSchema = z
  .object({
    fingerprint: z.string().min(1).max(100),
    source: z.enum(['status', 'header', 'body', 'dns', 'heuristic', 'control']),
    /** ISO 3166 codes the fingerprint was recorded in, comma-separated. */
    countries: z.string().max(100).optional(),
    /** The public dataset the fingerprint comes from; `blockwatch` for the heuristic. */
    dataset: z.enum(['ooni', 'censoredplanet', 'citizenlab', 'blockwatch']).optional(),
    confidence: z.number().min(0).max(1).optional(),
    /** The heuristic's matched signs, e.g. `blocking:ru`, `authority:ru`, `short`. */
    signals: z.array(z.string().max(40)).max(30).optional(),
    /** The page as the reporter's probe saw it, when it was compared with the control's. */
    page: PageSummarySchema.optional(),
  })
  .strict();

/** Pages that deny access without censorship: a CDN, the publisher, the host, a gate. */
export const DENIAL_FAMILIES = [
  'cdn_waf',
  'geo_restriction',
  'hosting_suspended',
  'maintenance',
  'login_gate',
  'age_gate',
  'server_error',
] as const;

/** A denial that is not censorship, recognised on the page; never reported automatically. */
export const DenialEvidenceSchema = z
  .object({
    family: z.enum(DENIAL_FAMILIES),
    /** What recognised it: a product (`cloudflare`, `akamai`, …) or a sign (`password-field`, …). */
    name: z.string().min(1).max(40),
  })
  .strict();

export const InterceptionEvidenceSchema = z
  .object({
    fingerprint: z.string().min(1).max(100),
    issuer: z.string().min(1).max(200),
    country: z.string().max(10),
    source: z.string().max(200),
  })
  .strict();

const hostOrigin = z.url({ protocol: /^https?$/ }).max(2048);

/** Local DNS failed (or looked wrong); what a DNS-over-HTTPS resolver said about the same name. */
export const DnsEvidenceSchema = z
  .object({
    /** Origin of the DoH resolver asked. */
    resolver: hostOrigin,
    answer: z.enum(['addresses', 'nxdomain', 'no_answer', 'unreachable', 'error']),
    addresses: z.array(z.string().max(45)).max(16).optional(),
    /** Why the resolver could not be asked: its own network error when it was unreachable. */
    error: z.string().max(200).optional(),
    ms: z.number().int().nonnegative(),
    /** The private address this browser's own DNS gave for a public name, when that looked wrong. */
    local: z.string().max(45).optional(),
  })
  .strict();

/** The collector's control measurement (POST /v1/control), or why there was none. */
export const ControlEvidenceSchema = z
  .object({
    ok: z.boolean().optional(),
    status: z.number().int().min(100).max(599).optional(),
    error: z.string().max(40).optional(),
    ms: z.number().int().nonnegative().optional(),
    unavailable: z.string().max(40).optional(),
    /** The page the collector got, from a collector that offers it. */
    page: PageSummarySchema.optional(),
  })
  .strict();

export const CanaryResultSchema = z
  .object({
    url: hostOrigin,
    ok: z.boolean(),
    status: z.number().int().min(100).max(599).optional(),
    error: z.string().max(200).optional(),
    ms: z.number().int().nonnegative(),
  })
  .strict();

/** Well-known sites checked to tell "this site fails" from "the whole network fails". */
export const CanariesEvidenceSchema = z
  .object({
    checked: z.number().int().nonnegative(),
    reachable: z.number().int().nonnegative(),
    results: z.array(CanaryResultSchema).max(10),
  })
  .strict();

/** A network-wide outage, reported once after connectivity returned. */
export const OutageEvidenceSchema = z
  .object({
    start: z.iso.datetime(),
    end: z.iso.datetime(),
    /** Failed loads held back during the outage and probed again after it. */
    held: z.number().int().nonnegative(),
  })
  .strict();

const timingMs = z.number().int().nonnegative();

/** One timed request: to the response headers, and where the browser showed them, its parts. */
export const TimingSampleSchema = z
  .object({
    /** From sending the request to the response headers, DNS, connection and TLS included. */
    ms: timingMs,
    /** TLS handshake of the new connection the request opened (`connectEnd − secureConnectionStart`). */
    tlsMs: timingMs.optional(),
    /** From the request sent to the first byte of the answer. */
    firstByteMs: timingMs.optional(),
    /** Why there is no answer: `timeout` or `failed`. */
    error: z.string().max(40).optional(),
  })
  .strict();

/**
 * A site timed repeatedly against a baseline at the same moments (kind `throttled`). The control's
 * own timing of the site is in `control`.
 */
export const ThrottlingEvidenceSchema = z
  .object({
    rounds: z
      .array(
        z
          .object({
            site: TimingSampleSchema,
            /** The median of the baseline sites measured at the same moment, and how many answered. */
            baseline: TimingSampleSchema.extend({ sites: z.number().int().nonnegative() }).strict().optional(),
          })
          .strict(),
      )
      .min(1)
      .max(10),
    /** The page load that raised the suspicion, as the browser timed it. */
    page: z.object({ tlsMs: timingMs.optional(), firstByteMs: timingMs.optional() }).strict().optional(),
  })
  .strict();

export const EvidenceSchema = z
  .object({
    navigationError: z.string().max(200).optional(),
    httpStatus: z.number().int().min(100).max(599).optional(),
    probe: ProbeEvidenceSchema.optional(),
    blockpage: BlockpageEvidenceSchema.optional(),
    interception: InterceptionEvidenceSchema.optional(),
    dns: DnsEvidenceSchema.optional(),
    control: ControlEvidenceSchema.optional(),
    canaries: CanariesEvidenceSchema.optional(),
    outage: OutageEvidenceSchema.optional(),
    denial: DenialEvidenceSchema.optional(),
    throttling: ThrottlingEvidenceSchema.optional(),
  })
  .strict();
export type Evidence = z.infer<typeof EvidenceSchema>;

/** Lower-case ASCII host name (punycode), no port, no trailing dot. */
export const HostSchema = z
  .string()
  .min(1)
  .max(253)
  // Underscores are not valid in DNS host names, yet browsers open them and blocklists name them.
  .regex(/^[a-z0-9_-]+(\.[a-z0-9_-]+)*$|^\[[0-9a-f:.]+\]$/, 'must be a lower-case punycode host name');

/** The network a report was measured from, as the collector named it (GET /v1/network); all null when withheld or unknown. */
export const ReportNetworkSchema = z
  .object({
    asn: z.number().int().min(0).max(4_294_967_295).nullable(),
    name: z.string().max(200).nullable(),
    cc: z
      .string()
      .regex(/^[A-Z]{2}$/, 'must be an ISO 3166 country code')
      .nullable(),
  })
  .strict();
export type ReportNetwork = z.infer<typeof ReportNetworkSchema>;

export const ReportSchema = z
  .object({
    v: z.literal(1),
    id: z.uuid(),
    createdAt: z.iso.datetime(),
    url: z
      .url({ protocol: /^https?$/ })
      .max(2048)
      .refine((u) => !u.includes('?') && !u.includes('#'), 'must not carry a query or fragment'),
    host: HostSchema,
    trigger: z.enum(['auto', 'manual']),
    verdict: z.object({ kind: VerdictKindSchema, confirmed: z.boolean() }).strict(),
    evidence: EvidenceSchema,
    client: z
      .object({
        name: z.literal('blockwatch'),
        version: z.string().min(1).max(40),
        browser: z.string().min(1).max(80),
      })
      .strict(),
    publicKey: PublicKeySchema,
    note: z.string().max(MAX_NOTE_LENGTH).optional(),
    network: ReportNetworkSchema.optional(),
  })
  .strict();
export type Report = z.infer<typeof ReportSchema>;

export const SignedReportSchema = z
  .object({
    report: ReportSchema,
    signature: base64url.length(86),
  })
  .strict();
export type SignedReport = z.infer<typeof SignedReportSchema>;

/** The request body; entries are validated one by one so one bad report does not sink a batch. */
export const BatchRequestSchema = z
  .object({
    reports: z.array(z.unknown()).min(1).max(MAX_BATCH_REPORTS),
  })
  .strict();

export const BatchResponseSchema = z.object({
  accepted: z.array(z.string()),
  rejected: z.array(z.object({ id: z.string(), reason: z.string() })),
});
export type BatchResponse = z.infer<typeof BatchResponseSchema>;

export function reportJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(SignedReportSchema, { target: 'draft-2020-12' }) as Record<string, unknown>;
}
