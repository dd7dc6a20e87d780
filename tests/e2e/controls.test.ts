import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startCollector, type RunningCollector } from '../../collector/server';
import type { Resolve } from '../../collector/ssrf-guard';
import type { Report } from '../../utils/protocol/report-schema';
import { launchBrowser, type ExtensionBrowser } from '../support/browser';
import { openOptions, saveEndpoint, visit, waitFor } from '../support/extension';
import { startSimulator, type Simulator } from '../support/simulator';

declare const chrome: { runtime: { sendMessage(message: unknown): Promise<any> } };

let sim: Simulator;
let collector: RunningCollector;
let browser: ExtensionBrowser;
let options: Page;

/**
 * The collector's own network, where nothing is censored: names the browser cannot reach here
 * load there, and down.test fails there too. Everything still runs on loopback; the control
 * guard's test seam allows 127.0.0.1 and nothing else.
 */
function collectorView(): Resolve {
  const table: Record<string, string> = {
    'reset.test': 'healthy.test',
    'gone.test': 'healthy.test',
    'vanished.test': 'healthy.test',
    'down.test': 'down.test',
  };
  return async (host) => {
    const servedBy = table[host];
    if (!servedBy) throw Object.assign(new Error(`ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return [{ address: '127.0.0.1', family: 4, port: sim.portOf(servedBy) }];
  };
}

async function saveSettings(patch: Record<string, unknown>): Promise<void> {
  const answer = await options.evaluate((p) => chrome.runtime.sendMessage({ blockwatch: 'saveSettings', payload: p }), patch);
  if (!answer?.ok) throw new Error(`saveSettings failed: ${answer?.error}`);
}

async function reportFor(host: string): Promise<Report> {
  return waitFor(
    `a report about ${host} at the collector`,
    async () => (await collector.store.list({ limit: 1000 })).find((r) => r.host === host)?.report,
    60_000,
  );
}

// Both modes: by default (no webRequest) and with the deeper checks granted (webRequest held).
for (const deeper of [false, true]) {
  describe(deeper ? 'with the deeper checks' : 'by default', () => {
    beforeAll(async () => {
      sim = await startSimulator();
      collector = await startCollector({
        port: 0,
        control: { resolve: collectorView(), allowAddress: (a) => a === '127.0.0.1', ca: sim.trustedCertPem },
      });
      browser = await launchBrowser({ args: sim.chromiumArgs(), deeper });
      options = await openOptions(browser);
      expect(await saveEndpoint(options, collector.url)).toMatch(/Saved/);
      await saveSettings({ dohResolver: sim.dohUrl });
      sim.doh.answers.set('gone.test', ['203.0.113.7']);
    });

    afterAll(async () => {
      await browser?.close();
      await collector?.close();
      await sim?.close();
    });

    describe('blocked here, down everywhere, DNS tampering', () => {
      it('tells the three apart with the control measurement and DNS-over-HTTPS', async () => {
        await Promise.all(['https://reset.test/', 'https://down.test/', 'https://gone.test/'].map((url) => visit(browser, url)));

        // Fails here, loads from the collector's network: blocking, as the probe measured it.
        const blocked = await reportFor('reset.test');
        expect(blocked.verdict).toEqual({ kind: 'tcp_reset', confirmed: true });
        expect(blocked.evidence.control).toMatchObject({ ok: true, status: 200 });
        expect(blocked.evidence.canaries).toMatchObject({ checked: 3, reachable: 3 });

        // Fails here and there: not blocking.
        const down = await reportFor('down.test');
        expect(down.verdict).toEqual({ kind: 'down_everywhere', confirmed: true });
        expect(down.evidence.control).toMatchObject({ ok: false, error: 'reset' });
        // Only with webRequest does the probe name its own error; the navigation's is always kept.
        expect(down.evidence.probe?.error).toBe(deeper ? 'net::ERR_CONNECTION_RESET' : undefined);
        expect(down.evidence.navigationError).toBe('net::ERR_CONNECTION_RESET');

        // The name fails here, the DoH resolver knows it and the collector loads it: DNS tampering.
        const tampered = await reportFor('gone.test');
        expect(tampered.verdict).toEqual({ kind: 'dns', confirmed: true });
        expect(tampered.evidence.dns).toMatchObject({ resolver: 'https://doh.test/', answer: 'addresses', addresses: ['203.0.113.7'] });
        expect(tampered.evidence.control).toMatchObject({ ok: true });
        expect(sim.doh.queries).toContain('gone.test A');
        // Only names that failed to resolve are shown to the resolver.
        expect(sim.doh.queries.some((q) => q.startsWith('reset.test') || q.startsWith('down.test'))).toBe(false);
      });

      it('records a DoH resolver that is itself unreachable, and does not read it as an answer', async () => {
        await saveSettings({ dohResolver: 'https://doh-blocked.test/dns-query' });
        await visit(browser, 'https://vanished.test/');
        const report = await reportFor('vanished.test');
        expect(report.verdict).toEqual({ kind: 'dns', confirmed: true });
        expect(report.evidence.dns).toMatchObject({
          resolver: 'https://doh-blocked.test/',
          answer: 'unreachable',
          error: deeper ? 'net::ERR_NAME_NOT_RESOLVED' : 'unknown',
        });
        expect(report.evidence.dns?.addresses).toBeUndefined();
        expect(sim.doh.queries.some((q) => q.startsWith('vanished.test'))).toBe(false);
      });
    });
  });
}
