/** One key, one reporter: the fingerprint comes from the decoded point, whatever its spelling. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { canonicalPublicKey } from '../../collector/canonical-key';
import { createApp } from '../../collector/app';
import { DEFAULT_RATE_LIMITS } from '../../collector/config';
import { openPgliteStore, type ReportStore } from '../../collector/store';
import { checkEntry } from '../../collector/verify';
import { keyFingerprint, verifyReport } from '../../utils/protocol/signing';
import { makeReporter, type Reporter } from './fixtures';
import { isHighS, keySpellings, otherS } from './signature-forms';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let reporter: Reporter;
let store: ReportStore;
beforeAll(async () => {
  [reporter, store] = await Promise.all([makeReporter(), openPgliteStore()]);
});
afterAll(() => store?.close());

describe('10. the 16 spellings of a key', () => {
  it('are 16 distinct strings for one point', () => {
    const spellings = keySpellings(reporter.publicKey);
    expect(new Set(spellings.map((k) => `${k.x}.${k.y}`)).size).toBe(16);
    expect(spellings[0]).toEqual(reporter.publicKey);
  });

  it('all verify, and all give the fingerprint of the canonical key', async () => {
    const canonical = await keyFingerprint(reporter.publicKey);
    const fingerprints = new Set<string>();
    for (const publicKey of keySpellings(reporter.publicKey)) {
      const entry = await reporter.signed({ publicKey });
      const result = await checkEntry(entry);
      expect(result.ok, publicKey.x.at(-1)! + publicKey.y.at(-1)!).toBe(true);
      if (result.ok) fingerprints.add(result.keyFingerprint);
    }
    expect([...fingerprints]).toEqual([canonical]);
  });

  it('share one per-key allowance', async () => {
    const app = createApp(store, { rateLimits: { ...DEFAULT_RATE_LIMITS, keyPerHour: 50 } });
    const post = async (entries: unknown[]) =>
      app.request('/v1/reports', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ reports: entries }),
      });
    const spellings = keySpellings(reporter.publicKey);
    // 50 reports under the canonical spelling use the allowance up; no other spelling gets more.
    expect((await post(await Promise.all(Array.from({ length: 50 }, () => reporter.signed())))).status).toBe(200);
    for (const publicKey of spellings.slice(1)) expect((await post([await reporter.signed({ publicKey })])).status).toBe(429);
  });

  it('canonicalPublicKey re-encodes the decoded coordinates and refuses what is not 32 bytes', () => {
    for (const spelling of keySpellings(reporter.publicKey)) expect(canonicalPublicKey(spelling)).toEqual(reporter.publicKey);
    expect(canonicalPublicKey({ ...reporter.publicKey, x: 'A'.repeat(42) })).toBeNull();
    expect(canonicalPublicKey({ ...reporter.publicKey, y: '*'.repeat(43) })).toBeNull();
  });
});

describe('high-S signatures: accepted, and never a second report', () => {
  it('both forms of a signature verify', async () => {
    const entry = await reporter.signed();
    const other = otherS(entry.signature);
    expect(other).not.toBe(entry.signature);
    expect(isHighS(other)).toBe(!isHighS(entry.signature));
    expect(await verifyReport(entry.report, other)).toBe(true);
    expect(await checkEntry({ ...entry, signature: other })).toMatchObject({ ok: true });
  });

  it('the other form of a stored report is the same report: accepted again, stored once, first signature kept', async () => {
    const app = createApp(store);
    const entry = await reporter.signed();
    const post = async (signature: string) => {
      const body = JSON.stringify({ reports: [{ ...entry, signature }] });
      const res = await app.request('/v1/reports', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      return (await res.json()) as { accepted: string[]; rejected: unknown[] };
    };
    expect(await post(entry.signature)).toEqual({ accepted: [entry.report.id], rejected: [] });
    expect(await post(otherS(entry.signature))).toEqual({ accepted: [entry.report.id], rejected: [] });
    const stored = (await store.list({ limit: 1000 })).filter((r) => r.id === entry.report.id);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.signature).toBe(entry.signature);
  });
});
