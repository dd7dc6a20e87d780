import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { ProbeTracker } from '../../utils/confirm/probe';
import type { MeasureRound } from '../../utils/confirm/timed-rounds';
import type { TimingSample } from '../../utils/confirm/timed-fetch';
import { TabFallbackCheck } from '../../utils/observe/http-fallback';
import { suspicionFromSlowPage } from '../../utils/observe/slow-page';
import { activity } from '../../utils/pipeline/activity';
import { intakeAutomatic, type PipelineDeps } from '../../utils/pipeline/pipeline';
import { SignedReportSchema } from '../../utils/protocol/report-schema';
import { listReports } from '../../utils/queue/queue';
import { updateSettings } from '../../utils/storage/settings';
import { DEFAULT_CANARIES } from '../../utils/storage/settings-rules';
import { resetDb, TEST_CLIENT } from '../support/fixtures';
import { fakeNetwork, json, type RouteAnswer } from '../support/network';

const ENDPOINT = 'https://collector.example.org';
const page = { tab: { id: 9 }, frameId: 0, url: 'https://news.example.kz/politics/2024?id=1' };
const pageTiming = { tlsMs: 4_150, firstByteMs: 70 };

let tracker: ProbeTracker;
let controlAnswer: () => RouteAnswer;
let network: ReturnType<typeof fakeNetwork>;

beforeEach(async () => {
  fakeBrowser.reset();
  await resetDb();
  tracker = new ProbeTracker();
  controlAnswer = () => json({ ok: true, status: 200, ms: 210 });
  network = fakeNetwork(tracker, (url) => {
    if (url.origin === ENDPOINT) return controlAnswer();
    if (url.hostname === 'news.example.kz') return new Response('<html><article>news</article></html>');
    throw new Error(`unexpected request to ${url.href}`);
  });
  await updateSettings({ endpoint: ENDPOINT });
});

/** Each round: the site's handshake, then the canaries' (all the same). */
function rounds(site: Partial<TimingSample>[], canaryTls = 35) {
  let i = 0;
  return vi.fn<MeasureRound>(async (urls) => {
    const s = site[Math.min(i++, site.length - 1)]!;
    return urls.map((_u, n) =>
      n === 0 ? { ms: (s.tlsMs ?? 0) + 90, firstByteMs: 40, ...s } : { ms: canaryTls + 50, tlsMs: canaryTls, firstByteMs: 12 },
    );
  });
}

function deps(measureRound: MeasureRound): PipelineDeps {
  return {
    tracker,
    navigations: new TabFallbackCheck(async () => page.url),
    client: { ...TEST_CLIENT },
    onQueued: vi.fn(),
    isPrivateTab: async () => false,
    fetchImpl: network.fetch,
    measureRound,
    roundGapMs: 0,
  };
}

const controlRequests = () => network.requests.filter((r) => r.startsWith(`POST ${ENDPOINT}/v1/control`));

describe('a slow page through the pipeline', () => {
  it('is reported as throttled, confirmed, with its rounds, the page’s timing and the control', async () => {
    const measure = rounds([{ tlsMs: 4_100 }, { tlsMs: 3_900 }, { tlsMs: 4_400 }]);
    const outcome = await intakeAutomatic(suspicionFromSlowPage(page, pageTiming), deps(measure));
    expect(outcome?.status).toBe('queued');
    expect(measure).toHaveBeenCalledTimes(3);
    expect(measure).toHaveBeenCalledWith([page.url, ...DEFAULT_CANARIES]);
    const [entry] = await listReports();
    expect(SignedReportSchema.safeParse(entry?.signed).success).toBe(true);
    const report = entry!.signed.report;
    expect(report).toMatchObject({
      url: 'https://news.example.kz/',
      host: 'news.example.kz',
      verdict: { kind: 'throttled', confirmed: true },
    });
    expect(report.evidence.throttling).toEqual({
      rounds: [4_100, 3_900, 4_400].map((tlsMs) => ({
        site: { ms: tlsMs + 90, tlsMs, firstByteMs: 40 },
        baseline: { ms: 85, tlsMs: 35, firstByteMs: 12, sites: 3 },
      })),
      page: pageTiming,
    });
    expect(report.evidence.control).toEqual({ ok: true, status: 200, ms: 210 });
    // The collector is shown the redacted URL only.
    expect(network.bodies).toContain(JSON.stringify({ url: 'https://news.example.kz/' }));
    expect(activity()['throttling.throttled']).toBeGreaterThanOrEqual(1);
  });

  it('stops after one round when the handshake was fast: the server is slow, and nothing is reported', async () => {
    const measure = rounds([{ tlsMs: 30, ms: 4_200, firstByteMs: 4_100 }]);
    const outcome = await intakeAutomatic(suspicionFromSlowPage(page, { firstByteMs: 4_100 }), deps(measure));
    expect(outcome?.status).toBe('not-confirmed');
    expect(measure).toHaveBeenCalledTimes(1);
    expect(await listReports()).toEqual([]);
  });

  it('reports nothing when the canaries were as slow as the site', async () => {
    const measure = rounds([{ tlsMs: 4_000 }], 3_800);
    expect((await intakeAutomatic(suspicionFromSlowPage(page, pageTiming), deps(measure)))?.status).toBe('not-confirmed');
    expect(await listReports()).toEqual([]);
  });

  it('reports nothing when the control found the site slow as well', async () => {
    controlAnswer = () => json({ ok: true, status: 200, ms: 4_300 });
    const measure = rounds([{ tlsMs: 4_100 }]);
    expect((await intakeAutomatic(suspicionFromSlowPage(page, pageTiming), deps(measure)))?.status).toBe('not-confirmed');
    expect(measure).toHaveBeenCalledTimes(3);
    expect(await listReports()).toEqual([]);
  });

  it('reports nothing when the collector does not offer the control', async () => {
    controlAnswer = () => new Response('not found', { status: 404 });
    expect((await intakeAutomatic(suspicionFromSlowPage(page, pageTiming), deps(rounds([{ tlsMs: 4_100 }]))))?.status).toBe(
      'not-confirmed',
    );
    expect(await listReports()).toEqual([]);
  });

  it('does not turn a probe that failed into a failure report: the slow page did load', async () => {
    network = fakeNetwork(tracker, (url) => (url.origin === ENDPOINT ? controlAnswer() : 'net::ERR_CONNECTION_RESET'));
    const measure = vi.fn<MeasureRound>(async (urls) =>
      urls.map((_u, n) => (n === 0 ? { ms: 40, error: 'failed' } : { ms: 60, tlsMs: 30 })),
    );
    const outcome = await intakeAutomatic(suspicionFromSlowPage(page, pageTiming), deps(measure));
    expect(outcome).toMatchObject({ status: 'not-confirmed', probe: { ok: false } });
    expect(measure).toHaveBeenCalledTimes(1);
    expect(await listReports()).toEqual([]);
  });

  it('measures nothing without an endpoint, while automatic reports wait for review, or without canaries', async () => {
    for (const patch of [{ endpoint: null }, { autoSend: false }, { canaries: [] }]) {
      await resetDb();
      await updateSettings({ endpoint: ENDPOINT, autoSend: true, canaries: [...DEFAULT_CANARIES], ...patch });
      const measure = rounds([{ tlsMs: 4_100 }]);
      const before = controlRequests().length;
      expect((await intakeAutomatic(suspicionFromSlowPage(page, pageTiming), deps(measure)))?.status, JSON.stringify(patch)).toBe(
        'not-confirmed',
      );
      expect(measure).not.toHaveBeenCalled();
      expect(controlRequests()).toHaveLength(before);
    }
    expect(await listReports()).toEqual([]);
  });

  it('measures nothing where the browser cannot open fresh partitions (no offscreen documents)', async () => {
    const d = deps(rounds([{ tlsMs: 4_100 }]));
    delete d.measureRound;
    expect((await intakeAutomatic(suspicionFromSlowPage(page, pageTiming), d))?.status).toBe('not-confirmed');
    expect(controlRequests()).toEqual([]);
  });
});
