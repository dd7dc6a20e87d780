import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { createApp, type AppOptions } from './app';
import { openPgliteStore, type ReportStore } from './store';

export interface CollectorOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** Where the embedded database lives; in memory when absent. */
  dataDir?: string;
  /** The control measurement's options, or `false` (the default here) not to offer it. main.ts
   * offers it; tests opt in, so no test ever makes the collector resolve a name outside. */
  control?: AppOptions['control'];
}

export interface RunningCollector {
  /** Base URL without trailing slash, e.g. `http://127.0.0.1:8787`. */
  url: string;
  store: ReportStore;
  close(): Promise<void>;
}

export async function startCollector({ port = 0, host = '127.0.0.1', dataDir, control = false }: CollectorOptions = {}): Promise<RunningCollector> {
  const store = await openPgliteStore(dataDir);
  let server: ServerType;
  let address: AddressInfo;
  try {
    ({ server, address } = await listen(createApp(store, { control }).fetch, port, host));
  } catch (err) {
    await store.close();
    throw err;
  }

  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${address.port}`,
    store,
    close: () =>
      (closing ??= new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Keep-alive sockets would otherwise hold close() open until they time out.
        if ('closeAllConnections' in server) server.closeAllConnections();
      }).finally(() => store.close())),
  };
}

function listen(
  fetch: (request: Request) => Response | Promise<Response>,
  port: number,
  hostname: string,
): Promise<{ server: ServerType; address: AddressInfo }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port, hostname }, (address) => resolve({ server, address }));
    server.once('error', reject);
  });
}
