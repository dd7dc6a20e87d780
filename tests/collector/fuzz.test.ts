/**
 * Property-based tests of the collector's input handling: request bodies, report validation and
 * signature verification, the read side's parameters, the SSRF guard and the upload reader.
 * Runs are bounded (a few hundred cases each) so the file takes seconds.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../collector/app';
import { readLimited } from '../../collector/body';
import { ExportQuery, ListQuery, parseQuery, StatsQuery } from '../../collector/read-query';
import { checkTarget, isPublicAddress } from '../../collector/ssrf-guard';
import { openPgliteStore, type ReportRow, type ReportStore } from '../../collector/store';
import { checkEntry } from '../../collector/verify';
import { canonicalJson } from '../../utils/protocol/canonical-json';
import { verifyReport } from '../../utils/protocol/signing';
import { makeReporter, type Reporter, type SignedEntry } from './fixtures';
import { keySpellings, otherS } from './signature-forms';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

const RUNS = { numRuns: 150 };
const TOKEN = 'fuzz-token-0123456789abcdef';

let reporter: Reporter;
let valid: SignedEntry[];
let store: ReportStore;

beforeAll(async () => {
  [reporter, store] = await Promise.all([makeReporter(), openPgliteStore()]);
  valid = await Promise.all([
    reporter.signed(),
    reporter.signed({
      note: 'заметка',
      verdict: { kind: 'blockpage', confirmed: true },
      evidence: { httpStatus: 200, blockpage: { fingerprint: 'x', source: 'body' } },
    }),
    reporter.signed({ host: 'xn--e1afmkfd.kz', url: 'http://xn--e1afmkfd.kz/a?b=c', trigger: 'manual' }),
  ]);
  await store.insertMany(valid.map((e) => ({ ...e, keyFingerprint: '0011223344556677' })));
});
afterAll(() => store?.close());

/** A store that records what reached it and accepts everything. */
function recordingStore() {
  const inserted: ReportRow[] = [];
  const store: ReportStore = {
    insertMany: async (rows) => {
      inserted.push(...rows);
      return { accepted: rows.map((r) => r.report.id), conflicting: [] };
    },
    list: async () => [],
    count: async () => 0,
    stats: async () => ({ total: 0, reporters: 0, byKind: [], byHost: [], overTime: [], bucket: 'day' }),
    // The read side is not what these properties exercise.
    networks: {} as ReportStore['networks'],
    close: async () => undefined,
    description: 'recording',
  };
  return { store, inserted };
}

/** Sets (or, with `undefined`, deletes) the value at `path` in a deep copy. */
function mutate(value: unknown, path: string[], replacement: unknown): unknown {
  const copy = structuredClone(value) as Record<string, unknown>;
  let at: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) {
    if (typeof at[key] !== 'object' || at[key] === null) at[key] = {};
    at = at[key] as Record<string, unknown>;
  }
  const last = path[path.length - 1]!;
  if (replacement === undefined) delete at[last];
  else at[last] = replacement;
  return copy;
}

const PATHS = [
  ['signature'],
  ['report'],
  ['report', 'v'],
  ['report', 'id'],
  ['report', 'createdAt'],
  ['report', 'url'],
  ['report', 'host'],
  ['report', 'trigger'],
  ['report', 'note'],
  ['report', 'verdict', 'kind'],
  ['report', 'verdict', 'confirmed'],
  ['report', 'evidence', 'probe', 'ms'],
  ['report', 'evidence', 'navigationError'],
  ['report', 'client', 'version'],
  ['report', 'publicKey', 'x'],
  ['report', 'publicKey', 'y'],
  ['report', 'publicKey', 'crv'],
  ['report', 'extra'],
  ['extra'],
];

const hostile = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ maxLength: 80 }),
  fc.constantFrom(
    '\u0000',
    '\ud800',
    'a'.repeat(3000),
    '0000-01-01T00:00:00Z',
    '+275760-09-13T00:00:00.000Z',
    '__proto__',
    'constructor',
    -0,
    1e308,
    Number.MAX_SAFE_INTEGER + 2,
  ),
  fc.constant(undefined),
);

const entryMutation = fc.record({ base: fc.nat({ max: 2 }), path: fc.constantFrom(...PATHS), value: hostile });

describe('report validation and verification', () => {
  it('accepts an entry only when its signature covers exactly what it says, and never throws', async () => {
    await fc.assert(
      fc.asyncProperty(entryMutation, async ({ base, path, value }) => {
        const original = valid[base]!;
        const entry = mutate(original, path, value) as SignedEntry;
        const result = await checkEntry(entry);
        if (!result.ok) {
          expect(typeof result.reason).toBe('string');
          expect(result.reason.length).toBeLessThan(400);
          expect(result.id.length).toBeLessThanOrEqual(64);
          return;
        }
        expect(await verifyReport(result.report, result.signature)).toBe(true);
        expect(canonicalJson(result.report)).toBe(canonicalJson(original.report));
      }),
      RUNS,
    );
  });

  it('refuses every changed byte of a signature, yet takes the other S', async () => {
    const entry = valid[0]!;
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: 63 }), fc.integer({ min: 1, max: 255 }), async (index, xor) => {
        const raw = Buffer.from(entry.signature, 'base64url');
        raw[index] = raw[index]! ^ xor;
        expect(await checkEntry({ ...entry, signature: raw.toString('base64url') })).toMatchObject({ ok: false, reason: 'bad signature' });
      }),
      { numRuns: 100 },
    );
    expect(await checkEntry({ ...entry, signature: otherS(entry.signature) })).toMatchObject({ ok: true });
  });

  it('names every spelling of a key by one fingerprint', async () => {
    const spellings = keySpellings(reporter.publicKey);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...spellings), fc.constantFrom(...spellings), async (a, b) => {
        const [ra, rb] = await Promise.all([
          checkEntry(await reporter.signed({ publicKey: a })),
          checkEntry(await reporter.signed({ publicKey: b })),
        ]);
        expect(ra.ok && rb.ok && ra.keyFingerprint === rb.keyFingerprint).toBe(true);
      }),
      { numRuns: 30 },
    );
  });
});

describe('POST /v1/reports request parsing', () => {
  const contentTypes = fc.oneof(
    fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'APPLICATION/JSON',
    ),
    fc.string({ maxLength: 40 }),
  );
  const bodies = fc.oneof(
    fc.uint8Array({ maxLength: 2_000 }).map((b) => Buffer.from(b).toString('latin1')),
    fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
    fc.array(hostile, { maxLength: 60 }).map((reports) => JSON.stringify({ reports })),
    fc
      .array(entryMutation, { minLength: 1, maxLength: 5 })
      .map((ms) => JSON.stringify({ reports: ms.map(({ base, path, value }) => mutate(valid[base], path, value)) })),
  );

  it('answers every body with a protocol status and JSON, and stores only what verified', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      await fc.assert(
        fc.asyncProperty(contentTypes, bodies, async (type, body) => {
          const { store: recording, inserted } = recordingStore();
          const res = await createApp(recording).request('/v1/reports', { method: 'POST', headers: { 'content-type': type }, body });
          expect([200, 400, 413, 415]).toContain(res.status);
          // Only a declared JSON body is read: what a page can send without a preflight never is.
          if (type.split(';')[0]!.trim().toLowerCase() !== 'application/json') expect(res.status).toBe(415);
          const answer = (await res.json()) as { error?: unknown; accepted?: string[]; rejected?: unknown[] };
          if (res.status === 200) {
            expect(Array.isArray(answer.accepted) && Array.isArray(answer.rejected)).toBe(true);
          } else {
            expect(typeof answer.error).toBe('string');
            expect(inserted).toHaveLength(0);
          }
          for (const row of inserted) expect(await verifyReport(row.report, row.signature)).toBe(true);
        }),
        RUNS,
      );
      expect(errors).not.toHaveBeenCalled();
    } finally {
      errors.mockRestore();
    }
  });
});

describe('read-side parameters', () => {
  const pad = (n: number, width: number) => String(Math.abs(n)).padStart(width, '0');
  // Mostly four-digit years, where the format check passes and only the range can refuse.
  const year = fc.oneof(
    { arbitrary: fc.constantFrom(0, 1, 1969, 1970, 9999), weight: 2 },
    { arbitrary: fc.integer({ min: 0, max: 9999 }), weight: 2 },
    { arbitrary: fc.integer({ min: 1960, max: 2040 }), weight: 2 },
    { arbitrary: fc.integer({ min: -300_000, max: 300_000 }), weight: 1 },
  );
  const dateText = fc.oneof(
    fc
      .record({ y: year, m: fc.integer({ min: 0, max: 13 }), d: fc.integer({ min: 0, max: 32 }) })
      .map(({ y, m, d }) => `${y < 0 || y > 9999 ? (y < 0 ? '-' : '+') + pad(y, 6) : pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`),
    fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
    fc.constantFrom(
      '0000-01-01',
      '0001-01-01T00:00:00Z',
      '1969-12-31T23:59:59.999Z',
      '9999-12-31T23:59:59.999Z',
      '9999-12-31T23:59:59-05:00',
      '2024-02-30',
      'today',
    ),
  );
  const cursorText = fc.oneof(
    fc.tuple(dateText, fc.uuid()).map((pair) => Buffer.from(JSON.stringify(pair)).toString('base64url')),
    fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v) ?? '').toString('base64url')),
    fc.string({ maxLength: 40 }),
  );
  const value = fc.oneof(
    dateText,
    fc.string({ maxLength: 30 }),
    fc.nat().map(String),
    fc.constantFrom('day', 'week', 'hour', 'csv', 'json', 'blockpage', 'Пример.kz', '-1', '1001', '1e3'),
  );
  const query = fc
    .tuple(
      fc.record({ since: dateText, until: dateText, cursor: cursorText }, { requiredKeys: [] }),
      fc.dictionary(fc.constantFrom('host', 'kind', 'limit', 'bucket', 'top', 'format', 'x', '__proto__'), value, { maxKeys: 3 }),
    )
    .map(([dates, rest]) => ({ ...rest, ...dates }) as Record<string, string>);
  const path = fc.constantFrom(
    '/v1/reports',
    '/v1/stats',
    '/v1/export/reports',
    '/v1/export/hosts',
    '/v1/export/kinds',
    '/v1/export/time',
    '/v1/export/other',
  );

  it('parseQuery never throws, and passes on only instants the database can hold', () => {
    fc.assert(
      fc.property(query, (q) => {
        for (const schema of [ListQuery, StatsQuery, ExportQuery]) {
          const parsed = parseQuery(schema, q);
          if (!parsed.ok) {
            expect(typeof parsed.error).toBe('string');
            continue;
          }
          const v = parsed.value as { since?: Date; until?: Date; cursor?: { createdAt: string } };
          for (const d of [v.since, v.until, v.cursor && new Date(v.cursor.createdAt)]) {
            if (d) expect(d.toISOString()).toMatch(/^(19[7-9]\d|[2-9]\d{3})-/);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('answers 200, 400 or 404 to any query against a real database, and logs no failure', async () => {
    const app = createApp(store, { token: TOKEN });
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      await fc.assert(
        fc.asyncProperty(path, query, async (p, q) => {
          const res = await app.request(`${p}?${new URLSearchParams(q)}`, { headers: { authorization: `Bearer ${TOKEN}` } });
          expect([200, 400, 404]).toContain(res.status);
          // An export that began must also finish.
          await res.arrayBuffer();
        }),
        { numRuns: 200 },
      );
      expect(errors).not.toHaveBeenCalled();
    } finally {
      errors.mockRestore();
    }
  });
});

describe('the SSRF guard', () => {
  const octet = fc.integer({ min: 0, max: 255 });
  const privateV4 = fc.oneof(
    fc.tuple(octet, octet, octet).map(([b, c, d]) => `10.${b}.${c}.${d}`),
    fc.tuple(octet, octet, octet).map(([b, c, d]) => `127.${b}.${c}.${d}`),
    fc.tuple(octet, octet).map(([c, d]) => `169.254.${c}.${d}`),
    fc.tuple(octet, octet).map(([c, d]) => `192.168.${c}.${d}`),
    fc.tuple(fc.integer({ min: 16, max: 31 }), octet, octet).map(([b, c, d]) => `172.${b}.${c}.${d}`),
    fc.tuple(fc.integer({ min: 64, max: 127 }), octet, octet).map(([b, c, d]) => `100.${b}.${c}.${d}`),
    fc.tuple(octet, octet, octet).map(([b, c, d]) => `0.${b}.${c}.${d}`),
  );
  const hextet = fc.integer({ min: 0, max: 0xffff }).map((n) => n.toString(16));
  const privateV6 = fc.oneof(
    privateV4.map((a) => `::ffff:${a}`),
    privateV4.map((a) => `::${a}`),
    fc.tuple(fc.integer({ min: 0, max: 0xff }), hextet, hextet).map(([a, b, c]) => `${a.toString(16)}::${b}:${c}`),
    fc.tuple(fc.integer({ min: 0xfc00, max: 0xfdff }), hextet).map(([a, b]) => `${a.toString(16)}::${b}`),
    fc.tuple(fc.integer({ min: 0xfe80, max: 0xfebf }), hextet).map(([a, b]) => `${a.toString(16)}::${b}`),
  );

  it('never calls a private address public, however it is written', () => {
    fc.assert(
      fc.property(fc.oneof(privateV4, privateV6), (address) => {
        expect(isPublicAddress(address)).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('hands back only public addresses on the web ports, whatever URL and DNS answer it gets', async () => {
    const url = fc.oneof(
      fc.webUrl({ withQueryParameters: true }),
      fc
        .tuple(
          fc.constantFrom('http', 'https', 'ftp', 'file'),
          fc.oneof(
            privateV4,
            privateV6.map((a) => `[${a}]`),
            fc.domain(),
          ),
          fc.constantFrom('', ':80', ':443', ':22', ':8080'),
        )
        .map(([s, h, p]) => `${s}://${h}${p}/`),
      fc.string({ maxLength: 60 }),
    );
    const answer = fc.array(fc.oneof(privateV4, privateV6, fc.constantFrom('93.184.215.14', '2606:4700:4700::1111')), { maxLength: 3 });
    await fc.assert(
      fc.asyncProperty(url, answer, async (raw, answers) => {
        const check = await checkTarget(raw, {
          resolve: async () => answers.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
        });
        if (!check.ok) return;
        expect(isPublicAddress(check.target.address)).toBe(true);
        expect(['http:', 'https:']).toContain(check.url.protocol);
        expect(['', '80', '443']).toContain(check.url.port);
      }),
      { numRuns: 500 },
    );
  });
});

describe('the upload reader', () => {
  it('returns exactly the bytes sent, or null exactly when they exceed the limit, however they are chunked', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 12 }), fc.nat({ max: 2_000 }), async (chunks, max) => {
        const total = chunks.reduce((n, c) => n + c.byteLength, 0);
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            for (const c of chunks) controller.enqueue(c);
            controller.close();
          },
        });
        const read = await readLimited(new Request('http://collector.test/', { method: 'POST', body, duplex: 'half' } as RequestInit), max);
        if (total > max) expect(read).toBeNull();
        else expect(Buffer.from(read!)).toEqual(Buffer.concat(chunks));
      }),
      { numRuns: 200 },
    );
  });
});
