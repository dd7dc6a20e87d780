import { beforeEach, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '../../utils/storage/db';
import { openVersion1Db, resetDb } from '../support/fixtures';

describe('getDb', () => {
  beforeEach(resetDb);

  it('creates the stores and the report indexes', async () => {
    const db = await getDb();
    expect([...db.objectStoreNames].sort()).toEqual(['held', 'keys', 'outage', 'recent', 'reports', 'suspicions']);
    const tx = db.transaction('reports');
    expect([...tx.store.indexNames].sort()).toEqual(['queuedAt', 'status', 'statusDue']);
    expect(tx.store.index('statusDue').keyPath).toEqual(['status', 'nextAttemptAt']);
    expect(tx.store.keyPath).toBe('id');
    await tx.done;
  });

  it('shares one connection until closeDb, and keeps data across a reopen', async () => {
    const first = await getDb();
    expect(await getDb()).toBe(first);
    await first.put('recent', { key: '1|example.kz', at: 42 });
    await closeDb();
    const second = await getDb();
    expect(second).not.toBe(first);
    expect(await second.get('recent', '1|example.kz')).toEqual({ key: '1|example.kz', at: 42 });
  });

  it('closeDb is harmless when nothing is open', async () => {
    await closeDb();
    await expect(closeDb()).resolves.toBeUndefined();
  });

  it('upgrades a version 1 database in place, keeping its reports and indexing them', async () => {
    const v1 = await openVersion1Db();
    await v1.put('reports', { id: 'r1', status: 'queued', nextAttemptAt: 5, queuedAt: 1, attempts: 0 });
    await v1.put('recent', { key: '1|example.kz', at: 42 });
    v1.close();
    const db = await getDb();
    expect(db.version).toBe(3);
    expect(await db.get('recent', '1|example.kz')).toEqual({ key: '1|example.kz', at: 42 });
    expect(await db.getAllKeysFromIndex('reports', 'statusDue', IDBKeyRange.bound(['queued', 0], ['queued', 10]))).toEqual(['r1']);
  });
});
