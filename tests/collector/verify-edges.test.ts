/**
 * Edges of the collector's signature check that mutation testing found unguarded: the exact
 * bounds of the accepted dates, two reporters' keys kept apart, where the search for text the
 * database cannot hold stops, what comes back for entries that are not objects, and how a list
 * of schema problems is summed up.
 */
import { z } from 'zod';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkEntry, findUnstorableText, summarizeIssues } from '../../collector/verify';
import { keyFingerprint } from '../../utils/protocol/signing';
import { makeReporter, type Reporter } from './fixtures';

let alice: Reporter;
let bob: Reporter;
beforeAll(async () => {
  [alice, bob] = await Promise.all([makeReporter(), makeReporter()]);
});

describe('checkEntry dates', () => {
  it('accepts the first instant of 2000 and refuses the one before', async () => {
    expect((await checkEntry(await alice.signed({ createdAt: '2000-01-01T00:00:00.000Z' }))).ok).toBe(true);
    expect(await checkEntry(await alice.signed({ createdAt: '1999-12-31T23:59:59.999Z' }))).toMatchObject({
      ok: false,
      reason: 'report.createdAt: before the year 2000',
    });
  });

  it('accepts a clock up to a day ahead, and not a millisecond more', async () => {
    const now = Date.parse('2024-03-01T10:00:00.000Z');
    const dayAhead = new Date(now + 24 * 3600_000).toISOString();
    const beyond = new Date(now + 24 * 3600_000 + 1).toISOString();
    expect((await checkEntry(await alice.signed({ createdAt: dayAhead }), now)).ok).toBe(true);
    expect(await checkEntry(await alice.signed({ createdAt: beyond }), now)).toMatchObject({
      ok: false,
      reason: 'report.createdAt: in the future',
    });
  });
});

describe('checkEntry keys', () => {
  it('verifies each reporter with their own key, however their reports interleave', async () => {
    const entries = [await alice.signed(), await bob.signed(), await alice.signed(), await bob.signed()];
    const results = await Promise.all(entries.map((e) => checkEntry(e)));
    const [a, b] = await Promise.all([keyFingerprint(alice.publicKey), keyFingerprint(bob.publicKey)]);
    expect(results.map((r) => (r.ok ? r.keyFingerprint : r.reason))).toEqual([a, b, a, b]);
    expect(a).not.toBe(b);
  });
});

describe('checkEntry on entries that are not reports', () => {
  it.each([
    ['null', null],
    ['a string', 'garbage'],
    ['a report that is null', { report: null, signature: 'x' }],
    ['a report that is a number', { report: 7, signature: 'x' }],
  ])('answers "unknown" for %s, without failing', async (_name, entry) => {
    expect(await checkEntry(entry)).toMatchObject({ ok: false, id: 'unknown' });
  });
});

describe('findUnstorableText', () => {
  const nest = (depth: number, leaf: unknown): unknown => (depth === 0 ? leaf : [nest(depth - 1, leaf)]);

  it('follows nesting 64 levels down, and calls anything deeper unstorable', () => {
    expect(findUnstorableText(nest(64, 'fine'))).toBeNull();
    expect(findUnstorableText(nest(65, 'fine'))).toMatch(/^report(\[0\]){65}$/);
    expect(findUnstorableText(nest(200, 'fine'))).not.toBeNull();
    // The same through objects.
    const deep = (depth: number): unknown => (depth === 0 ? 'fine' : { k: deep(depth - 1) });
    expect(findUnstorableText(deep(64))).toBeNull();
    expect(findUnstorableText(deep(200))).toMatch(/^report(\.k){65}$/);
  });

  it('looks at every element and every key, and skips numbers, booleans and null', () => {
    expect(findUnstorableText(['ok', 'bad\u0000'])).toBe('report[1]');
    expect(findUnstorableText({ good: 'x', 'k\u0000': 'v' })).toBe('report');
    expect(findUnstorableText({ a: null, b: 1, c: true, d: [null, 2] })).toBeNull();
  });
});

describe('summarizeIssues', () => {
  const issuesOf = (schema: z.ZodType, value: unknown) => {
    const parsed = schema.safeParse(value);
    if (parsed.success) throw new Error('expected issues');
    return parsed.error.issues;
  };

  it('names nested fields with their array positions', () => {
    const schema = z.object({ reports: z.array(z.object({ report: z.object({ id: z.string() }) })) });
    expect(summarizeIssues(issuesOf(schema, { reports: [{ report: { id: 1 } }] }))).toMatch(/^reports\[0\]\.report\.id: invalid input/);
  });

  it('keeps three problems and counts the rest, separated by semicolons', () => {
    const schema = z.object({ a: z.string(), b: z.string(), c: z.string(), d: z.string() });
    const text = summarizeIssues(issuesOf(schema, {}));
    expect(text.split('; ')).toHaveLength(4);
    expect(text).toMatch(/^a: .+; b: .+; c: .+; \+1 more$/);
    const three = z.object({ a: z.string(), b: z.string(), c: z.string() });
    expect(summarizeIssues(issuesOf(three, {}))).not.toContain('more');
  });

  it('cuts a long message at its first colon, and keeps one of 80 characters whole', () => {
    const long = `${'x'.repeat(20)}: ${'y'.repeat(80)}`;
    const exact = `${'z'.repeat(40)}: ${'w'.repeat(38)}`;
    expect(exact).toHaveLength(80);
    const issue = (message: string) => [{ code: 'custom' as const, path: ['note'], message, input: undefined }];
    expect(summarizeIssues(issue(long))).toBe(`note: ${'x'.repeat(20)}`);
    expect(summarizeIssues(issue(exact))).toBe(`note: ${exact}`);
    expect(summarizeIssues([{ code: 'custom', path: [], message: 'Whole body', input: undefined }])).toBe('whole body');
  });
});
