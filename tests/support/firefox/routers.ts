// The two loopback routers Firefox's forced ports lead to: one for TLS that reads the server name
// from the ClientHello, one for plain HTTP that reads the Host header. Each hands the connection,
// untouched, to the local port serving that name; a name nobody serves is reset.
import net from 'node:net';
import { readClientHello, readHttpHost } from './sni';
import { splice } from './splice';

/** The loopback port serving `host`, or undefined. */
export type PortOf = (host: string) => number | undefined;

export interface Router {
  port: number;
  /** Every connection, as "<host>" or "? (<why>)", in order. */
  log: string[];
  close(): Promise<void>;
}

type Peek = (data: Buffer) => { state: 'incomplete' } | { state: 'not-tls' } | { state: 'hello' | 'request'; host?: string };

const MAX_PEEK_BYTES = 64 * 1024;

async function startRouter(portOf: PortOf, peek: Peek): Promise<Router> {
  const log: string[] = [];
  const sockets = new Set<net.Socket>();
  const track = (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {});
  };
  const server = net.createServer((client) => {
    track(client);
    let seen = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      seen = Buffer.concat([seen, chunk]);
      const read = peek(seen);
      if (read.state === 'incomplete' && seen.length < MAX_PEEK_BYTES) return;
      client.off('data', onData);
      client.pause();
      const host = read.state === 'incomplete' || read.state === 'not-tls' ? undefined : read.host;
      const port = host ? portOf(host) : undefined;
      if (!host || port === undefined) {
        log.push(`? (${host ?? read.state})`);
        client.resetAndDestroy();
        return;
      }
      log.push(host);
      const upstream = net.connect(port, '127.0.0.1');
      track(upstream);
      upstream.write(seen);
      splice(client, upstream);
      client.resume();
    };
    client.on('data', onData);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    port: (server.address() as net.AddressInfo).port,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Routes TLS connections by the server name in their ClientHello. */
export function startTlsRouter(portOf: PortOf): Promise<Router> {
  return startRouter(portOf, readClientHello);
}

/** Routes plain HTTP connections by their first request's Host header. */
export function startHttpRouter(portOf: PortOf): Promise<Router> {
  return startRouter(portOf, readHttpHost);
}
