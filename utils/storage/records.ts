/**
 * The shapes of what Blockwatch keeps in IndexedDB. They live here, below everything that reads or
 * writes them, so the database module needs nothing from the subsystems that use it.
 */
import type { CanariesEvidenceSchema, SignedReport } from '../protocol/report-schema';
import type { z } from 'zod';

/** A load that looked blocked and waits for the probe to confirm it. Never leaves the browser. */
export interface Suspicion {
  /** `${tabId}|${host}`: one suspicion per tab and host. */
  key: string;
  tabId: number;
  url: string;
  host: string;
  trigger: 'auto' | 'manual';
  observedAt: number;
  navigationError?: string;
  httpStatus?: number;
  note?: string;
  /** What pointed at a block page: `page` (content script), `redirect:<id>`, `address:<id>`. */
  blockpageSignal?: string;
  /** A public name was served from this private address: a DNS answer to check. */
  dnsAnswer?: string;
  /** The page loaded slowly: its own handshake and first byte, as the browser timed them. */
  pageTiming?: { tlsMs?: number; firstByteMs?: number };
}

export type CanaryCheck = z.infer<typeof CanariesEvidenceSchema>;

/** A network-wide outage in progress: every canary failed together with a site. */
export interface OpenOutage {
  id: 'current';
  startedAt: number;
  /** The canary check that found the network down. */
  canaries: CanaryCheck;
}

export type DeliveryStatus = 'held' | 'queued' | 'sending' | 'sent' | 'rejected';

export type DeliveryFailure = 'unreachable' | 'timeout' | 'server' | 'invalid-response' | 'interrupted';

/** A signed report and where it is on its way to the collector. */
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
  /** Why the last attempt failed; a report that could not reach the collector goes out when the network is back. */
  lastFailure?: DeliveryFailure;
  /** Epoch ms the collector's Retry-After asked us to wait until; nothing sends sooner. */
  retryAfterUntil?: number;
}
