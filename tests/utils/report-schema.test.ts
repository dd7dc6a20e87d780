import { beforeAll, describe, expect, it } from 'vitest';
import {
  BatchRequestSchema,
  BatchResponseSchema,
  HostSchema,
  MAX_BATCH_REPORTS,
  MAX_NOTE_LENGTH,
  ReportSchema,
  reportJsonSchema,
  SignedReportSchema,
  VERDICT_KINDS,
  type Report,
} from '../../utils/protocol/report-schema';
import { buildReport } from '../../utils/report/build';
import { signReport } from '../../utils/protocol/signing';
import { makeKeys, reportInput, type TestKeys } from '../support/fixtures';

let keys: TestKeys;
let valid: Report;

beforeAll(async () => {
  keys = await makeKeys();
  valid = buildReport(reportInput(keys));
});

function withChange(change: (r: Record<string, unknown>) => void): unknown {
  const copy = structuredClone(valid) as unknown as Record<string, unknown>;
  change(copy);
  return copy;
}

describe('ReportSchema', () => {
  it('accepts a report as the extension builds it', () => {
    expect(ReportSchema.safeParse(valid).success).toBe(true);
  });

  it('knows exactly the kinds of the design table', () => {
    expect([...VERDICT_KINDS].sort()).toEqual(
      ['dns', 'tcp_reset', 'timeout', 'tls', 'tls_mitm', 'blockpage', 'unreachable', 'down_everywhere', 'throttled', 'outage', 'ok'].sort(),
    );
  });

  it.each<[string, (r: Record<string, unknown>) => void]>([
    ['another version', (r) => (r.v = 2)],
    ['an id that is not a UUID', (r) => (r.id = 'report-1')],
    ['a date that is not ISO 8601', (r) => (r.createdAt = 'yesterday')],
    ['a URL with a query', (r) => (r.url = 'https://example.kz/?q=1')],
    ['a URL with a fragment', (r) => (r.url = 'https://example.kz/#top')],
    ['a URL that is not http(s)', (r) => (r.url = 'ftp://example.kz/')],
    ['an upper-case host', (r) => (r.host = 'Example.kz')],
    ['a host with a port', (r) => (r.host = 'example.kz:443')],
    ['an unknown trigger', (r) => (r.trigger = 'scheduled')],
    ['an unknown kind', (r) => ((r.verdict as Record<string, unknown>).kind = 'censored')],
    ['an extra verdict field', (r) => ((r.verdict as Record<string, unknown>).why = 'x')],
    ['an extra top-level field', (r) => (r.ip = '203.0.113.5')],
    ['an extra evidence field', (r) => ((r.evidence as Record<string, unknown>).cookies = 'a=b')],
    ['another client name', (r) => ((r.client as Record<string, unknown>).name = 'other')],
    ['a private key in the JWK', (r) => ((r.publicKey as Record<string, unknown>).d = 'A'.repeat(43))],
    ['another curve', (r) => ((r.publicKey as Record<string, unknown>).crv = 'P-384')],
    ['a note that is too long', (r) => (r.note = 'x'.repeat(MAX_NOTE_LENGTH + 1))],
    ['a probe status out of range', (r) => ((r.evidence as { probe: Record<string, unknown> }).probe.status = 99)],
    ['a fractional probe time', (r) => ((r.evidence as { probe: Record<string, unknown> }).probe.ms = 1.5)],
  ])('rejects %s', (_label, change) => {
    expect(ReportSchema.safeParse(withChange(change)).success).toBe(false);
  });

  it('accepts a note of exactly the maximum length', () => {
    expect(ReportSchema.safeParse(withChange((r) => (r.note = 'x'.repeat(MAX_NOTE_LENGTH)))).success).toBe(true);
  });

  it('accepts every kind of the table', () => {
    for (const kind of VERDICT_KINDS) {
      expect(ReportSchema.safeParse(withChange((r) => ((r.verdict as Record<string, unknown>).kind = kind))).success, kind).toBe(true);
    }
  });
});

describe('HostSchema', () => {
  it.each(['example.kz', 'xn--e1afmkfd.kz', '8.8.8.8', '[2001:db8::1]', 'a-b.c-d.kz'])('accepts %s', (host) => {
    expect(HostSchema.safeParse(host).success).toBe(true);
  });

  it.each(['', 'Example.kz', 'пример.kz', 'example.kz.', 'example.kz:8080', 'exa mple.kz', 'https://example.kz'])('rejects %j', (host) => {
    expect(HostSchema.safeParse(host).success).toBe(false);
  });
});

describe('SignedReportSchema', () => {
  it('accepts a signed report and requires an 86-character base64url signature', async () => {
    const signature = await signReport(valid, keys.pair.privateKey);
    expect(SignedReportSchema.safeParse({ report: valid, signature }).success).toBe(true);
    expect(SignedReportSchema.safeParse({ report: valid, signature: signature.slice(1) }).success).toBe(false);
    expect(SignedReportSchema.safeParse({ report: valid, signature: `${signature.slice(2)}==` }).success).toBe(false);
    expect(SignedReportSchema.safeParse({ report: valid, signature, extra: 1 }).success).toBe(false);
  });
});

describe('batch schemas', () => {
  it('allows 1 to 50 reports in a request', () => {
    expect(BatchRequestSchema.safeParse({ reports: [] }).success).toBe(false);
    expect(BatchRequestSchema.safeParse({ reports: [{}] }).success).toBe(true);
    expect(BatchRequestSchema.safeParse({ reports: Array(MAX_BATCH_REPORTS).fill({}) }).success).toBe(true);
    expect(BatchRequestSchema.safeParse({ reports: Array(MAX_BATCH_REPORTS + 1).fill({}) }).success).toBe(false);
    expect(MAX_BATCH_REPORTS).toBe(50);
  });

  it('reads a v1 response and refuses other shapes', () => {
    expect(BatchResponseSchema.safeParse({ accepted: ['a'], rejected: [{ id: 'b', reason: 'bad' }] }).success).toBe(true);
    expect(BatchResponseSchema.safeParse({ accepted: ['a'] }).success).toBe(false);
    expect(BatchResponseSchema.safeParse({ accepted: 'a', rejected: [] }).success).toBe(false);
    expect(BatchResponseSchema.safeParse({ accepted: [], rejected: [{ id: 'b' }] }).success).toBe(false);
  });
});

describe('reportJsonSchema', () => {
  it('describes the signed report in JSON Schema 2020-12', () => {
    const schema = reportJsonSchema();
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.type).toBe('object');
    expect(schema.required).toEqual(expect.arrayContaining(['report', 'signature']));
    expect(JSON.stringify(schema)).toContain('tcp_reset');
  });
});
