import { beforeAll, describe, expect, it } from 'vitest';
import { checkEntry } from '../../collector/verify';
import { makeReporter, type Reporter } from './fixtures';

let reporter: Reporter;
beforeAll(async () => {
  reporter = await makeReporter();
});

describe('checkEntry', () => {
  it('accepts a correctly signed report', async () => {
    const entry = await reporter.signed();
    const result = await checkEntry(entry);
    expect(result).toEqual({ ok: true, id: entry.report.id, report: entry.report, signature: entry.signature });
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
});
