import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { requireToken } from './auth';
import { addressKey, clientAddress } from './client-address';
import type { RateLimits } from './config';
import { dashboard } from './dashboard';
import { UploadInterruptedError } from './body';
import { isDatabaseUnavailable } from './db';
import { ingestReports, tooMany } from './ingest';
import { joinPage } from './join';
import { registerControl, type ControlOptions } from './control';
import { publishedReportSchema } from './json-schema';
import type { NetworkLookup } from './network/lookup';
import { registerPublicStatus, type PublicStatusOptions } from './network/public-status';
import { networkGrid } from './network/read-side';
import { deliveryNetwork, registerNetworkRoute } from './network/routes';
import { requireJson } from './json-only';
import { TokenBuckets } from './rate-limit';
import { storageBudgetFor, type StorageBudgetAppOptions } from './storage-budget-app';
import { exportData, listReports, reportStats } from './read-side';
import type { ReportStore } from './store';

export interface AppOptions extends StorageBudgetAppOptions {
  /** COLLECTOR_TOKEN: opens the read side to whoever presents it. Without it the read side is closed. */
  token?: string;
  /** Off (false) unless given. */
  rateLimits?: RateLimits | false;
  /** How many reverse proxies of ours stand in front (see client-address.ts). */
  trustProxy?: number;
  now?: () => number;
  /** The control measurement (POST /v1/control); absent or `false`: not offered. */
  control?: ControlOptions | false;
  /** Names each caller's network (GET /v1/network) and each delivery's; absent: neither is done. */
  networks?: NetworkLookup;
  /** The public per-site status (/v1/public, /status); absent or `false`: those paths answer 404. */
  publicStatus?: PublicStatusOptions | false;
}

/** Public status requests per address per minute, when rate limits are on. */
const PUBLIC_PER_MINUTE = 60;

/**
 * The collection endpoint of report protocol v1 (docs/protocol.md) and the organisation's read side.
 * Reporters may be at risk: no client address is logged or stored; rate limits keep keyed
 * hashes of addresses in memory only.
 */
export function createApp(store: ReportStore, options: AppOptions = {}): Hono {
  const { token, rateLimits = false, trustProxy = 0, now, control, networks, publicStatus } = options;
  const app = new Hono();
  const schema = publishedReportSchema();
  const addressKeyOf = (c: Context) => addressKey(clientAddress(c, trustProxy));
  const limits = rateLimits ? buckets(rateLimits, now) : undefined;
  const limitByAddress = perAddressLimit(limits?.perAddress, addressKeyOf);
  const readSide = requireToken({ token, failures: limits?.authFailures, addressKeyOf });
  const pages = dashboard();
  const budget = storageBudgetFor(store, options);

  app.get('/healthz', (c) => c.json({ ok: true }));
  app.get('/v1/schema', (c) => c.json(schema));
  app.post(
    '/v1/reports',
    requireJson,
    limitByAddress,
    budget.gate,
    ingestReports(store, { perKey: limits?.perKey, budget: budget.budget, networkOf: deliveryNetwork(networks, trustProxy) }),
  );
  app.get('/v1/reports', readSide, listReports(store));
  app.get('/v1/stats', readSide, reportStats(store));
  app.get('/v1/stats/grid', readSide, networkGrid(store));
  app.get('/v1/export/:dataset', readSide, exportData(store));
  app.get('/dashboard', pages.page);
  app.get('/dashboard/:file', pages.asset);
  app.get('/join', joinPage({ trustProxy }));

  if (control) registerControl(app, { addressKeyOf, ...control });
  if (networks) registerNetworkRoute(app, { lookup: networks, trustProxy, limit: limitByAddress });
  if (publicStatus) {
    const limit = perAddressLimit(
      rateLimits ? new TokenBuckets({ capacity: PUBLIC_PER_MINUTE, windowMs: 60_000, now }) : undefined,
      addressKeyOf,
    );
    registerPublicStatus(app, store, { ...publicStatus, limit, ...(now && { now }) });
  }

  app.notFound((c) => c.json({ error: 'not found' }, 404));
  app.onError((err, c) => {
    if (err instanceof UploadInterruptedError) return c.json({ error: err.message }, 400);
    if (isDatabaseUnavailable(err)) {
      console.error('collector: database unavailable:', err.message);
      c.header('Retry-After', '30');
      return c.json({ error: 'database unavailable, try again later' }, 503);
    }
    console.error('collector: request failed:', err);
    return c.json({ error: 'internal error' }, 500);
  });
  return app;
}

function buckets(limits: RateLimits, now?: () => number) {
  return {
    perAddress: new TokenBuckets({ capacity: limits.addressPerMinute, windowMs: 60_000, now }),
    perKey: new TokenBuckets({ capacity: limits.keyPerHour, windowMs: 3_600_000, now }),
    authFailures: new TokenBuckets({ capacity: limits.authFailuresPer10Minutes, windowMs: 600_000, now }),
  };
}

/** One request from each address at a time off its bucket; a pass-through when limits are off. */
export function perAddressLimit(bucket: TokenBuckets | undefined, addressKeyOf: (c: Context) => string): MiddlewareHandler {
  return async (c, next) => {
    if (bucket) {
      const taken = bucket.takeOne(addressKeyOf(c));
      if (!taken.ok) return tooMany(c, taken.retryAfterMs, 'too many requests from this address');
    }
    await next();
  };
}
