import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';
import { createApp, type AppOptions } from './app';
import type { RateLimits } from './config';
import { openStore, type ReportStore } from './store';

export interface CollectorOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** Where the embedded database lives; in memory when absent. Ignored when `databaseUrl` is set. */
  dataDir?: string;
  /** A PostgreSQL server to use instead of the embedded database. */
  databaseUrl?: string;
  /** Connections to PostgreSQL this process keeps at most. */
  poolSize?: number;
  /** Opens the read side (GET /v1/reports, /v1/stats, /v1/export, the dashboard's data). */
  token?: string;
  /** Off unless given: tests and the local demonstration send freely from one address. */
  rateLimits?: RateLimits | false;
  /** How many reverse proxies of ours stand in front; 0 ignores X-Forwarded-For. */
  trustProxy?: number;
  /** The control measurement's options, or `false` (the default here) not to offer it. main.ts
   * offers it; tests opt in, so no test ever makes the collector resolve a name outside. */
  control?: AppOptions['control'];
  /** Network lookups (see network/lookup.ts); main.ts loads them, tests give their own or none. */
  networks?: AppOptions['networks'];
  publicStatus?: AppOptions['publicStatus'];
  /** The storage budget (storage-budget.ts); off unless given. */
  storageBudget?: AppOptions['storageBudget'];
}

export interface RunningCollector {
  /** Base URL without trailing slash, e.g. `http://127.0.0.1:8787`. */
  url: string;
  store: ReportStore;
  close(): Promise<void>;
}

/** Slow clients cannot hold connections open for long (a cheap flood otherwise). */
const HEADERS_TIMEOUT_MS = 15_000;
const REQUEST_TIMEOUT_MS = 30_000;

export async function startCollector({
  port = 0,
  host = '127.0.0.1',
  dataDir,
  databaseUrl,
  poolSize,
  token,
  rateLimits,
  trustProxy,
  control = false,
  networks,
  publicStatus,
  storageBudget,
}: CollectorOptions = {}): Promise<RunningCollector> {
  const store = await openStore({ dataDir, databaseUrl, poolSize });
  let served: ServedApp;
  try {
    served = await serveApp(createApp(store, { token, rateLimits, trustProxy, control, networks, publicStatus, storageBudget }), {
      port,
      host,
    });
  } catch (err) {
    await store.close();
    throw err;
  }
  let closing: Promise<void> | undefined;
  return { url: served.url, store, close: () => (closing ??= served.close().finally(() => store.close())) };
}

export interface ServedApp {
  url: string;
  close(): Promise<void>;
}

/** Serves an app over HTTP; the connection info it gives Hono is what the rate limits key on. */
export function serveApp(app: Hono, { port = 0, host = '127.0.0.1' }: { port?: number; host?: string } = {}): Promise<ServedApp> {
  return new Promise((resolve, reject) => {
    const server: ServerType = serve({ fetch: app.fetch, port, hostname: host }, (address: AddressInfo) => {
      (server as Server).headersTimeout = HEADERS_TIMEOUT_MS;
      (server as Server).requestTimeout = REQUEST_TIMEOUT_MS;
      const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      let closing: Promise<void> | undefined;
      resolve({
        url: `http://${urlHost}:${address.port}`,
        close: () =>
          (closing ??= new Promise<void>((done, fail) => {
            server.close((err) => (err ? fail(err) : done()));
            // Keep-alive sockets would otherwise hold close() open until they time out.
            if ('closeAllConnections' in server) server.closeAllConnections();
          })),
      });
    });
    server.once('error', reject);
  });
}
