// Everything a Firefox end-to-end test stands on: the censorship simulator with its trusted hosts
// issued by a test root, a site behind an installed interception root, the routers and the SOCKS
// wall that keep every name on loopback, and Firefox with Blockwatch installed.
import https from 'node:https';
import type net from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '../simulator';
import { issueServerCert, makeCa } from './certs';
import { launchFirefox, type FirefoxExtension } from './launch';
import { namePrefs, servedHosts } from './names';
import { startHttpRouter, startTlsRouter, type Router } from './routers';
import { startSocksServer, type SocksServer } from './socks';

/** The recorded interception issuer the test root is named after (utils/interception.ts). */
export const INTERCEPTION_ROOT_SUBJECT = '/C=KZ/CN=Qaznet Trust Network';
export const INTERCEPTED_ROOT_HOST = 'intercepted-root.test';

export interface FirefoxScenario {
  sim: Simulator;
  firefox: FirefoxExtension;
  tlsRouter: Router;
  httpRouter: Router;
  socks: SocksServer;
  /** A site whose certificate chains to the installed interception root; it loads without a warning. */
  interceptedRoot: { host: string; url: string; requests(): number };
  /** Names the browser reaches only through the SOCKS server, which resolves them itself. */
  proxied: string[];
  close(): Promise<void>;
}

export interface ScenarioOptions {
  /** Simulated names to leave out of Firefox's own name mapping and carry through the SOCKS server instead. */
  proxied?: string[];
  prefs?: Record<string, string | number | boolean>;
  language?: string;
}

const ARTICLE =
  '<!doctype html><html><head><meta charset="utf-8"><title>News</title></head><body><h1>News</h1><p>An article.</p></body></html>';

export async function startFirefoxScenario(options: ScenarioOptions = {}): Promise<FirefoxScenario> {
  const dir = await mkdtemp(join(tmpdir(), 'blockwatch-ff-certs-'));
  const closers: (() => Promise<unknown>)[] = [() => rm(dir, { recursive: true, force: true })];
  const close = async () => {
    for (const closeOne of closers.reverse()) await closeOne().catch(() => undefined);
  };
  try {
    const testRoot = await makeCa(dir, 'blockwatch-test-root', '/O=Blockwatch tests/CN=Blockwatch Test Root');
    const interceptionRoot = await makeCa(dir, 'interception-root', INTERCEPTION_ROOT_SUBJECT);
    const sim = await startSimulator({ trustedCert: (hosts) => issueServerCert(dir, testRoot, 'trusted', hosts) });
    closers.push(() => sim.close());

    let requests = 0;
    const rootedCert = await issueServerCert(dir, interceptionRoot, 'intercepted-root', [INTERCEPTED_ROOT_HOST]);
    const rooted = https.createServer(rootedCert, (req, res) => {
      if (req.url !== '/favicon.ico') requests += 1;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(ARTICLE);
    });
    const rootedSockets = new Set<{ destroy(): void; on(event: 'close', f: () => void): unknown }>();
    rooted.on('connection', (s) => {
      rootedSockets.add(s);
      s.on('close', () => rootedSockets.delete(s));
    });
    await new Promise<void>((resolve) => rooted.listen(0, '127.0.0.1', resolve));
    closers.push(
      () =>
        new Promise<void>((resolve) => {
          for (const s of rootedSockets) s.destroy();
          rooted.close(() => resolve());
        }),
    );

    const served = servedHosts(sim.hostResolverRules);
    served.set(INTERCEPTED_ROOT_HOST, (rooted.address() as net.AddressInfo).port);
    const portOf = (host: string) => served.get(host);
    const tlsRouter = await startTlsRouter(portOf);
    closers.push(() => tlsRouter.close());
    const httpRouter = await startHttpRouter(portOf);
    closers.push(() => httpRouter.close());

    const proxied = (options.proxied ?? []).map((h) => h.toLowerCase());
    // The SOCKS server reaches a proxied name the way the browser would reach it directly.
    const socks = await startSocksServer(({ host, port }) => {
      if (!proxied.includes(host)) return undefined;
      // Firefox may already have applied its forced ports to the address it asks for.
      if (port === 443 || port === tlsRouter.port) return tlsRouter.port;
      return port === 80 || port === httpRouter.port ? httpRouter.port : undefined;
    });
    closers.push(() => socks.close());

    const direct = [...served.keys()].filter((h) => !proxied.includes(h));
    const firefox = await launchFirefox({
      roots: [testRoot, interceptionRoot],
      prefs: {
        ...namePrefs({ direct, tlsRouterPort: tlsRouter.port, httpRouterPort: httpRouter.port, socksPort: socks.port }),
        ...options.prefs,
      },
      ...(options.language && { language: options.language }),
    });
    closers.push(() => firefox.close());

    return {
      sim,
      firefox,
      tlsRouter,
      httpRouter,
      socks,
      interceptedRoot: { host: INTERCEPTED_ROOT_HOST, url: `https://${INTERCEPTED_ROOT_HOST}/`, requests: () => requests },
      proxied,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
