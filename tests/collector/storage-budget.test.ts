/**
 * The storage budget: past the operator's limits the collector refuses new reports with 503 and a
 * reason, says so once in its log, keeps serving reads, and loses nothing it stored. Tested under
 * a flood of concurrent batches from many keys and networks.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../collector/app';
import { isDatabaseUnavailable } from '../../collector/db';
import { loadStorageBudget } from '../../collector/storage-budget-config';
import { openPgliteStore, type ReportStore } from '../../collector/store';
import { makeReporter, type Reporter } from './fixtures';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

const TOKEN = 'budget-token-0123456789abcdef';
const MB = 1024 * 1024;
let reporters: Reporter[];
let store: ReportStore;

beforeAll(async () => {
  [store, ...reporters] = (await Promise.all([openPgliteStore(), ...Array.from({ length: 6 }, () => makeReporter())])) as [
    ReportStore,
    ...Reporter[],
  ];
});
afterAll(() => store?.close());

type App = ReturnType<typeof createApp>;

function post(app: App, entries: unknown[], network = '203.0.113.1') {
  return app.request('/v1/reports', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': network },
    body: JSON.stringify({ reports: entries }),
  });
}

const batch = (reporter: Reporter, n: number, host = 'flood.example.kz') =>
  Promise.all(Array.from({ length: n }, () => reporter.signed({ host, url: `https://${host}/` })));

async function flood(app: App, { batches, size, networks, host }: { batches: number; size: number; networks: string[]; host: string }) {
  const bodies = await Promise.all(Array.from({ length: batches }, (_, i) => batch(reporters[i % reporters.length]!, size, host)));
  const answers = await Promise.all(
    bodies.map(async (entries, i) => {
      const res = await post(app, entries, networks[i % networks.length]);
      return {
        status: res.status,
        body: (await res.json()) as { accepted?: string[]; error?: string; reason?: string },
        retryAfter: res.headers.get('retry-after'),
      };
    }),
  );
  return answers;
}

async function storedIds(host: string): Promise<Set<string>> {
  return new Set((await store.list({ host, limit: 1000 })).map((r) => r.id));
}

describe('the daily budget', () => {
  it('holds under a flood: 503 with a reason, one log line, reads go on, nothing accepted is lost', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      // Everything in this store was received today: the budget is 60 more than it holds.
      const before = await store.count();
      const app = createApp(store, { token: TOKEN, trustProxy: 1, storageBudget: { maxReportsPerDay: before + 60 }, storageRefreshMs: 0 });
      const answers = await flood(app, {
        batches: 30,
        size: 10,
        networks: ['203.0.113.1', '198.51.100.1', '192.0.2.1'],
        host: 'daily.example.kz',
      });

      const accepted = answers.filter((a) => a.status === 200).flatMap((a) => a.body.accepted ?? []);
      const refused = answers.filter((a) => a.status === 503);
      expect(refused.length).toBeGreaterThan(0);
      expect(answers.every((a) => a.status === 200 || a.status === 503)).toBe(true);
      for (const r of refused) {
        expect(r.body).toMatchObject({ error: expect.stringMatching(/storage budget/), reason: 'reports-per-day' });
        expect(Number(r.retryAfter)).toBeGreaterThan(0);
      }
      // A batch that crosses the line is taken whole; the overshoot is bounded by the batches in flight.
      const stored = await storedIds('daily.example.kz');
      expect(stored.size).toBe(accepted.length);
      expect(stored.size).toBeGreaterThanOrEqual(60);
      expect(stored.size).toBeLessThan(60 + 10);
      expect(await store.count()).toBe(before + accepted.length);
      for (const id of accepted) expect(stored.has(id)).toBe(true);

      const lines = warn.mock.calls.map((c) => c.join(' ')).filter((l) => /storage budget/.test(l));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/STORAGE_MAX_REPORTS_PER_DAY/);

      // Reads are untouched by the budget.
      const auth = { authorization: `Bearer ${TOKEN}` };
      expect((await app.request('/v1/stats', { headers: auth })).status).toBe(200);
      expect((await app.request('/v1/reports?host=daily.example.kz', { headers: auth })).status).toBe(200);
      expect((await app.request('/v1/export/reports?host=daily.example.kz&format=json', { headers: auth })).status).toBe(200);
      // Still refused, and still no second log line.
      expect((await post(app, await batch(reporters[0]!, 1, 'daily.example.kz'))).status).toBe(503);
      expect(warn.mock.calls.filter((c) => /storage budget/.test(c.join(' ')))).toHaveLength(1);
    } finally {
      warn.mockRestore();
    }
  });

  it('opens again on the next UTC day', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      let now = Date.parse('2031-05-01T23:59:00Z');
      const app = createApp(store, { storageBudget: { maxNetworkReportsPerDay: 5 }, now: () => now });
      expect((await post(app, await batch(reporters[1]!, 5, 'midnight.example.kz'))).status).toBe(200);
      const refused = await post(app, await batch(reporters[1]!, 1, 'midnight.example.kz'));
      expect(refused.status).toBe(503);
      // Retry-After points at midnight, not later.
      expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      now += 120_000;
      expect((await post(app, await batch(reporters[1]!, 1, 'midnight.example.kz'))).status).toBe(200);
    } finally {
      warn.mockRestore();
    }
  });
});

describe('the per-network daily budget', () => {
  it('refuses the flooding network while the others still report', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const app = createApp(store, { trustProxy: 1, storageBudget: { maxNetworkReportsPerDay: 20 } });
      const flooding = await flood(app, { batches: 12, size: 5, networks: ['203.0.113.9'], host: 'network.example.kz' });
      expect(flooding.filter((a) => a.status === 503).length).toBeGreaterThan(0);
      expect(flooding.find((a) => a.status === 503)?.body.reason).toBe('network-reports-per-day');
      // Another network (another /16) is not affected.
      const other = await post(app, await batch(reporters[2]!, 5, 'network.example.kz'), '198.51.100.77');
      expect(other.status).toBe(200);
      // The same /16 is the same network.
      expect((await post(app, await batch(reporters[3]!, 1, 'network.example.kz'), '203.0.200.1')).status).toBe(503);
      expect(warn.mock.calls.filter((c) => /storage budget/.test(c.join(' ')))).toHaveLength(1);
    } finally {
      warn.mockRestore();
    }
  });

  it('uses the network the operator names, when given', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const app = createApp(store, {
        storageBudget: { maxNetworkReportsPerDay: 3 },
        networkOf: (c) => c.req.header('x-test-network') ?? 'none',
      });
      const as = (network: string, entries: unknown[]) =>
        app.request('/v1/reports', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-test-network': network },
          body: JSON.stringify({ reports: entries }),
        });
      expect((await as('AS9198', await batch(reporters[4]!, 3, 'asn.example.kz'))).status).toBe(200);
      expect((await as('AS9198', await batch(reporters[4]!, 1, 'asn.example.kz'))).status).toBe(503);
      expect((await as('AS29355', await batch(reporters[4]!, 1, 'asn.example.kz'))).status).toBe(200);
    } finally {
      warn.mockRestore();
    }
  });
});

describe('the database size budget', () => {
  it('refuses once the database is past its maximum, and keeps every stored report', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const usage = await store.usage!();
      const maxDatabaseBytes = usage.databaseBytes + MB;
      const app = createApp(store, { token: TOKEN, storageBudget: { maxDatabaseBytes }, storageRefreshMs: 0 });
      const accepted: string[] = [];
      let refusal: { status: number; body: { reason?: string } } | undefined;
      // Large reports (long notes) until the budget says no.
      for (let i = 0; i < 400 && !refusal; i++) {
        const entries = await Promise.all(
          Array.from({ length: 25 }, () =>
            reporters[5]!.signed({ host: 'size.example.kz', url: 'https://size.example.kz/', note: 'ж'.repeat(500) }),
          ),
        );
        const res = await post(app, entries);
        const body = (await res.json()) as { accepted?: string[]; reason?: string };
        if (res.status === 200) accepted.push(...(body.accepted ?? []));
        else refusal = { status: res.status, body };
      }
      expect(refusal).toEqual({ status: 503, body: expect.objectContaining({ reason: 'database-size' }) });
      expect((await store.usage!()).databaseBytes).toBeGreaterThan(maxDatabaseBytes - MB / 2);
      const stored = await storedIds('size.example.kz');
      for (const id of accepted) expect(stored.has(id)).toBe(true);
      expect(warn.mock.calls.filter((c) => /storage budget/.test(c.join(' ')))).toHaveLength(1);
      expect(warn.mock.calls.flat().join(' ')).toMatch(/STORAGE_MAX_DATABASE_MB/);
      expect((await app.request('/v1/stats', { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    } finally {
      warn.mockRestore();
    }
  });
});

describe('a database that runs out of disk', () => {
  it('is "unavailable" (503), not an internal error', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('could not extend file: No space left on device'), { code: '53100' }))).toBe(true);
  });
});

describe('loadStorageBudget', () => {
  it('is off unless the operator sets it', () => {
    expect(loadStorageBudget({})).toBe(false);
    expect(loadStorageBudget({ STORAGE_MAX_DATABASE_MB: '0' })).toBe(false);
  });

  it('reads every variable', () => {
    expect(
      loadStorageBudget({
        STORAGE_MAX_DATABASE_MB: '2048',
        STORAGE_MAX_REPORTS_PER_DAY: '100000',
        STORAGE_MAX_NETWORK_REPORTS_PER_DAY: '20000',
      }),
    ).toEqual({
      maxDatabaseBytes: 2048 * MB,
      maxReportsPerDay: 100_000,
      maxNetworkReportsPerDay: 20_000,
    });
  });

  it('names every bad variable at once', () => {
    expect(() => loadStorageBudget({ STORAGE_MAX_DATABASE_MB: 'lots', STORAGE_MAX_REPORTS_PER_DAY: '-1' })).toThrow(
      /STORAGE_MAX_DATABASE_MB must be[^\n]*\nSTORAGE_MAX_REPORTS_PER_DAY must be/,
    );
  });
});

describe('describeStorageBudget', () => {
  it('says what is set, or how to set it', async () => {
    const { describeStorageBudget } = await import('../../collector/storage-budget-config');
    expect(describeStorageBudget(false)).toMatch(/^off \(STORAGE_MAX_DATABASE_MB/);
    expect(describeStorageBudget({ maxDatabaseBytes: 512 * MB, maxNetworkReportsPerDay: 10 })).toBe(
      'database at most 512 MB, 10 reports/day per network',
    );
  });
});

describe('startCollector with a budget, over HTTP', () => {
  it('refuses past the budget and still serves reads', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { startCollector } = await import('../../collector/server');
    const collector = await startCollector({ token: TOKEN, storageBudget: { maxReportsPerDay: 3 } });
    try {
      const send = async (n: number) =>
        fetch(`${collector.url}/v1/reports`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ reports: await batch(reporters[0]!, n, 'http.example.kz') }),
        });
      expect((await send(3)).status).toBe(200);
      const refused = await send(1);
      expect(refused.status).toBe(503);
      expect(await refused.json()).toMatchObject({ reason: 'reports-per-day' });
      const stats = await fetch(`${collector.url}/v1/stats`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(((await stats.json()) as { total: number }).total).toBe(3);
    } finally {
      await collector.close();
      warn.mockRestore();
    }
  });
});
