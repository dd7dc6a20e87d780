import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueServerCert, makeCa, type TestCa } from '../support/firefox/certs';
import { startHttpRouter, startTlsRouter, type Router } from '../support/firefox/routers';
import { readConnect, startSocksServer, type SocksServer } from '../support/firefox/socks';

let dir: string;
let ca: TestCa;
let tlsSite: https.Server;
let httpSite: http.Server;
let resetter: net.Server;
let tlsRouter: Router;
let httpRouter: Router;
let socks: SocksServer;
const port = (s: net.Server) => (s.address() as net.AddressInfo).port;
const listen = (s: net.Server) => new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'blockwatch-router-test-'));
  ca = await makeCa(dir, 'root', '/CN=Router Test Root');
  const cert = await issueServerCert(dir, ca, 'site', ['site.test']);
  tlsSite = https.createServer(cert, (_req, res) => res.end('tls site'));
  httpSite = http.createServer((req, res) => res.end(`http site for ${req.headers.host}`));
  resetter = net.createServer((s) => s.once('data', () => s.resetAndDestroy()));
  await Promise.all([listen(tlsSite), listen(httpSite), listen(resetter)]);
  const ports: Record<string, number> = { 'site.test': port(tlsSite), 'plain.test': port(httpSite), 'reset.test': port(resetter) };
  tlsRouter = await startTlsRouter((h) => ports[h]);
  httpRouter = await startHttpRouter((h) => ports[h]);
  socks = await startSocksServer(({ host, port: p }) => (host === 'plain.test' && p === 80 ? httpRouter.port : undefined));
});

afterAll(async () => {
  await Promise.all([tlsRouter.close(), httpRouter.close(), socks.close()]);
  for (const s of [tlsSite, httpSite]) s.closeAllConnections();
  await Promise.all([tlsSite, httpSite, resetter].map((s) => new Promise((resolve) => s.close(resolve))));
  await rm(dir, { recursive: true, force: true });
});

function httpsGet(servername: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = https.get(
      { host: '127.0.0.1', port: tlsRouter.port, servername, path: '/', headers: { host: servername }, ca: ca.cert, agent: false },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve(body));
      },
    );
    req.on('error', reject);
  });
}

describe('the TLS router', () => {
  it('hands the connection to the site its ClientHello names; the site’s own certificate verifies', async () => {
    expect(await httpsGet('site.test')).toBe('tls site');
    expect(tlsRouter.log).toContain('site.test');
  });

  it('resets a name nobody serves, and passes a site’s reset on as a reset', async () => {
    await expect(httpsGet('nobody.test')).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(tlsRouter.log).toContain('? (nobody.test)');
    await expect(httpsGet('reset.test')).rejects.toMatchObject({ code: 'ECONNRESET' });
  });
});

describe('the HTTP router', () => {
  it('routes by Host', async () => {
    const body = await new Promise<string>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port: httpRouter.port, path: '/', headers: { host: 'plain.test' }, agent: false }, (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve(text));
        })
        .on('error', reject);
    });
    expect(body).toBe('http site for plain.test');
  });
});

/** Speaks SOCKS5 to the server: greeting, CONNECT by name; returns the reply code and the socket. */
async function socksConnect(host: string, p: number): Promise<{ code: number; socket: net.Socket }> {
  const socket = net.connect(socks.port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write(Buffer.from([5, 1, 0]));
  const name = Buffer.from(host);
  const request = Buffer.concat([Buffer.from([5, 1, 0, 3, name.length]), name, Buffer.from([p >> 8, p & 255])]);
  let seen = Buffer.alloc(0);
  const code = await new Promise<number>((resolve) => {
    const onData = (chunk: Buffer) => {
      seen = Buffer.concat([seen, chunk]);
      if (seen.length === 2) socket.write(request);
      if (seen.length >= 12) {
        socket.off('data', onData);
        resolve(seen[3]!);
      }
    };
    socket.on('data', onData);
  });
  return { code, socket };
}

describe('the SOCKS server', () => {
  it('answers "host unreachable" (4) for every name it does not carry', async () => {
    const { code, socket } = await socksConnect('www.example.org', 443);
    expect(code).toBe(4);
    socket.destroy();
    expect(socks.log).toContain('www.example.org:443 -> unreachable');
  });

  it('carries a chosen name, resolving it itself', async () => {
    const { code, socket } = await socksConnect('plain.test', 80);
    expect(code).toBe(0);
    socket.write('GET / HTTP/1.1\r\nHost: plain.test\r\nConnection: close\r\n\r\n');
    const answer = await new Promise<string>((resolve) => {
      let text = '';
      socket.on('data', (c) => (text += c));
      socket.on('end', () => resolve(text));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 200[\s\S]*http site for plain\.test$/);
  });

  it('parses CONNECT requests by name, IPv4 and IPv6, and waits for the whole request', () => {
    const byName = Buffer.from([5, 1, 0, 3, 6, ...Buffer.from('a.test'), 1, 187]);
    expect(readConnect(byName)).toEqual({ command: 1, host: 'a.test', port: 443, length: 13 });
    expect(readConnect(byName.subarray(0, 9))).toBe('incomplete');
    expect(readConnect(Buffer.from([5, 1, 0, 1, 10, 0, 0, 1, 0, 80]))).toMatchObject({ host: '10.0.0.1', port: 80 });
    const v6 = Buffer.from([5, 1, 0, 4, ...Array(15).fill(0), 1, 0, 80]);
    expect(readConnect(v6)).toMatchObject({ host: '0:0:0:0:0:0:0:1', port: 80 });
    expect(readConnect(Buffer.from([4, 1, 0, 1, 0]))).toBe('invalid');
  });
});
