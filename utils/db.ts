import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { SignedReport } from './report-schema';
import type { Suspicion } from './detection';
import type { OpenOutage } from './outage';

export type DeliveryStatus = 'held' | 'queued' | 'sending' | 'sent' | 'rejected';

export interface QueuedReport {
  id: string;
  signed: SignedReport;
  status: DeliveryStatus;
  attempts: number;
  /** Epoch ms before which no send is tried. */
  nextAttemptAt: number;
  queuedAt: number;
  sentAt?: number;
  lastError?: string;
  rejectedReason?: string;
}

interface BlockwatchDb extends DBSchema {
  keys: { key: string; value: { name: string; pair: CryptoKeyPair; createdAt: number } };
  reports: { key: string; value: QueuedReport; indexes: { status: DeliveryStatus; queuedAt: number } };
  suspicions: { key: string; value: Suspicion };
  recent: { key: string; value: { key: string; at: number } };
  /** Version 3: the network-wide outage in progress, and the suspicions held back during it. */
  outage: { key: string; value: OpenOutage };
  held: { key: string; value: Suspicion };
}

export type Db = IDBPDatabase<BlockwatchDb>;

const DB_NAME = 'blockwatch';

let opening: Promise<Db> | undefined;

/** One connection per context; reopened lazily after the service worker restarts. */
export function getDb(): Promise<Db> {
  opening ??= openDB<BlockwatchDb>(DB_NAME, 3, {
    upgrade(db, oldVersion) {
      // Each version only adds stores; the steps are independent, so their order does not matter.
      if (oldVersion < 3) {
        db.createObjectStore('outage', { keyPath: 'id' });
        db.createObjectStore('held', { keyPath: 'key' });
      }
      if (oldVersion >= 1) return; // below: version 1
      db.createObjectStore('keys', { keyPath: 'name' });
      const reports = db.createObjectStore('reports', { keyPath: 'id' });
      reports.createIndex('status', 'status');
      reports.createIndex('queuedAt', 'queuedAt');
      db.createObjectStore('suspicions', { keyPath: 'key' });
      db.createObjectStore('recent', { keyPath: 'key' });
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
