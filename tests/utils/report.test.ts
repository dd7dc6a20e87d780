import { beforeAll, describe, expect, it } from 'vitest';
import { browserLabel, buildReport, buildSignedReport } from '../../utils/report/build';
import { ReportSchema, SignedReportSchema, type Report } from '../../utils/protocol/report-schema';
import { verifyReport } from '../../utils/protocol/signing';
import { makeKeys, makeProbe, makeSuspicion, reportInput, type TestKeys } from '../support/fixtures';
import { redactUrl } from '../../utils/protocol/redact';

let keys: TestKeys;

beforeAll(async () => {
  keys = await makeKeys();
});

describe('redactUrl', () => {
  it('keeps only the origin by default', () => {
    expect(redactUrl('https://example.kz/news/2024/article?id=5&utm=x#comments', 'origin')).toBe('https://example.kz/');
    expect(redactUrl('http://example.kz:8080/a', 'origin')).toBe('http://example.kz:8080/');
  });

  it('keeps the path only when the user opted in, never query or fragment', () => {
    expect(redactUrl('https://example.kz/news/2024/article?id=5#comments', 'path')).toBe('https://example.kz/news/2024/article');
    expect(redactUrl('https://example.kz/?q=secret', 'path')).toBe('https://example.kz/');
  });

  it('never keeps credentials', () => {
    expect(redactUrl('https://user:pass@example.kz/private', 'origin')).toBe('https://example.kz/');
    expect(redactUrl('https://user:pass@example.kz/private', 'path')).toBe('https://example.kz/private');
  });
});

describe('browserLabel', () => {
  it('names the family and major version only', () => {
    expect(browserLabel('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.6723.91 Safari/537.36')).toBe(
      'Chromium 130',
    );
    expect(browserLabel('Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0')).toBe('Firefox 132');
    expect(
      browserLabel('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36'),
    ).toBe('Chromium 131');
    expect(browserLabel('curl/8.0')).toBe('unknown');
  });
});

describe('buildReport', () => {
  it('fills every protocol field from the suspicion, verdict and probe', () => {
    const report = buildReport(reportInput(keys, { id: '3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f' }));
    expect(report).toEqual({
      v: 1,
      id: '3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
      createdAt: '2024-03-01T10:00:00.000Z',
      url: 'https://example.kz/',
      host: 'example.kz',
      trigger: 'auto',
      verdict: { kind: 'tcp_reset', confirmed: true },
      evidence: {
        navigationError: 'net::ERR_CONNECTION_RESET',
        probe: { ms: 120, error: 'net::ERR_CONNECTION_RESET' },
      },
      client: { name: 'blockwatch', version: '0.1.0', browser: 'Chromium 130' },
      publicKey: keys.publicKey,
    });
    expect(ReportSchema.safeParse(report).success).toBe(true);
  });

  it('gives every report its own UUID', () => {
    const a = buildReport(reportInput(keys));
    const b = buildReport(reportInput(keys));
    expect(a.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a.id).not.toBe(b.id);
  });

  it('keeps the path only with urlDetail path, and never the query or fragment', () => {
    const origin = buildReport(reportInput(keys));
    const path = buildReport(reportInput(keys, { urlDetail: 'path' }));
    expect(origin.url).toBe('https://example.kz/');
    expect(path.url).toBe('https://example.kz/news/article');
    for (const report of [origin, path]) {
      expect(JSON.stringify(report)).not.toContain('id=42');
      expect(JSON.stringify(report)).not.toContain('comments');
    }
  });

  it('records a block page, HTTP status, timeout and note as evidence', () => {
    const blockpage = buildReport(
      reportInput(keys, {
        suspicion: makeSuspicion({ trigger: 'manual', navigationError: undefined, httpStatus: 451, note: 'Shows a ministry page' }),
        verdict: { kind: 'blockpage', confirmed: true, blockpage: { fingerprint: 'http-451', source: 'status' } },
        probe: { ok: true, status: 451, ms: 40 },
      }),
    );
    expect(blockpage.evidence).toEqual({
      httpStatus: 451,
      blockpage: { fingerprint: 'http-451', source: 'status' },
      probe: { ms: 40, status: 451 },
    });
    expect(blockpage.note).toBe('Shows a ministry page');
    expect(blockpage.trigger).toBe('manual');

    const timeout = buildReport(
      reportInput(keys, { verdict: { kind: 'timeout', confirmed: true }, probe: { ok: false, timedOut: true, ms: 15_000 } }),
    );
    expect(timeout.evidence.probe).toEqual({ ms: 15_000, timedOut: true });
    expect(timeout).not.toHaveProperty('note');
  });

  it('refuses to build a report that breaks the protocol', () => {
    expect(() => buildReport(reportInput(keys, { suspicion: makeSuspicion({ note: 'x'.repeat(501) }) }))).toThrow();
    expect(() => buildReport(reportInput(keys, { probe: makeProbe({ ms: -1 }) }))).toThrow();
  });

  it('builds a valid report (URL within 2048 characters) when the opted-in path is longer', () => {
    // A path longer than the protocol's 2048 characters, with the path opted in.
    const long = makeSuspicion({ url: `https://example.kz/${'a'.repeat(3000)}` });
    const report = buildReport(reportInput(keys, { suspicion: long, urlDetail: 'path' }));
    expect(report.url.length).toBeLessThanOrEqual(2048);
    expect(report.url.startsWith('https://example.kz/')).toBe(true);
  });

  it('builds a valid report for a host name with an underscore', () => {
    const host = 'my_site.example.kz';
    const suspicion = makeSuspicion({ host, url: `https://${host}/` });
    expect(new URL(suspicion.url).hostname).toBe(host);
    expect(buildReport(reportInput(keys, { suspicion })).host).toBe(host);
  });
});

describe('buildSignedReport', () => {
  it('signs the built report so that verifyReport accepts it', async () => {
    const signed = await buildSignedReport(reportInput(keys), keys.pair.privateKey);
    expect(SignedReportSchema.safeParse(signed).success).toBe(true);
    expect(await verifyReport(signed.report, signed.signature)).toBe(true);
  });

  it.each<[string, (r: Report) => Report]>([
    ['id', (r) => ({ ...r, id: crypto.randomUUID() })],
    ['createdAt', (r) => ({ ...r, createdAt: '2024-03-01T10:00:01.000Z' })],
    ['url', (r) => ({ ...r, url: 'https://example.kz/other' })],
    ['host', (r) => ({ ...r, host: 'example.com' })],
    ['trigger', (r) => ({ ...r, trigger: 'manual' })],
    ['verdict.kind', (r) => ({ ...r, verdict: { ...r.verdict, kind: 'dns' } })],
    ['verdict.confirmed', (r) => ({ ...r, verdict: { ...r.verdict, confirmed: false } })],
    ['evidence.probe.ms', (r) => ({ ...r, evidence: { ...r.evidence, probe: { ...r.evidence.probe!, ms: r.evidence.probe!.ms + 1 } } })],
    ['evidence.navigationError', (r) => ({ ...r, evidence: { ...r.evidence, navigationError: 'net::ERR_TIMED_OUT' } })],
    ['client.version', (r) => ({ ...r, client: { ...r.client, version: '0.1.1' } })],
    ['client.browser', (r) => ({ ...r, client: { ...r.client, browser: 'Firefox 132' } })],
    ['note (added)', (r) => ({ ...r, note: 'hello' })],
    ['evidence (field removed)', (r) => ({ ...r, evidence: { probe: r.evidence.probe! } })],
  ])('fails verification after %s changes', async (_field, change) => {
    const signed = await buildSignedReport(reportInput(keys), keys.pair.privateKey);
    expect(await verifyReport(signed.report, signed.signature)).toBe(true);
    expect(await verifyReport(change(signed.report), signed.signature)).toBe(false);
  });

  it('fails verification when the report is re-signed by another key but carries the first', async () => {
    const other = await makeKeys();
    const signed = await buildSignedReport(reportInput(keys), other.pair.privateKey);
    expect(await verifyReport(signed.report, signed.signature)).toBe(false);
  });
});
