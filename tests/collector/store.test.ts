import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { migrate } from '../../collector/migrate';
import { openPgliteStore, type ReportRow, type ReportStore } from '../../collector/store';
import { makeReporter, type Reporter } from './fixtures';

// Each embedded database takes a few seconds to start.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let reporter: Reporter;
beforeAll(async () => {
  reporter = await makeReporter();
});

async function row(overrides: Record<string, unknown> = {}): Promise<ReportRow> {
  return { ...(await reporter.signed(overrides)), keyFingerprint: '0123456789abcdef' };
}

describe('PGlite report store (in memory)', () => {
  let store: ReportStore;
  beforeAll(async () => {
    store = await openPgliteStore();
  });
  afterAll(() => store.close());

  it('stores a batch and reads the report back unchanged', async () => {
    const before = await store.count();
    const rows = [await row(), await row({ host: 'news.kz', url: 'https://news.kz/' })];
    expect(await store.insertMany(rows)).toEqual(rows.map((r) => r.report.id));
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
    expect(Date.parse(stored!.receivedAt)).not.toBeNaN();
  });

  it('is idempotent by id: a resent id is reported as present and stored once', async () => {
    const first = await row();
    const before = await store.count();
    expect(await store.insertMany([first])).toEqual([first.report.id]);
    const changed = { ...first, signature: 'different' };
    expect(await store.insertMany([changed, first])).toEqual([first.report.id]);
    expect(await store.count()).toBe(before + 1);
    const [stored] = await store.list({ host: first.report.host, limit: 1000 }).then((all) => all.filter((r) => r.id === first.report.id));
    expect(stored!.signature).toBe(first.signature);
  });

  it('inserts nothing for an empty batch', async () => {
    const before = await store.count();
    expect(await store.insertMany([])).toEqual([]);
    expect(await store.count()).toBe(before);
  });

  it('filters by kind and since, newest first, and honours the limit', async () => {
    const old = await row({ verdict: { kind: 'dns', confirmed: true }, createdAt: '2020-01-01T00:00:00.000Z' });
    const newer = await row({ verdict: { kind: 'dns', confirmed: true }, createdAt: '2024-06-01T12:00:00.000Z' });
    const newest = await row({ verdict: { kind: 'dns', confirmed: false }, createdAt: '2024-06-02T12:00:00.000Z' });
    await store.insertMany([old, newer, newest]);

    expect((await store.list({ kind: 'dns' })).map((r) => r.id)).toEqual([newest, newer, old].map((r) => r.report.id));
    expect((await store.list({ kind: 'dns', since: '2024-01-01T00:00:00Z' })).map((r) => r.id)).toEqual(
      [newest, newer].map((r) => r.report.id),
    );
    expect((await store.list({ kind: 'dns', since: new Date('2024-06-02T00:00:00Z') })).map((r) => r.id)).toEqual([
      newest.report.id,
    ]);
    expect(await store.list({ kind: 'dns', limit: 1 })).toHaveLength(1);
    expect(await store.list({ kind: 'tls_mitm' })).toEqual([]);
  });

  it('treats filter values as data, not SQL', async () => {
    expect(await store.list({ host: "x' OR '1'='1" })).toEqual([]);
    expect(await store.count()).toBeGreaterThan(0);
  });
});

describe('persistence and migrations', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'blockwatch-store-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('keeps reports across a restart and applies each migration once', async () => {
    const dataDir = join(dir, 'db');
    const first = await openPgliteStore(dataDir);
    const rows = [await row(), await row()];
    await first.insertMany(rows);
    await first.close();

    const second = await openPgliteStore(dataDir);
    try {
      expect(await second.count()).toBe(2);
      expect((await second.list()).map((r) => r.id).sort()).toEqual(rows.map((r) => r.report.id).sort());
    } finally {
      await second.close();
    }

    const db = await PGlite.create(dataDir);
    try {
      const { rows: applied } = await db.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name');
      expect(applied.map((r) => r.name)).toEqual(['001_init.sql']);
      expect(await migrate(db)).toEqual([]);
    } finally {
      await db.close();
    }
  });

  it('migrate applies the pending files and records them', async () => {
    const db = await PGlite.create();
    try {
      expect(await migrate(db)).toEqual(['001_init.sql']);
      const { rows } = await db.query<{ indexname: string }>(
        "SELECT indexname FROM pg_indexes WHERE tablename = 'reports' ORDER BY indexname",
      );
      expect(rows.map((r) => r.indexname)).toEqual([
        'reports_created_at_idx',
        'reports_host_idx',
        'reports_kind_idx',
        'reports_pkey',
      ]);
      expect(await migrate(db)).toEqual([]);
    } finally {
      await db.close();
    }
  });
});
