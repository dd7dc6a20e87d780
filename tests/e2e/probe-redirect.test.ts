/**
 * In real Chromium: a page that gets itself probed (it shows blocking words, so the content script
 * flags it) answers the probe with a redirect into the local network. The "router" it points at
 * must never see a request; a redirect between public names is still followed (blockpage.test.ts).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type ExtensionBrowser } from '../support/browser';
import { visit, waitFor } from '../support/extension';
import { POSITIVES } from '../fixtures/blockpages/positives';

let lure: http.Server;
let router: http.Server;
let browser: ExtensionBrowser;
let routerPort: number;
const lureLog: string[] = [];
const routerLog: string[] = [];

const listen = (server: http.Server, host: string) =>
  new Promise<number>((resolve) => server.listen(0, host, () => resolve((server.address() as AddressInfo).port)));

beforeAll(async () => {
  router = http.createServer((req, res) => {
    routerLog.push(`${req.method} ${req.url}`);
    res.end('router admin');
  });
  routerPort = await listen(router, '127.0.0.2');
  lure = http.createServer((req, res) => {
    // Chromium sends no Sec-Fetch-* headers over plain http: a navigation is told by what it accepts.
    const mode = String(req.headers.accept ?? '').includes('text/html') ? 'navigate' : 'fetch';
    lureLog.push(`${mode} ${req.url}`);
    if (req.url !== '/') return res.writeHead(404).end();
    if (mode === 'navigate') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      return res.end(POSITIVES.find((p) => p.name === 'ru-minimal')!.html);
    }
    // The extension's own fetch of the page: sent to the user's router.
    res.writeHead(302, { location: `http://127.0.0.2:${routerPort}/cgi-bin/reboot`, 'cache-control': 'no-store' });
    res.end();
  });
  const lurePort = await listen(lure, '127.0.0.1');
  // Every other name fails, so nothing leaves loopback; the router's address literal stays reachable.
  browser = await launchBrowser({
    args: [`--host-resolver-rules=MAP lure.test 127.0.0.1:${lurePort}, MAP * ~NOTFOUND, EXCLUDE 127.0.0.2`],
  });
});

afterAll(async () => {
  await browser?.close();
  lure?.closeAllConnections();
  router?.closeAllConnections();
  await Promise.all([new Promise((r) => lure?.close(r)), new Promise((r) => router?.close(r))]);
});

describe('the probe in Chromium', () => {
  it('does not follow a page’s redirect into the local network', async () => {
    await visit(browser, 'http://lure.test/', 'load');
    await waitFor(
      'the probe of lure.test',
      async () => (lureLog.some((l) => l.endsWith(' /') && !l.startsWith('navigate')) ? true : undefined),
      60_000,
    );
    // Time for a followed redirect to arrive, had it been followed.
    await new Promise((r) => setTimeout(r, 2_000));
    expect(routerLog).toEqual([]);
  });
});
