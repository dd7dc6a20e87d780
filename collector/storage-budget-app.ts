/** The storage budget as createApp takes it: options, and a gate and a counter for POST /v1/reports. */
import type { Context, MiddlewareHandler } from 'hono';
import { addressBlockKey } from './address-block';
import { clientAddress } from './client-address';
import { StorageBudget, type StorageLimits } from './storage-budget';
import type { ReportStore } from './store';

export interface StorageBudgetAppOptions {
  /** Off (false) unless given; see storage-budget.ts. */
  storageBudget?: StorageLimits | false;
  /** The network a request came from, for the per-network budget; its address block when absent. */
  networkOf?: (c: Context) => string;
  /** Test seam: how long a reading of the database's usage is trusted. */
  storageRefreshMs?: number;
  trustProxy?: number;
  now?: () => number;
}

const pass: MiddlewareHandler = (_c, next) => next();

export function storageBudgetFor(store: ReportStore, options: StorageBudgetAppOptions) {
  if (!options.storageBudget) return { gate: pass, budget: undefined };
  const budget = new StorageBudget(store, {
    limits: options.storageBudget,
    networkOf: options.networkOf ?? ((c) => addressBlockKey(clientAddress(c, options.trustProxy ?? 0))),
    now: options.now,
    refreshMs: options.storageRefreshMs,
  });
  return { gate: budget.gate, budget };
}
