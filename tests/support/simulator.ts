// A censorship simulator for end-to-end tests: loopback servers that behave like blocked, broken
// and healthy websites, plus the Chromium flags that point made-up host names at them.
//
// Nothing here ever leaves 127.0.0.1: every server listens on loopback, and the resolver rules end
// with a catch-all that makes every other host name fail DNS inside Chromium.
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BLOCKPAGE_SITES } from './blockpage-sites';
import { CONTROL_SITES } from './blockpage-control-sites';
import { createDohTable, dohHandler, type DohTable } from './doh-server';
import { makeSelfSignedCert, type TestCert } from './simulator-certs';
import { DEFAULT_CANARIES } from '../../utils/storage/settings-rules';
import watchList from '../../data/secure-watch-list.json';

export type SiteName =
  | 'reset'
  | 'stall'
  | 'dns'
  | 'untrusted'
  | 'plaintext443'
  | 'http451'
  | 'http451Unlisted'
  | 'healthy'
  | 'notFound'
  | 'slow'
  | 'httpOnly'
  | 'httpOnlyUpgradable'
  | 'brokenSubresources'
  | 'abandoned'
  | 'intranet'
  | 'intranetSingleLabel'
  | 'throttled'
  | 'throttledEverywhere'
  | 'relayed';

export interface SimulatedSite {
  host: string;
  url: string;
  /** What the extension should conclude about a visit to `url`. */
  expect: 'tcp_reset' | 'timeout' | 'dns' | 'tls_mitm' | 'tls' | 'blockpage' | 'throttled' | 'none';
}

export interface Simulator {
  sites: Record<SiteName, SimulatedSite>;
  /** Value for chromium --host-resolver-rules=. Chromium uses the first MAP rule that matches and
   * this string ends with `MAP * ~NOTFOUND`, so put any extra rules in front of it. */
  hostResolverRules: string;
  /** base64 SHA-256 of the trusted test cert's public key, for --ignore-certificate-errors-spki-list=. */
  trustedSpki: string;
  /** The two flags above. `httpsUpgrades: true` also undoes Playwright's default
   * `--disable-features=HttpsUpgrades,...` so http:// navigations behave as for a real user
   * (tried over HTTPS first, then HTTP). Playwright appends these after its own defaults, and the
   * last --disable-features wins. */
  chromiumArgs(opts?: { httpsUpgrades?: boolean }): string[];
  /** Connections accepted, for hosts that never complete an HTTP exchange (reset, stall, garbled,
   * intercepted); HTTP requests received (favicon excluded), for the hosts that serve pages. */
  hits(host: string): number;
  /** Human-readable record of every connection/request, in order, e.g. "healthy.test GET /missing".
   * A TLS ClientHello reaching an HTTP-only server is logged as "<host> TLS ClientHello". */
  log: string[];
  /** Loopback port of a simulated host, e.g. to give the collector its own view of the sites. */
  portOf(host: string): number;
  /** PEM of the certificate the trusted hosts use, for a Node client that must trust it. */
  trustedCertPem: string;
  /** The DNS-over-HTTPS resolver at `dohUrl` (doh.test) and the answers it gives. */
  doh: DohTable;
  dohUrl: string;
  /** Canary sites served here: Blockwatch's default canary names and canary.test. */
  canaryUrls: string[];
  /** A network-wide outage: while on, every simulated server resets every new connection. */
  setOutage(on: boolean): void;
  /** A network slow for everything: every relayed host (the canaries, throttled.test,
   * slow-everywhere.test, relayed.test) holds each new connection's ClientHello this much longer. */
  setSlowNetwork(holdMs: number): void;
  /** Where a relayed host's server itself listens, past its relay: the collector's fast view of it. */
  backendPortOf(host: string): number;
  close(): Promise<void>;
}

/**
 * A site on the watch list (data/secure-watch-list.json), whose secure pages the default Chromium
 * build reads; like every name here it is mapped to loopback. censored.test is the same 451 site
 * off the list, read only with the deeper checks.
 */
export const WATCHED_HOST = 'mastodon.social';
if (!watchList.hosts.includes(WATCHED_HOST)) throw new Error(`${WATCHED_HOST} is no longer on the watch list: pick another listed host`);

// Every host served by the trusted certificate.
const TRUSTED_HOSTS = [
  WATCHED_HOST,
  'healthy.test',
  'slow.test',
  'censored.test',
  'throttled.test',
  'slow-everywhere.test',
  'relayed.test',
];
// Names only the control measurement (the collector's own network) reaches as healthy sites, the
// resolver, and the canaries; the default canary names are mapped here so no check leaves loopback.
const CANARY_HOSTS = [...DEFAULT_CANARIES.map((u) => new URL(u).hostname), 'canary.test'];
const EXTRA_TRUSTED_HOSTS = ['reset.test', 'down.test', 'gone.test', 'vanished.test', 'doh.test', ...CANARY_HOSTS];

const SLOW_DELAY_MS = 4000;
/** How long the throttling box holds a ClientHello: above Blockwatch's 2 s line, a few seconds at most. */
export const THROTTLE_HOLD_MS = 3000;

// Playwright's default disabled features (playwright-core 1.65) minus HttpsUpgrades and
// HttpsFirstBalancedModeAutoEnable and the Windows/Edge-only ones.
const PLAYWRIGHT_DISABLED_FEATURES_EXCEPT_HTTPS = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
];

const page = (title: string, body: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`;

const ARTICLE = page(
  'Healthy test article',
  '<article><h1>Healthy test article</h1><p>An ordinary page that loads normally.</p></article>',
);
const BLOCK_PAGE = page(
  'Access restricted',
  '<h1>451 Unavailable For Legal Reasons</h1>' + '<p>Access to this resource is restricted by the decision of the authorities.</p>',
);
// Every subresource fails differently; the page itself is fine. A plain <link rel=stylesheet>
// blocks the parser in Chromium (DOMContentLoaded would wait ~30 s for stall.test), so it is a
// print stylesheet: still fetched, never blocking. The load event still waits ~30 s for it.
const BROKEN_ASSETS = page(
  'Page with broken assets',
  '<h1>Page with broken assets</h1><p>The article text is here; its assets are not.</p>' +
    '<img src="https://gone.test/pixel.png" alt="">' +
    '<script async src="https://reset.test/app.js"></script>' +
    '<link rel="stylesheet" media="print" href="https://stall.test/style.css">',
);

function send(res: http.ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

export interface SimulatorOptions {
  /** Issues the trusted hosts' certificate; self-signed by default. Firefox trusts a test CA's instead. */
  trustedCert?: (hosts: string[]) => Promise<TestCert>;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const dir = await mkdtemp(join(tmpdir(), 'blockwatch-sim-'));
  const servers: net.Server[] = [];
  const sockets = new Set<net.Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const counts = new Map<string, number>();
  const log: string[] = [];
  const doh = createDohTable();
  let outage = false;
  let slowNetworkMs = 0;

  const hit = (host: string, what: string) => {
    counts.set(host, (counts.get(host) ?? 0) + 1);
    log.push(`${host} ${what}`);
  };

  // Listens on a random loopback port and remembers every socket so close() can end stalled
  // and hanging connections instead of waiting for them.
  const listen = async (server: net.Server): Promise<number> => {
    servers.push(server);
    server.on('connection', (s: net.Socket) => {
      if (outage) {
        log.push('outage: connection reset');
        s.on('error', () => {});
        s.resetAndDestroy();
        return;
      }
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {}); // Chromium aborting a connection is normal here.
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    return (server.address() as net.AddressInfo).port;
  };

  // A TCP server that waits for the TLS ClientHello, then does `onHello`.
  const raw = (host: string, onHello: (s: net.Socket) => void) =>
    listen(
      net.createServer((s) => {
        hit(host, 'connection');
        s.once('data', () => onHello(s));
      }),
    );

  // A TCP relay in front of a server: it holds the client's first bytes (the TLS ClientHello)
  // for `holdMs()` before passing them on, then relays both ways. Throttling by SNI looks like
  // this from the browser: the handshake takes seconds, the connection is fast afterwards.
  const relay = (host: string, target: number, holdMs: () => number) =>
    listen(
      net.createServer((client) => {
        const upstream = net.connect(target, '127.0.0.1');
        sockets.add(upstream);
        upstream.on('close', () => {
          sockets.delete(upstream);
          client.destroy();
        });
        upstream.on('error', () => client.destroy());
        client.on('close', () => upstream.destroy());
        upstream.pipe(client);
        client.once('data', (first) => {
          client.pause();
          const hold = holdMs();
          if (hold > 0) log.push(`${host} ClientHello held ${hold} ms`);
          const t = setTimeout(() => {
            timers.delete(t);
            upstream.write(first);
            client.pipe(upstream);
          }, hold);
          timers.add(t);
        });
      }),
    );

  // An HTTP(S) server counting requests; favicon fetches are browser noise, not probes.
  const web = (
    host: string,
    handler: (req: http.IncomingMessage, res: http.ServerResponse) => void,
    cert?: { key: Buffer; cert: Buffer },
  ) => {
    const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
      if (req.url !== '/favicon.ico') hit(host, `${req.method} ${req.url}`);
      handler(req, res);
    };
    return cert ? https.createServer(cert, onRequest) : http.createServer(onRequest);
  };

  const close = async () => {
    for (const t of timers) clearTimeout(t);
    for (const s of sockets) s.destroy();
    await Promise.all(servers.map((srv) => new Promise((resolve) => srv.close(resolve))));
    await rm(dir, { recursive: true, force: true });
  };

  try {
    const trustedHosts = [...TRUSTED_HOSTS, ...EXTRA_TRUSTED_HOSTS];
    const trusted = await (options.trustedCert?.(trustedHosts) ?? makeSelfSignedCert(dir, 'trusted', trustedHosts));
    const rogue = await makeSelfSignedCert(dir, 'rogue', ['intercepted.test']);

    const port: Record<string, number> = {};
    port['reset.test'] = await raw('reset.test', (s) => s.resetAndDestroy());
    port['stall.test'] = await raw('stall.test', () => {}); // never answers; close() ends it
    port['garbled.test'] = await raw('garbled.test', (s) =>
      s.end('HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 6\r\nconnection: close\r\n\r\nhello\n'),
    );

    // Handshake fails in Chromium, so no request ever arrives: count connections instead.
    const mitm = web('intercepted.test', (_req, res) => send(res, 200, page('Intercepted', '')), rogue);
    mitm.on('connection', () => hit('intercepted.test', 'connection'));
    port['intercepted.test'] = await listen(mitm);

    port['healthy.test'] = await listen(
      web(
        'healthy.test',
        (req, res) => {
          const path = new URL(req.url ?? '/', 'https://healthy.test').pathname;
          if (path === '/') return send(res, 200, ARTICLE);
          if (path === '/broken-assets') return send(res, 200, BROKEN_ASSETS);
          if (path === '/hang') return; // accepted, never answered: the visitor gives up
          send(res, 404, page('Not found', '<h1>404 Not Found</h1>'));
        },
        trusted,
      ),
    );
    port['slow.test'] = await listen(
      web(
        'slow.test',
        (_req, res) => {
          const t = setTimeout(() => {
            timers.delete(t);
            send(res, 200, page('Slow test page', '<h1>Slow but fine</h1>'));
          }, SLOW_DELAY_MS);
          timers.add(t);
        },
        trusted,
      ),
    );
    port['censored.test'] = await listen(web('censored.test', (_req, res) => send(res, 451, BLOCK_PAGE), trusted));
    port[WATCHED_HOST] = await listen(web(WATCHED_HOST, (_req, res) => send(res, 451, BLOCK_PAGE), trusted));
    port['doh.test'] = await listen(web('doh.test', dohHandler(doh), trusted));
    const canaryBackend = await listen(web('canary', (_req, res) => send(res, 200, page('Canary', '<h1>Up</h1>')), trusted));
    // The canaries are relayed too: a network slow for everything is slow for them as well.
    const canaryPort = await relay('canary', canaryBackend, () => slowNetworkMs);
    for (const host of CANARY_HOSTS) port[host] = canaryPort;

    // The throttling box. Each site is an ordinary HTTPS server behind a relay: throttled.test's
    // ClientHello is held here only (the collector reaches its server directly), slow-everywhere.test's
    // for the collector too, and relayed.test's only while the network is slow for everything.
    const backend: Record<string, number> = {};
    const throttleBox: [string, string, number][] = [
      ['throttled.test', 'Throttled test article', THROTTLE_HOLD_MS],
      ['slow-everywhere.test', 'Slow everywhere test article', THROTTLE_HOLD_MS],
      ['relayed.test', 'Relayed test article', 0],
    ];
    for (const [host, title, hold] of throttleBox) {
      const article = page(title, `<article><h1>${title}</h1><p>An ordinary page behind a relay.</p></article>`);
      backend[host] = await listen(web(host, (_req, res) => send(res, 200, article), trusted));
      port[host] = await relay(host, backend[host]!, () => hold + slowNetworkMs);
    }
    // Fails the same way for the browser and for the collector: a site down everywhere.
    port['down.test'] = port['reset.test'];

    // HTTP only. If Chromium tries https:// first, the ClientHello lands here; Node reports it as
    // a client error whose rawPacket shows the TLS record, and we answer like any HTTP server.
    // Chromium never upgrades non-unique names such as *.test, so plain.example.com (reserved by
    // IANA, mapped to loopback like everything else) is the HTTP-only site it does upgrade.
    const plainHttp = async (host: string) => {
      const server = web(host, (_req, res) => send(res, 200, page('Plain HTTP page', '<h1>HTTP only</h1>')));
      const reported = new WeakSet<net.Socket>();
      server.on('clientError', (err: Error & { rawPacket?: Buffer }, socket: net.Socket) => {
        if (!reported.has(socket)) {
          reported.add(socket);
          log.push(err.rawPacket?.[0] === 0x16 ? `${host} TLS ClientHello` : `${host} bad request (${err.message})`);
        }
        if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      });
      port[host] = await listen(server);
    };
    await plainHttp('plain.test');
    await plainHttp('plain.example.com');
    // Block pages and articles about blocking, over plain HTTP (see blockpage-sites.ts).
    for (const site of [...BLOCKPAGE_SITES, ...CONTROL_SITES]) port[site.host] = await listen(web(site.host, site.handle));

    const site = (host: string, path: string, expect: SimulatedSite['expect'], scheme = 'https'): SimulatedSite => ({
      host,
      url: `${scheme}://${host}${path}`,
      expect,
    });
    const sites: Record<SiteName, SimulatedSite> = {
      reset: site('reset.test', '/', 'tcp_reset'),
      stall: site('stall.test', '/', 'timeout'),
      dns: site('gone.test', '/', 'dns'),
      untrusted: site('intercepted.test', '/', 'tls_mitm'),
      plaintext443: site('garbled.test', '/', 'tls'),
      http451: site(WATCHED_HOST, '/', 'blockpage'),
      http451Unlisted: site('censored.test', '/', 'blockpage'),
      healthy: site('healthy.test', '/', 'none'),
      notFound: site('healthy.test', '/missing', 'none'),
      slow: site('slow.test', '/', 'none'),
      httpOnly: site('plain.test', '/', 'none', 'http'),
      httpOnlyUpgradable: site('plain.example.com', '/', 'none', 'http'),
      brokenSubresources: site('healthy.test', '/broken-assets', 'none'),
      abandoned: site('healthy.test', '/hang', 'none'),
      intranet: site('nas.local', '/', 'none', 'http'),
      intranetSingleLabel: site('intranet', '/', 'none', 'http'),
      throttled: site('throttled.test', '/', 'throttled'),
      throttledEverywhere: site('slow-everywhere.test', '/', 'none'),
      relayed: site('relayed.test', '/', 'none'),
    };

    const hostResolverRules = [
      ...Object.entries(port).map(([host, p]) => `MAP ${host} 127.0.0.1:${p}`),
      'MAP gone.test ~NOTFOUND',
      'MAP nas.local ~NOTFOUND',
      'MAP intranet ~NOTFOUND',
      // Safety net: any other name fails DNS instead of reaching a real network.
      'MAP * ~NOTFOUND',
      'EXCLUDE localhost',
      'EXCLUDE 127.0.0.1',
    ].join(', ');

    return {
      sites,
      hostResolverRules,
      trustedSpki: trusted.spki,
      chromiumArgs: (opts) => [
        `--host-resolver-rules=${hostResolverRules}`,
        `--ignore-certificate-errors-spki-list=${trusted.spki}`,
        ...(opts?.httpsUpgrades ? [`--disable-features=${PLAYWRIGHT_DISABLED_FEATURES_EXCEPT_HTTPS.join(',')}`] : []),
      ],
      hits: (host) => counts.get(host) ?? 0,
      log,
      portOf: (host) => {
        const p = port[host];
        if (p === undefined) throw new Error(`the simulator serves no ${host}`);
        return p;
      },
      trustedCertPem: trusted.cert.toString('utf8'),
      doh,
      dohUrl: 'https://doh.test/dns-query',
      canaryUrls: CANARY_HOSTS.map((h) => `https://${h}/`),
      setSlowNetwork: (holdMs) => {
        slowNetworkMs = holdMs;
        // Connections opened before would carry on fast; a slow network slows every new one.
        for (const s of sockets) s.destroy();
      },
      backendPortOf: (host) => {
        const p = backend[host];
        if (p === undefined) throw new Error(`${host} has no relay in the simulator`);
        return p;
      },
      setOutage: (on) => {
        outage = on;
        // Keep-alive connections opened before the outage would otherwise carry on as if nothing happened.
        if (on) for (const s of sockets) s.destroy();
      },
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
