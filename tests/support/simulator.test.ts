// Self-test of the censorship simulator against the real Chromium the e2e tests use: each
// simulated site must fail (or succeed) in Chromium exactly the way its `expect` claims.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startSimulator, THROTTLE_HOLD_MS, type SiteName, type Simulator } from './simulator';

const BASE_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

async function launch(sim: Simulator, opts?: { httpsUpgrades?: boolean }) {
  const profile = await mkdtemp(join(tmpdir(), 'blockwatch-sim-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [...BASE_ARGS, ...sim.chromiumArgs(opts)],
  });
  return { context, profile };
}

// A fresh page per navigation: after a chrome-error:// page, Playwright attributes the next
// goto on the same page to the wrong navigation ("interrupted by another navigation").
async function visit(context: BrowserContext, url: string, opts: Parameters<Page['goto']>[1] = {}) {
  const page = await context.newPage();
  try {
    const response = await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 10_000, ...opts });
    return { page, response, error: undefined };
  } catch (error) {
    return { page, response: null, error: (error as Error).message };
  }
}

describe('censorship simulator in real Chromium', { timeout: 20_000 }, () => {
  let sim: Simulator;
  let context: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    sim = await startSimulator();
    ({ context, profile } = await launch(sim));
  }, 30_000);

  afterAll(async () => {
    await context?.close();
    await sim?.close();
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  test('exposes rules and the SPKI pin as Chromium flags', () => {
    expect(sim.trustedSpki).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(sim.chromiumArgs()).toEqual([
      `--host-resolver-rules=${sim.hostResolverRules}`,
      `--ignore-certificate-errors-spki-list=${sim.trustedSpki}`,
    ]);
    expect(sim.hostResolverRules).toMatch(/^MAP reset\.test 127\.0\.0\.1:\d+, /);
    expect(sim.hostResolverRules).toContain('MAP gone.test ~NOTFOUND');
  });

  test.each<[SiteName, string]>([
    ['reset', 'net::ERR_CONNECTION_RESET'],
    ['dns', 'net::ERR_NAME_NOT_RESOLVED'],
    ['untrusted', 'net::ERR_CERT_AUTHORITY_INVALID'],
    ['plaintext443', 'net::ERR_SSL_PROTOCOL_ERROR'],
    ['intranet', 'net::ERR_NAME_NOT_RESOLVED'],
    ['intranetSingleLabel', 'net::ERR_NAME_NOT_RESOLVED'],
  ])('%s fails with %s', async (name, netError) => {
    const site = sim.sites[name];
    const before = sim.hits(site.host);
    const { page, error } = await visit(context, site.url);
    expect(error).toContain(`${netError} at ${site.url}`);
    // Servers that exist must have been reached: the failure is theirs, not a missing mapping.
    if (['reset', 'untrusted', 'plaintext443'].includes(name)) expect(sim.hits(site.host)).toBeGreaterThan(before);
    await page.close();
  });

  test.each<[SiteName, number, string]>([
    ['healthy', 200, 'Healthy test article'],
    ['notFound', 404, 'Not found'],
    ['http451', 451, 'Access restricted'],
    ['http451Unlisted', 451, 'Access restricted'],
    ['httpOnly', 200, 'Plain HTTP page'],
    ['slow', 200, 'Slow test page'],
  ])('%s answers HTTP %i', async (name, status, title) => {
    const site = sim.sites[name];
    const before = sim.hits(site.host);
    const started = Date.now();
    const { page, response, error } = await visit(context, site.url);
    expect(error).toBeUndefined();
    expect(response?.status()).toBe(status);
    expect(page.url()).toBe(site.url);
    expect(await page.title()).toBe(title);
    expect(sim.hits(site.host)).toBe(before + 1);
    if (name === 'slow') expect(Date.now() - started).toBeGreaterThanOrEqual(3900);
    if (name === 'http451' || name === 'http451Unlisted') {
      expect(await page.textContent('body')).toContain('Access to this resource is restricted by the decision of the authorities');
    }
    await page.close();
  });

  test('httpOnly: with Playwright defaults Chromium goes straight to http://', async () => {
    // Playwright launches Chromium with --disable-features=HttpsUpgrades,...: no https:// attempt.
    expect(sim.log.filter((l) => l.includes('TLS ClientHello'))).toEqual([]);
  });

  test('brokenSubresources: page is 200 while its assets fail', async () => {
    const reset = sim.hits('reset.test');
    const stall = sim.hits('stall.test');
    const { page, response } = await visit(context, sim.sites.brokenSubresources.url);
    expect(response?.status()).toBe(200);
    expect(await page.title()).toBe('Page with broken assets');
    await expect.poll(() => sim.hits('reset.test') > reset && sim.hits('stall.test') > stall).toBe(true);
    await page.close();
  });

  test('abandoned: request reaches the server, never answered, then the user navigates away', async () => {
    const page = await context.newPage();
    const hang = page.goto(sim.sites.abandoned.url).then(
      () => 'completed',
      (e: Error) => e.message,
    );
    await expect.poll(() => sim.log.includes('healthy.test GET /hang')).toBe(true);
    const next = await page.goto(sim.sites.healthy.url);
    expect(next?.status()).toBe(200);
    // Chromium cancels the pending request; Playwright reports it as an aborted navigation.
    expect(await hang).toContain(`net::ERR_ABORTED at ${sim.sites.abandoned.url}`);
    await page.close();
  });

  test('stall: connection is accepted and the navigation does not finish in 5 s', async () => {
    const before = sim.hits('stall.test');
    const { page, error } = await visit(context, sim.sites.stall.url, { timeout: 5_000 });
    expect(error).toContain('Timeout 5000ms exceeded');
    expect(sim.hits('stall.test')).toBeGreaterThan(before);
    await page.close();
  });

  test('the throttling box holds a new connection’s ClientHello, and only while it is on', async () => {
    const handshake = async (url: string) => {
      const { page, response } = await visit(context, url);
      expect(response?.status()).toBe(200);
      const tls = await page.evaluate(() => {
        const e = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        return e.connectEnd - e.secureConnectionStart;
      });
      await page.close();
      return tls;
    };
    expect(await handshake(sim.sites.throttled.url)).toBeGreaterThanOrEqual(THROTTLE_HOLD_MS - 100);
    expect(sim.log).toContain(`throttled.test ClientHello held ${THROTTLE_HOLD_MS} ms`);
    expect(await handshake(sim.sites.relayed.url)).toBeLessThan(1_000);
    sim.setSlowNetwork(1_500);
    try {
      expect(await handshake(sim.sites.relayed.url)).toBeGreaterThanOrEqual(1_400);
    } finally {
      sim.setSlowNetwork(0);
    }
  });

  test('any unmapped name fails DNS inside Chromium instead of reaching a network', async () => {
    const { page, error } = await visit(context, 'https://unmapped.test/');
    expect(error).toContain('net::ERR_NAME_NOT_RESOLVED');
    await page.close();
  });
});

describe('HTTP-only sites with Chromium HTTPS upgrades enabled (as for real users)', { timeout: 20_000 }, () => {
  let sim: Simulator;
  let context: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    sim = await startSimulator();
    ({ context, profile } = await launch(sim, { httpsUpgrades: true }));
  }, 30_000);

  afterAll(async () => {
    await context?.close();
    await sim?.close();
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  test('a registrable name is tried over HTTPS first, then falls back to HTTP 200', async () => {
    const site = sim.sites.httpOnlyUpgradable;
    const { page, response } = await visit(context, site.url);
    expect(response?.status()).toBe(200);
    expect(page.url()).toBe(site.url);
    expect(sim.log).toContain('plain.example.com TLS ClientHello');
    // Playwright shows the upgrade and the fallback as two internal 307 redirects.
    const first = response?.request().redirectedFrom();
    expect(first?.url()).toBe('https://plain.example.com/');
    expect(first?.redirectedFrom()?.url()).toBe(site.url);
    await page.close();
  });

  test('a .test name is never upgraded (Chromium treats it as non-unique)', async () => {
    const { page, response } = await visit(context, sim.sites.httpOnly.url);
    expect(response?.status()).toBe(200);
    expect(sim.log.filter((l) => l.startsWith('plain.test '))).toEqual(['plain.test GET /']);
    await page.close();
  });

  test('close() ends open connections promptly', async () => {
    const page = await context.newPage();
    void page.goto(sim.sites.stall.url).catch(() => {});
    await expect.poll(() => sim.hits('stall.test')).toBeGreaterThan(0);
    const started = Date.now();
    await sim.close();
    expect(Date.now() - started).toBeLessThan(2_000);
    sim = undefined as unknown as Simulator; // already closed
  });
});
