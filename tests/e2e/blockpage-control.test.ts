import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startCollector, type RunningCollector } from '../../collector/server';
import type { Resolve } from '../../collector/ssrf-guard';
import { verifyReport } from '../../utils/protocol/signing';
import { CONTROL_SITES } from '../support/blockpage-control-sites';
import { launchBrowser, type ExtensionBrowser } from '../support/browser';
import { extensionReports, openOptions, saveEndpoint, visit, waitFor } from '../support/extension';
import { startSimulator, type Simulator } from '../support/simulator';

let sim: Simulator;
let collector: RunningCollector;
let browser: ExtensionBrowser;
let options: Page;
const controlAsked: string[] = [];

/**
 * The collector's own network: each name reaches the simulated server its site names as what the
 * control sees (the real site behind a block, or the same page), and nothing else resolves.
 */
function collectorView(): Resolve {
  return async (host) => {
    controlAsked.push(host);
    const servedBy = CONTROL_SITES.find((s) => s.host === host)?.controlView;
    if (!servedBy) throw Object.assign(new Error(`ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return [{ address: '127.0.0.1', family: 4, port: sim.portOf(servedBy) }];
  };
}

const visited = CONTROL_SITES.filter((s) => s.host !== 'real.test');

async function reportsAtCollector() {
  return collector.store.list({ limit: 1000 });
}

// Both modes: by default (no webRequest) and with the deeper checks granted (webRequest held).
for (const deeper of [false, true]) {
  const reported = visited.filter((s) => s.expect !== 'none' && (deeper || !s.deeperOnly));
  const silent = visited.filter((s) => s.expect === 'none' || (!deeper && s.deeperOnly));

  describe(`compare, then decide, in real Chromium with the reference collector’s control (${deeper ? 'deeper checks' : 'default'})`, () => {
    beforeAll(async () => {
      controlAsked.length = 0;
      sim = await startSimulator();
      collector = await startCollector({ port: 0, control: { resolve: collectorView(), allowAddress: (a) => a === '127.0.0.1' } });
      browser = await launchBrowser({ args: sim.chromiumArgs(), deeper });
      options = await openOptions(browser);
      expect(await saveEndpoint(options, `${collector.url}/`)).toMatch(/Saved/);
    });

    afterAll(async () => {
      await browser?.close();
      await collector?.close();
      await sim?.close();
    });

    it('reports an unseen notice in a language no vocabulary names through the control, a fingerprint-only page and a product’s header by their fingerprints, and a known language alone when the control cannot reach the site', async () => {
      await Promise.all(visited.map((s) => visit(browser, `http://${s.host}/`, 'load')));
      const rows = await waitFor(
        'every block page to be reported',
        async () => {
          const all = await reportsAtCollector();
          const missing = reported.filter((s) => !all.some((r) => r.host === s.host)).map((s) => s.host);
          if (missing.length > 0) throw new Error(`not reported yet: ${missing.join(', ')}`);
          return all;
        },
        120_000,
      );
      const byHost = (host: string) => rows.find((r) => r.host === host)!;
      for (const site of reported) {
        const { report, signature } = byHost(site.host);
        expect(report.verdict, site.host).toEqual({ kind: 'blockpage', confirmed: true });
        expect(await verifyReport(report, signature)).toBe(true);
      }

      // In Lao, served with 403: the control got the front page, so the page here is not the site's.
      const lao = byHost('lao-notice.test').report.evidence;
      expect(lao.blockpage).toMatchObject({
        fingerprint: 'control.differs',
        source: 'control',
        signals: expect.arrayContaining(['status:403', 'differs:title', 'differs:size']),
        page: { status: 403, title: 'ແຈ້ງການ', finalHost: 'lao-notice.test' },
      });
      expect(lao.control).toMatchObject({
        ok: true,
        status: 200,
        page: { status: 200, title: 'Forum — front page', finalHost: 'lao-notice.test' },
      });
      expect(lao.control!.page!.bytes).toBeGreaterThan(20_000);
      expect(lao.blockpage!.page!.bytes).toBeLessThan(2_000);

      // No blocking word at all: the content script's look-up of recorded fingerprints found it.
      expect(byHost('fingerprint-only.test').report.evidence.blockpage).toMatchObject({
        fingerprint: 'ooni.ru_28',
        source: 'body',
        dataset: 'ooni',
      });
      expect(byHost('product-header.test').report.evidence.blockpage).toMatchObject({ fingerprint: 'ooni.cl_0', source: 'header' });
      // A page that shows the content script nothing: only webRequest's headers bring it to the probe.
      if (deeper)
        expect(byHost('product-header-quiet.test').report.evidence.blockpage).toMatchObject({ fingerprint: 'ooni.cl_0', source: 'header' });

      // The control could not resolve the name: nothing to compare, the Vietnamese notice decided alone.
      const vi = byHost('vi-notice.test').report.evidence;
      expect(vi.blockpage).toMatchObject({ fingerprint: 'heuristic.vi', source: 'heuristic' });
      expect(vi.control).toMatchObject({ ok: false, error: 'dns' });
    });

    it('reports no short item that reports a block in a notice’s words, nor a CDN’s block page', async () => {
      // The pages above were reported after these loaded; any report about these is in by now.
      await new Promise((r) => setTimeout(r, 3_000));
      const atCollector = new Set((await reportsAtCollector()).map((r) => r.host));
      const local = new Set((await extensionReports(options)).map((r) => r.signed.report.host));
      for (const site of silent) {
        expect(atCollector.has(site.host), site.host).toBe(false);
        expect(local.has(site.host), site.host).toBe(false);
      }
      // The item was a candidate, and the control saw the same page: that, not its words, decided.
      expect(sim.log.filter((l) => l === 'brief-unquoted.test GET /').length).toBeGreaterThanOrEqual(3);
      expect(controlAsked).toContain('brief-unquoted.test');
      // A denial is recognised on the probe's copy: the collector never learns of the CDN's page.
      expect(controlAsked).not.toContain('waf.test');
      // Recorded fingerprints are proof on their own: those pages are never shown to the collector.
      expect(controlAsked).not.toContain('fingerprint-only.test');
      expect(controlAsked).not.toContain('product-header.test');
    });
  });
}
