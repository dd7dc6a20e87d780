import { beforeAll, describe, expect, it } from 'vitest';
import { checkEntry, findUnstorableText } from '../../collector/verify';
import { keyFingerprint } from '../../utils/protocol/signing';
import { makeReporter, type Reporter } from './fixtures';

let reporter: Reporter;
beforeAll(async () => {
  reporter = await makeReporter();
});

describe('checkEntry', () => {
  it('accepts a correctly signed report', async () => {
    const entry = await reporter.signed();
    const result = await checkEntry(entry);
    expect(result).toEqual({
      ok: true,
      id: entry.report.id,
      report: entry.report,
      signature: entry.signature,
      keyFingerprint: await keyFingerprint(reporter.publicKey),
    });
  });

  it('rejects a report altered after signing', async () => {
    const entry = await reporter.signed();
    const altered = { ...entry, report: { ...entry.report, host: 'other.kz' } };
    expect(await checkEntry(altered)).toEqual({ ok: false, id: entry.report.id, reason: 'bad signature' });
  });

  it('rejects a report signed by a key other than the one it carries', async () => {
    const other = await makeReporter();
    const { signature } = await other.sign(reporter.report());
    const report = reporter.report();
    expect(await checkEntry({ report, signature })).toMatchObject({ ok: false, reason: 'bad signature' });
  });

  it('names the field of a schema violation, even when the signature is right', async () => {
    const entry = await reporter.signed({ verdict: { kind: 'censored', confirmed: true } });
    expect(await checkEntry(entry)).toEqual({ ok: false, id: entry.report.id, reason: 'report.verdict.kind: invalid option' });
  });

  it('rejects a note over 500 characters and a url with a query', async () => {
    const long = await checkEntry(await reporter.signed({ trigger: 'manual', note: 'x'.repeat(501) }));
    expect(long.ok).toBe(false);
    expect(!long.ok && long.reason).toMatch(/^report\.note: too big/);

    const query = await checkEntry(await reporter.signed({ url: 'https://example.kz/?utm=1' }));
    expect(!query.ok && query.reason).toBe('report.url: must not carry a query or fragment');
  });

  it('accepts a note of exactly 500 characters', async () => {
    expect((await checkEntry(await reporter.signed({ trigger: 'manual', note: 'x'.repeat(500) }))).ok).toBe(true);
  });

  it('uses "unknown" when the entry has no string id', async () => {
    expect(await checkEntry('nonsense')).toMatchObject({ ok: false, id: 'unknown' });
    expect(await checkEntry({ report: { id: 42 }, signature: 'x' })).toMatchObject({ ok: false, id: 'unknown' });
    expect(await checkEntry({ report: { id: 'not-a-uuid' } })).toMatchObject({ ok: false, id: 'not-a-uuid' });
  });

  it('keeps the reason short when many fields are wrong', async () => {
    const result = await checkEntry({ report: {}, signature: '' });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toMatch(/\+\d+ more$/);
      expect(result.reason.length).toBeLessThan(300);
    }
  });

  it('rejects correctly signed text the database cannot hold: NUL, unpaired surrogates, in values and in keys', async () => {
    const nul = await checkEntry(await reporter.signed({ trigger: 'manual', note: 'a\u0000b' }));
    expect(nul).toMatchObject({ ok: false, reason: 'report.note: contains a NUL character or an unpaired surrogate' });
    // Our canonicaliser refuses to sign unpaired surrogates; another client's might not. The check
    // comes before the signature, so any well-formed signature shows it.
    const { signature } = await reporter.signed();
    const surrogate = await checkEntry({ report: reporter.report({ evidence: { navigationError: 'net::ERR_\ud800' } }), signature });
    expect(surrogate).toMatchObject({
      ok: false,
      reason: 'report.evidence.navigationError: contains a NUL character or an unpaired surrogate',
    });
    // Evidence has no free-form keys: an odd key is refused by the schema before it could be stored.
    const key = await checkEntry({ report: reporter.report({ evidence: { 'x\udc00': 1 } as never }), signature });
    expect(key).toMatchObject({ ok: false });
    // Paired surrogates (emoji) and other scripts are fine.
    expect((await checkEntry(await reporter.signed({ trigger: 'manual', note: 'сайт заблокирован 🚫 بلوک' }))).ok).toBe(true);
  });

  it('finds unstorable text however deep, and gives up on absurd nesting', () => {
    expect(findUnstorableText({ a: [{ b: 'fine' }] })).toBeNull();
    expect(findUnstorableText({ a: [{ b: '\u0000' }] })).toBe('report.a[0].b');
    let deep: unknown = 'x';
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(findUnstorableText(deep)).not.toBeNull();
  });

  it('rejects dates the database or a chart would choke on: year 0, before 2000, the far future', async () => {
    const now = Date.parse('2026-06-01T00:00:00Z');
    for (const createdAt of ['0000-01-01T00:00:00Z', '1999-12-31T23:59:59Z']) {
      expect(await checkEntry(await reporter.signed({ createdAt }), now)).toMatchObject({
        ok: false,
        reason: 'report.createdAt: before the year 2000',
      });
    }
    expect(await checkEntry(await reporter.signed({ createdAt: '2026-06-03T00:00:00Z' }), now)).toMatchObject({
      ok: false,
      reason: 'report.createdAt: in the future',
    });
    // A clock running a few hours fast is tolerated.
    expect((await checkEntry(await reporter.signed({ createdAt: '2026-06-01T05:00:00Z' }), now)).ok).toBe(true);
  });

  it('rejects a key that is not a point on the curve', async () => {
    const entry = await reporter.signed();
    const bogus = { ...entry, report: { ...entry.report, publicKey: { ...entry.report.publicKey, x: 'A'.repeat(43) } } };
    expect(await checkEntry(bogus)).toMatchObject({ ok: false, reason: 'bad signature' });
  });

  it('cuts a giant id short when echoing it back', async () => {
    const result = await checkEntry({ report: { id: 'x'.repeat(10_000) }, signature: 'x' });
    expect(result.id).toBe('x'.repeat(64));
  });
});
