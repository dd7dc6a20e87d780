// A small SOCKS5 server on loopback. Firefox's PAC sends it every name the test did not map, and
// it answers "host unreachable" for all of them, so nothing a test browser does reaches the
// system resolver or the network. For the proxy scenarios it can also carry chosen names, resolving
// them itself ("remote DNS") to the loopback port that serves them.
import net from 'node:net';
import { splice } from './splice';

const VERSION = 5;
const NO_AUTH = 0;
const CONNECT = 1;
const REPLY_OK = 0;
const REPLY_HOST_UNREACHABLE = 4;
const REPLY_COMMAND_NOT_SUPPORTED = 7;

export interface SocksServer {
  port: number;
  /** Every CONNECT, as "<host>:<port> -> carried|unreachable". */
  log: string[];
  close(): Promise<void>;
}

export type SocksRequest = { host: string; port: number };

/** Parses a SOCKS5 CONNECT request; 'incomplete' until all of it arrived. */
export function readConnect(data: Buffer): 'incomplete' | 'invalid' | (SocksRequest & { command: number; length: number }) {
  if (data.length < 5) return 'incomplete';
  if (data[0] !== VERSION) return 'invalid';
  const command = data[1]!;
  const type = data[3];
  let host: string;
  let at: number;
  if (type === 1) {
    if (data.length < 10) return 'incomplete';
    host = [...data.subarray(4, 8)].join('.');
    at = 8;
  } else if (type === 3) {
    const length = data[4]!;
    if (data.length < 5 + length + 2) return 'incomplete';
    host = data.toString('latin1', 5, 5 + length).toLowerCase();
    at = 5 + length;
  } else if (type === 4) {
    if (data.length < 22) return 'incomplete';
    const words: string[] = [];
    for (let i = 4; i < 20; i += 2) words.push(data.readUInt16BE(i).toString(16));
    host = words.join(':');
    at = 20;
  } else {
    return 'invalid';
  }
  return { command, host, port: data.readUInt16BE(at), length: at + 2 };
}

/** `carry` names the loopback port to connect a request to, or undefined to refuse it. */
export async function startSocksServer(carry: (request: SocksRequest) => number | undefined = () => undefined): Promise<SocksServer> {
  const log: string[] = [];
  const sockets = new Set<net.Socket>();
  const track = (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {});
  };
  // The bound address in a reply: 0.0.0.0:0, as many real proxies answer.
  const reply = (code: number) => Buffer.from([VERSION, code, 0, 1, 0, 0, 0, 0, 0, 0]);

  const server = net.createServer((client) => {
    track(client);
    let buffer = Buffer.alloc(0);
    let greeted = false;
    const onData = (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (!greeted) {
        if (buffer.length < 2) return;
        const methods = buffer[1]!;
        if (buffer[0] !== VERSION) return client.destroy();
        if (buffer.length < 2 + methods) return;
        greeted = true;
        buffer = buffer.subarray(2 + methods);
        client.write(Buffer.from([VERSION, NO_AUTH]));
      }
      const request = readConnect(buffer);
      if (request === 'incomplete') return;
      client.off('data', onData);
      if (request === 'invalid') return client.destroy();
      if (request.command !== CONNECT) return client.end(reply(REPLY_COMMAND_NOT_SUPPORTED));
      const port = carry(request);
      log.push(`${request.host}:${request.port} -> ${port === undefined ? 'unreachable' : 'carried'}`);
      if (port === undefined) return client.end(reply(REPLY_HOST_UNREACHABLE));
      const rest = buffer.subarray(request.length);
      client.pause();
      let connected = false;
      const upstream = net.connect(port, '127.0.0.1', () => {
        connected = true;
        client.write(reply(REPLY_OK));
        if (rest.length > 0) upstream.write(rest);
        splice(client, upstream);
        client.resume();
      });
      track(upstream);
      upstream.once('error', () => {
        if (!connected && client.writable) client.end(reply(REPLY_HOST_UNREACHABLE));
      });
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
