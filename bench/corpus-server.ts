// Serves the benchmark corpus over HTTPS (HTTP/2, as most news sites are served) on one loopback
// port, and gives the Chromium flags that point the corpus's host names at it.
import { mkdtemp, rm } from 'node:fs/promises';
import http2 from 'node:http2';
import type net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeSelfSignedCert } from '../tests/support/simulator-certs';
import { CORPUS_DOMAINS, type Corpus, type CorpusResource } from './corpus';
import { encodePng } from './png';

export interface CorpusServer {
  port: number;
  /** --host-resolver-rules and --ignore-certificate-errors-spki-list for this server only. */
  chromiumArgs: string[];
  /** Requests answered so far, by status. */
  served: { ok: number; missing: number };
  /** The first few host/path pairs that found nothing, to say what is broken. */
  missing(): string[];
  close(): Promise<void>;
}

export async function serveCorpus(corpus: Corpus): Promise<CorpusServer> {
  const dir = await mkdtemp(join(tmpdir(), 'blockwatch-bench-'));
  try {
    const cert = await makeSelfSignedCert(
      dir,
      'corpus',
      CORPUS_DOMAINS.map((d) => `*.${d}`),
    );
    const served = { ok: 0, missing: 0 };
    const missing = new Set<string>();
    // Every site has an icon, and the browser asks for it after each page.
    const favicon: CorpusResource = { type: 'image/png', body: encodePng(16, 16, new Uint8Array(16 * 16 * 3).fill(0x33)) };
    const server = http2.createSecureServer({ key: cert.key, cert: cert.cert, allowHTTP1: true }, (req, res) => {
      const authority = (req.headers[':authority'] ?? req.headers.host ?? '').toString().replace(/:\d+$/, '');
      const path = (req.url ?? '/').split('?')[0];
      const resource = corpus.resources.get(`https://${authority}${path}`) ?? (path === '/favicon.ico' ? favicon : undefined);
      if (!resource) {
        served.missing++;
        missing.add(`${authority}${path}`);
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('not found');
        return;
      }
      served.ok++;
      const document = resource.type.startsWith('text/html');
      res.writeHead(200, {
        'content-type': resource.type,
        'content-length': String(resource.body.length),
        'cache-control': document ? 'no-cache' : 'public, max-age=86400, immutable',
      });
      res.end(resource.body);
    });
    const sockets = new Set<net.Socket>();
    server.on('connection', (socket: net.Socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    const port = (server.address() as net.AddressInfo).port;
    const rules = [
      ...CORPUS_DOMAINS.map((d) => `MAP *.${d} 127.0.0.1:${port}`),
      // Safety net: any other name fails DNS instead of reaching a real network.
      'MAP * ~NOTFOUND',
      'EXCLUDE localhost',
      'EXCLUDE 127.0.0.1',
    ].join(', ');
    return {
      port,
      chromiumArgs: [`--host-resolver-rules=${rules}`, `--ignore-certificate-errors-spki-list=${cert.spki}`],
      served,
      missing: () => [...missing].slice(0, 5),
      close: async () => {
        for (const socket of sockets) socket.destroy();
        await new Promise((resolve) => server.close(resolve));
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
