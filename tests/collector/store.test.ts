import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openPglite, openPostgres } from '../../collector/db';
import { migrate } from '../../collector/migrate';
import { copyReports } from '../../collector/copy';
import { openStore, type ReportRow, type ReportStore } from '../../collector/store';
import { verifyReport } from '../../utils/protocol/signing';
import { BACKENDS, freshStoreOptions } from './backends';
import { makeReporter, type Reporter } from './fixtures';

// Each embedded database takes a few seconds to start; so does the PostgreSQL server.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let reporter: Reporter;
beforeAll(async () => {
  reporter = await makeReporter();
});

/** Every migration the collector ships, in the order it applies them. */
const _MIGRATIONS = readdirSync(new URL('../../collector/migrations/', import.meta.url))
  .filter((f) => f.endsWith('.sql'))
  .sort();

async function row(overrides: Record<string, unknown> = {}): Promise<ReportRow> {
  return { ...(await reporter.signed(overrides)), keyFingerprint: '0123456789abcdef' };
}

describe.each(BACKENDS)('report store on %s', (backend) => {
  let store: ReportStore;
  beforeAll(async () => {
    store = await openStore(await freshStoreOptions(backend));
  });
  afterAll(() => store?.close());

  it('names its database without credentials', () => {
    expect(store.description).toMatch(
      backend === 'postgres' ? /^PostgreSQL at 127\.0\.0\.1:\d+\/blockwatch_test_\d+$/ : /^embedded PostgreSQL \(PGlite\) in /,
    );
  });

  it('stores a batch and reads each report back unchanged, with a signature that still verifies', async () => {
    const before = await store.count();
    const rows = [
      await row(),
      await row({ host: 'news.kz', url: 'https://news.kz/', evidence: { dns: { answers: ['10.0.0.1'], ttl: 0.5, big: 2 ** 53 } } }),
    ];
    expect(await store.insertMany(rows)).toEqual({ accepted: rows.map((r) => r.report.id), conflicting: [] });
    expect(await store.count()).toBe(before + 2);

    const [stored] = await store.list({ host: 'news.kz' });
    expect(stored).toMatchObject({
      id: rows[1]!.report.id,
      host: 'news.kz',
      kind: 'timeout',
      trigger: 'auto',
      signature: rows[1]!.signature,
      keyFingerprint: '0123456789abcdef',
      createdAt: rows[1]!.report.createdAt,
    });
    expect(stored!.report).toEqual(rows[1]!.report);
    expect(await verifyReport(stored!.report, stored!.signature)).toBe(true);
    expect(Date.parse(stored!.receivedAt)).not.toBeNaN();
  });

  it('tells the storage budget its size and what arrived since a moment', async () => {
    const before = await store.usage!(new Date(Date.now() - 60_000));
    expect(before.databaseBytes).toBeGreaterThan(1_000_000);
    await store.insertMany([await row(), await row()]);
    const after = await store.usage!(new Date(Date.now() - 60_000));
    expect(after.receivedSince).toBe(before.receivedSince + 2);
    expect((await store.usage!(new Date(Date.now() + 60_000))).receivedSince).toBe(0);
  });

  it('is idempotent by id: the same report resent is accepted and stored once', async () => {
    const first = await row();
    const before = await store.count();
    expect((await store.insertMany([first])).accepted).toEqual([first.report.id]);
    expect(await store.insertMany([first, first])).toEqual({ accepted: [first.report.id], conflicting: [] });
    expect(await store.count()).toBe(before + 1);
  });

  it('treats an id in upper case as the same id', async () => {
    const first = await row();
    await store.insertMany([first]);
    const upper = { ...first, report: { ...first.report, id: first.report.id.toUpperCase() } };
    expect(await store.insertMany([upper])).toEqual({ accepted: [], conflicting: [upper.report.id] });
  });

  it('refuses another report under an id already stored, and keeps the first', async () => {
    const first = await row();
    await store.insertMany([first]);
    const impostor = { ...(await row({ host: 'impostor.kz', url: 'https://impostor.kz/' })) };
    impostor.report = { ...impostor.report, id: first.report.id };
    const fresh = await row();
    expect(await store.insertMany([impostor, fresh])).toEqual({ accepted: [fresh.report.id], conflicting: [first.report.id] });
    const stored = (await store.list({ host: 'example.kz', limit: 1000 })).find((r) => r.id === first.report.id);
    expect(stored?.report).toEqual(first.report);
    expect(await store.list({ host: 'impostor.kz' })).toEqual([]);
  });

  it('inserts nothing for an empty batch', async () => {
    const before = await store.count();
    expect(await store.insertMany([])).toEqual({ accepted: [], conflicting: [] });
    expect(await store.count()).toBe(before);
  });

  it('filters by kind, since and until, newest first, and honours the limit', async () => {
    const old = await row({ verdict: { kind: 'dns', confirmed: true }, createdAt: '2020-01-01T00:00:00.000Z' });
    const newer = await row({ verdict: { kind: 'dns', confirmed: true }, createdAt: '2024-06-01T12:00:00.000Z' });
    const newest = await row({ verdict: { kind: 'dns', confirmed: false }, createdAt: '2024-06-02T12:00:00.000Z' });
    await store.insertMany([old, newer, newest]);

    const ids = (rows: { id: string }[]) => rows.map((r) => r.id);
    expect(ids(await store.list({ kind: 'dns' }))).toEqual([newest, newer, old].map((r) => r.report.id));
    expect(ids(await store.list({ kind: 'dns', since: '2024-01-01T00:00:00Z' }))).toEqual([newest, newer].map((r) => r.report.id));
    expect(ids(await store.list({ kind: 'dns', since: new Date('2024-06-02T00:00:00Z') }))).toEqual([newest.report.id]);
    expect(ids(await store.list({ kind: 'dns', until: '2024-06-02T12:00:00Z' }))).toEqual([newer, old].map((r) => r.report.id));
    expect(await store.count({ kind: 'dns', since: '2024-01-01' })).toBe(2);
    expect(await store.list({ kind: 'dns', limit: 1 })).toHaveLength(1);
    expect(await store.list({ kind: 'tls_mitm' })).toEqual([]);
  });

  it('pages with a cursor through reports created in the same millisecond, missing none and repeating none', async () => {
    const createdAt = '2019-05-05T05:05:05.555Z';
    const rows = await Promise.all(Array.from({ length: 7 }, () => row({ createdAt, host: 'paging.kz', url: 'https://paging.kz/' })));
    // A finer time than a millisecond is valid in a report; pages must still line up.
    rows.push(await row({ createdAt: '2019-05-05T05:05:05.555999Z', host: 'paging.kz', url: 'https://paging.kz/' }));
    await store.insertMany(rows);
    const seen: string[] = [];
    let after: { createdAt: string; id: string } | undefined;
    for (;;) {
      const page = await store.list({ host: 'paging.kz', limit: 3, after });
      seen.push(...page.map((r) => r.id));
      if (page.length < 3) break;
      after = { createdAt: page[2]!.createdAt, id: page[2]!.id };
    }
    expect(seen).toHaveLength(8);
    expect(new Set(seen)).toEqual(new Set(rows.map((r) => r.report.id)));
  });

  it('counts by host, by kind and over time, filling empty buckets', async () => {
    const at = (day: string, hour = '10') => `2022-03-${day}T${hour}:00:00.000Z`;
    const other = { ...(await row()), keyFingerprint: 'fedcba9876543210' };
    const rows = [
      await row({ createdAt: at('01'), host: 'a.stats.kz', url: 'https://a.stats.kz/' }),
      await row({ createdAt: at('01', '23'), host: 'a.stats.kz', url: 'https://a.stats.kz/', verdict: { kind: 'dns', confirmed: true } }),
      await row({ createdAt: at('03'), host: 'b.stats.kz', url: 'https://b.stats.kz/' }),
      { ...other, report: { ...other.report, createdAt: at('03', '11'), host: 'a.stats.kz', url: 'https://a.stats.kz/' } },
    ];
    await store.insertMany(rows);
    const stats = await store.stats({ since: '2022-03-01', until: '2022-04-01' });
    expect(stats.total).toBe(4);
    expect(stats.reporters).toBe(2);
    expect(stats.byKind).toEqual([
      { kind: 'timeout', count: 3 },
      { kind: 'dns', count: 1 },
    ]);
    expect(stats.byHost).toEqual([
      { host: 'a.stats.kz', count: 3, reporters: 2, lastSeen: at('03', '11') },
      { host: 'b.stats.kz', count: 1, reporters: 1, lastSeen: at('03') },
    ]);
    expect(stats.bucket).toBe('day');
    expect(stats.overTime).toEqual([
      { t: '2022-03-01T00:00:00.000Z', count: 2, byKind: { dns: 1, timeout: 1 } },
      { t: '2022-03-02T00:00:00.000Z', count: 0, byKind: {} },
      { t: '2022-03-03T00:00:00.000Z', count: 2, byKind: { timeout: 2 } },
    ]);

    const hourly = await store.stats({ since: '2022-03-01', until: '2022-03-02', host: 'a.stats.kz' }, { bucket: 'hour', top: 1 });
    expect(hourly.overTime).toHaveLength(14);
    expect(hourly.overTime[0]).toEqual({ t: at('01'), count: 1, byKind: { timeout: 1 } });
    expect(hourly.overTime[13]).toEqual({ t: at('01', '23'), count: 1, byKind: { dns: 1 } });
    expect(hourly.byHost).toHaveLength(1);

    const empty = await store.stats({ since: '1999-01-01', until: '1999-01-02' });
    expect(empty).toEqual({ total: 0, reporters: 0, byKind: [], byHost: [], overTime: [], bucket: 'day' });
  });

  it('treats filter values as data, not SQL', async () => {
    expect(await store.list({ host: "x' OR '1'='1" })).toEqual([]);
    expect(await store.count({ kind: "dns' OR 'x'='x" })).toBe(0);
    expect(await store.count()).toBeGreaterThan(0);
  });
});

describe.each(BACKENDS)('persistence and migrations on %s', (backend) => {
  it('keeps reports across a restart and applies each migration once', async () => {
    const options = await freshStoreOptions(backend);
    const first = await openStore(options);
    const rows = [await row(), await row()];
    await first.insertMany(rows);
    await first.close();

    const second = await openStore(options);
    try {
      expect(await second.count()).toBe(2);
      expect((await second.list()).map((r) => r.id).sort()).toEqual(rows.map((r) => r.report.id).sort());
    } finally {
      await second.close();
    }

    const db = options.databaseUrl ? await openPostgres(options.databaseUrl) : await openPglite(options.dataDir);
    try {
      const { rows: applied } = await db.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name');
      // Every migration file, in order, and nothing else.
      const files = readdirSync(new URL('../../collector/migrations/', import.meta.url))
        .filter((f) => f.endsWith('.sql'))
        .sort();
      expect(files[0]).toBe('001_init.sql');
      expect(applied.map((r) => r.name)).toEqual(files);
      expect(await migrate(db)).toEqual([]);
      const { rows: columns } = await db.query<{ column_name: string }>(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'reports' ORDER BY ordinal_position",
      );
      // Nothing about the sender's connection is kept: no address, no user agent; only the network it names.
      expect(columns.map((c) => c.column_name)).toEqual([
        'id',
        'received_at',
        'created_at',
        'host',
        'kind',
        'trigger',
        'report',
        'signature',
        'key_fingerprint',
        'received_network',
        'network_source',
        'network_asn',
        'network_name',
        'network_cc',
      ]);
    } finally {
      await db.close();
    }
  });
});

describe('several collector processes on one PostgreSQL server', () => {
  it('migrate one at a time when they start together, and all of them serve', async () => {
    const { databaseUrl } = await freshStoreOptions('postgres');
    const stores = await Promise.all(Array.from({ length: 4 }, () => openStore({ databaseUrl, poolSize: 2 })));
    try {
      const rows = await Promise.all(stores.map(() => row()));
      await Promise.all(stores.map((s, i) => s.insertMany([rows[i]!])));
      for (const s of stores) expect(await s.count()).toBe(4);
      const db = await openPostgres(databaseUrl!);
      try {
        // Each migration once, though four processes ran them.
        const files = readdirSync(new URL('../../collector/migrations/', import.meta.url))
          .filter((f) => f.endsWith('.sql'))
          .sort();
        expect((await db.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name')).rows.map((r) => r.name)).toEqual(
          files,
        );
      } finally {
        await db.close();
      }
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });
});

describe('moving from the embedded database to PostgreSQL', () => {
  it('copies every report with its signature, key and time received; running it again changes nothing', async () => {
    const from = await openStore(await freshStoreOptions('pglite'));
    const to = await openStore(await freshStoreOptions('postgres'));
    try {
      const rows = await Promise.all(
        Array.from({ length: 1203 }, (_, i) => row({ createdAt: new Date(Date.UTC(2025, 0, 1) + (i % 400) * 3600_000).toISOString() })),
      );
      for (let i = 0; i < rows.length; i += 50) await from.insertMany(rows.slice(i, i + 50));
      const { copied } = await copyReports(from, to);
      expect(copied).toBe(1203);
      const strip = (list: Awaited<ReturnType<ReportStore['list']>>) => list.sort((a, b) => a.id.localeCompare(b.id));
      const source = strip(await from.list({ limit: 1000, since: '2025-01-01', until: '2025-01-10' }));
      const target = strip(await to.list({ limit: 1000, since: '2025-01-01', until: '2025-01-10' }));
      expect(target).toEqual(source);
      expect(await copyReports(from, to)).toEqual({ copied: 1203, conflicting: [] });
      expect(await to.count()).toBe(1203);
    } finally {
      await Promise.all([from.close(), to.close()]);
    }
  });
});
