import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { DeliveryStatus, OpenOutage, QueuedReport, Suspicion } from './records';

interface BlockwatchDb extends DBSchema {
  keys: { key: string; value: { name: string; pair: CryptoKeyPair; createdAt: number } };
  reports: {
    key: string;
    value: QueuedReport;
    indexes: { status: DeliveryStatus; queuedAt: number; statusDue: [DeliveryStatus, number] };
  };
  suspicions: { key: string; value: Suspicion };
  recent: { key: string; value: { key: string; at: number } };
  /** Version 3: the network-wide outage in progress, and the suspicions held back during it. */
  outage: { key: string; value: OpenOutage };
  held: { key: string; value: Suspicion };
}

export type Db = IDBPDatabase<BlockwatchDb>;

const DB_NAME = 'blockwatch';
/**
 * 2: the reports index [status, nextAttemptAt], so finding due reports reads only those.
 * 3: the network-wide outage in progress, and the suspicions held back during it.
 */
const DB_VERSION = 3;

let opening: Promise<Db> | undefined;

/** One connection per context; reopened lazily after the service worker restarts. */
export function getDb(): Promise<Db> {
  opening ??= openDB<BlockwatchDb>(DB_NAME, DB_VERSION, {
    // Each step upgrades from the version before it, so an installation on any version catches up.
    upgrade(db, oldVersion, _newVersion, tx) {
      if (oldVersion < 1) {
        db.createObjectStore('keys', { keyPath: 'name' });
        const reports = db.createObjectStore('reports', { keyPath: 'id' });
        reports.createIndex('status', 'status');
        reports.createIndex('queuedAt', 'queuedAt');
        db.createObjectStore('suspicions', { keyPath: 'key' });
        db.createObjectStore('recent', { keyPath: 'key' });
      }
      if (oldVersion < 2) {
        tx.objectStore('reports').createIndex('statusDue', ['status', 'nextAttemptAt']);
      }
      if (oldVersion < 3) {
        db.createObjectStore('outage', { keyPath: 'id' });
        db.createObjectStore('held', { keyPath: 'key' });
      }
    },
    terminated() {
      opening = undefined;
    },
  });
  return opening;
}

/** For tests: forget the open connection so the next call opens afresh. */
export async function closeDb(): Promise<void> {
  const db = await opening;
  db?.close();
  opening = undefined;
}
