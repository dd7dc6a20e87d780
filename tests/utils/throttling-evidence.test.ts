import { describe, expect, it } from 'vitest';
import { EvidenceSchema, reportJsonSchema, ThrottlingEvidenceSchema } from '../../utils/protocol/report-schema';

const round = { site: { ms: 4_120, tlsMs: 4_010, firstByteMs: 52 }, baseline: { ms: 88, tlsMs: 31, firstByteMs: 20, sites: 3 } };
const evidence = { rounds: [round, round, round], page: { tlsMs: 4_200, firstByteMs: 60 } };

describe('evidence.throttling', () => {
  it('carries the rounds, each with the site and the baseline, and the page’s own timing', () => {
    expect(EvidenceSchema.parse({ throttling: evidence, control: { ok: true, status: 200, ms: 190 } }).throttling).toEqual(evidence);
    expect(ThrottlingEvidenceSchema.safeParse({ rounds: [{ site: { ms: 9_000, error: 'timeout' } }] }).success).toBe(true);
  });

  it('refuses no rounds, more than ten, negative or fractional times, and anything unnamed', () => {
    for (const bad of [
      { rounds: [] },
      { rounds: Array(11).fill(round) },
      { rounds: [{ site: { ms: -1 } }] },
      { rounds: [{ site: { ms: 1.5 } }] },
      { rounds: [{ ...round, url: 'https://elsewhere.example/' }] },
      { rounds: [{ site: round.site, baseline: { ms: 1, sites: 3, host: 'a' } }] },
      { rounds: [round], page: { tlsMs: 1, url: 'x' } },
      { rounds: [round], history: [] },
    ]) {
      expect(ThrottlingEvidenceSchema.safeParse(bad).success, JSON.stringify(bad).slice(0, 80)).toBe(false);
    }
  });

  it('is in the published JSON Schema', () => {
    const text = JSON.stringify(reportJsonSchema());
    expect(text).toContain('"throttling"');
    expect(text).toContain('"firstByteMs"');
  });
});
