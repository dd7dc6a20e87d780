import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { comparePages, summarise } from '../../utils/blockpage/compare';
import { decideVerdict, type Verdict } from '../../utils/classify/1-probe-verdict';
import { settlePageCandidate } from '../../utils/classify/page-comparison';
import { ProbeTracker, type ProbeResult } from '../../utils/confirm/probe';
import { buildReport } from '../../utils/report/build';
import type { PageSummary } from '../../utils/protocol/report-schema';
import { DEFAULT_SETTINGS, type Settings } from '../../utils/storage/settings-rules';
import { makeKeys, makeSuspicion, reportInput } from '../support/fixtures';
import { fakeNetwork, json } from '../support/network';

beforeEach(() => fakeBrowser.reset());

const ENDPOINT = 'https://collector.example.org';
const withCollector: Settings = { ...DEFAULT_SETTINGS, endpoint: ENDPOINT, autoSend: true };
const page = (over: Partial<PageSummary> = {}): PageSummary => ({
  status: 200,
  title: 'Forum',
  bytes: 50_000,
  finalHost: 'forum.example',
  ...over,
});

describe('comparePages', () => {
  it('finds the same page the same, through small changes of size and a www. prefix', () => {
    expect(comparePages(page(), page({ bytes: 41_000, finalHost: 'www.forum.example' }))).toEqual({ same: true, differences: [] });
  });

  it('finds another title and another size different, but not either alone', () => {
    expect(comparePages(page({ title: 'Доступ ограничен', bytes: 900 }), page())).toEqual({ same: false, differences: ['title', 'size'] });
    expect(comparePages(page({ title: 'Forum — today' }), page()).same).toBe(true);
    expect(comparePages(page({ bytes: 9_000 }), page()).same).toBe(true);
  });

  it('finds a page that ended on another host different, whatever it looks like', () => {
    expect(comparePages(page({ finalHost: 'warning.isp.example' }), page())).toMatchObject({ same: false, differences: ['host'] });
  });

  it('finds another class of answer different when the title or the size changed with it', () => {
    expect(comparePages(page({ status: 403, title: 'Forbidden' }), page()).same).toBe(false);
    expect(comparePages(page({ status: 403 }), page()).same).toBe(true);
  });
});

describe('summarise', () => {
  it('describes the probe’s page as the protocol does: status, decoded title, bytes read, final host', () => {
    const result: ProbeResult = {
      ok: true,
      status: 403,
      ms: 10,
      page: {
        body: '<title> Доступ &amp; ограничен </title>',
        bytes: 61,
        finalUrl: 'http://Block.ISP.example/x',
        headers: [],
        redirects: [],
      },
    };
    expect(summarise(result)).toEqual({ status: 403, title: 'Доступ & ограничен', bytes: 61, finalHost: 'block.isp.example' });
    expect(summarise({ ok: false, ms: 3 })).toBeNull();
  });
});

const doc = (title: string, body: string) => ({
  html: `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`,
});
/** A notice in a language the vocabulary does not name (Kurmanji), served with 403: a sign, and no words. */
const UNKNOWN = doc('Agahdarî', '<div><p>Gihîştina vê malperê bi biryara dezgeha rêkûpêkkirinê hatiye astengkirin.</p></div>');
/** A short item quoting a notice, with the law and the authority. */
const QUOTE = doc(
  'Форум недоступен',
  '<p>Читатели видят надпись «Доступ к ресурсу ограничен на основании решения суда».</p><p>Комментариев нет.</p>',
);
/**
 * A notice the heuristic reports alone when served with an error status: blocking words and an
 * authority, short, no article. Served as the site's own 200 page, its words alone never decide.
 */
const HEURISTIC = doc('Доступ абмежаваны', '<p>Доступ да сайта абмежаваны паводле рашэння Міністэрства інфармацыі.</p>');

function probed(html: string, status = 200, finalUrl = 'https://forum.example/'): ProbeResult {
  return {
    ok: true,
    status,
    ms: 30,
    page: { body: html, bytes: new TextEncoder().encode(html).byteLength, finalUrl, headers: [], redirects: [] },
  };
}

async function settle(
  html: string,
  opts: { status?: number; control?: unknown; controlStatus?: number; settings?: Settings; trigger?: 'auto' | 'manual'; url?: string } = {},
) {
  const suspicion = makeSuspicion({
    host: 'forum.example',
    url: opts.url ?? 'https://forum.example/',
    blockpageSignal: 'page',
    navigationError: undefined,
    trigger: opts.trigger ?? 'auto',
  });
  const here = probed(html, opts.status);
  const net = fakeNetwork(null, (url) => {
    if (url.pathname === '/v1/control')
      return opts.control === 'down' ? 'net::ERR_CONNECTION_REFUSED' : json(opts.control ?? {}, opts.controlStatus ?? 200);
    // The same URL loaded again here (the redacted one): the same page.
    return new Response(html, { status: opts.status ?? 200, headers: { 'content-type': 'text/html; charset=utf-8' } });
  });
  const verdict = decideVerdict(suspicion, here);
  const settled =
    verdict &&
    (await settlePageCandidate(suspicion, verdict, opts.settings ?? withCollector, { tracker: new ProbeTracker(), fetchImpl: net.fetch }));
  return { verdict, settled, net, suspicion, here };
}

const realSite = { ok: true, status: 200, ms: 300, page: { status: 200, title: 'Forum', bytes: 84_000, finalHost: 'forum.example' } };

describe('settlePageCandidate: compare, then decide', () => {
  it('reports a notice the control does not see as a block page in any language, with both sides', async () => {
    const { settled, net } = await settle(UNKNOWN.html, { status: 403, control: realSite });
    expect(settled).toMatchObject({
      kind: 'blockpage',
      confirmed: true,
      blockpage: {
        fingerprint: 'control.differs',
        source: 'control',
        dataset: 'blockwatch',
        signals: expect.arrayContaining(['status:403', 'differs:title', 'differs:size', 'differs:status']),
        page: { status: 403, title: 'Agahdarî', finalHost: 'forum.example' },
      },
      evidence: { control: { ok: true, page: realSite.page } },
    });
    // The origin, as the report carries it, and nothing else.
    expect(net.requests).toEqual([`POST ${ENDPOINT}/v1/control`]);
    expect(JSON.parse(net.bodies[0]!)).toEqual({ url: 'https://forum.example/' });
  });

  it('puts both sides in a report that passes the protocol schema', async () => {
    const { settled, suspicion, here } = await settle(UNKNOWN.html, { status: 403, control: realSite });
    const report = buildReport(reportInput(await makeKeys(), { suspicion, verdict: settled!, probe: here }));
    expect(report.evidence.blockpage?.page).toMatchObject({ status: 403 });
    expect(report.evidence.control?.page).toEqual(realSite.page);
  });

  it('reports nothing when the control sees the same page, whatever its words', async () => {
    const same = {
      ok: true,
      status: 200,
      ms: 80,
      page: { status: 200, title: 'Форум недоступен', bytes: new TextEncoder().encode(QUOTE.html).byteLength, finalHost: 'forum.example' },
    };
    expect((await settle(QUOTE.html, { control: same })).settled).toBeNull();
    // Even a page the heuristic alone would report: the control's copy is the same page.
    const heuristic = await settle(HEURISTIC.html, {
      status: 403,
      control: {
        ...same,
        status: 403,
        page: { ...same.page, status: 403, title: 'Доступ абмежаваны', bytes: new TextEncoder().encode(HEURISTIC.html).byteLength },
      },
    });
    expect(heuristic.verdict?.pending?.candidate.alone).toMatchObject({ source: 'heuristic' });
    expect(heuristic.settled).toBeNull();
  });

  it('reports a page that redirected here to another host, even with the same title', async () => {
    const elsewhere = {
      ok: true,
      status: 200,
      ms: 90,
      page: { status: 200, title: 'Agahdarî', bytes: 500, finalHost: 'notice.isp.example' },
    };
    expect((await settle(UNKNOWN.html, { status: 403, control: elsewhere })).settled).toMatchObject({
      blockpage: { source: 'control', signals: expect.arrayContaining(['differs:host']) },
    });
  });

  it('lets the heuristic decide alone when the control is unavailable, and keeps why', async () => {
    const limited = await settle(HEURISTIC.html, { status: 403, control: { error: 'too many' }, controlStatus: 429 });
    expect(limited.settled).toMatchObject({
      kind: 'blockpage',
      blockpage: { source: 'heuristic', fingerprint: 'heuristic.be' },
      evidence: { control: { unavailable: 'rate_limited' } },
    });
    // And stays silent on a page in a language it does not know.
    const down = await settle(UNKNOWN.html, { status: 403, control: 'down' });
    expect(down.verdict?.pending?.candidate.signs).toContain('status:403');
    expect(down.settled).toBeNull();
    // Nor on the site's own 200 page, whatever its words: any site can write them.
    const own = await settle(HEURISTIC.html, { control: 'down' });
    expect(own.verdict?.pending?.candidate.alone).toBeNull();
    expect(own.settled).toBeNull();
  });

  it('treats a collector without `page` (older than it) as no comparison', async () => {
    const old = { ok: true, status: 200, ms: 120 };
    expect((await settle(UNKNOWN.html, { status: 403, control: old })).settled).toBeNull();
    expect((await settle(HEURISTIC.html, { status: 403, control: old })).settled).toMatchObject({
      blockpage: { source: 'heuristic' },
      evidence: { control: { ok: true } },
    });
  });

  it('never asks a collector before one is set, nor for reports held for review', async () => {
    for (const settings of [
      { ...DEFAULT_SETTINGS, endpoint: null },
      { ...withCollector, autoSend: false },
    ]) {
      const { settled, net } = await settle(HEURISTIC.html, { status: 403, control: realSite, settings });
      expect(net.requests).toEqual([]);
      expect(settled).toMatchObject({ blockpage: { source: 'heuristic' } });
    }
  });

  it('compares the URL the control is sent: the origin is loaded here too when the page was deeper', async () => {
    const { settled, net } = await settle(UNKNOWN.html, { status: 403, control: realSite, url: 'https://forum.example/thread/9?page=2' });
    expect(net.requests).toEqual(['GET https://forum.example/', `POST ${ENDPOINT}/v1/control`]);
    expect(settled).toMatchObject({ blockpage: { source: 'control' } });
  });

  it('says what a manual report on a page the control sees the same is: the site loads', async () => {
    const same = {
      ok: true,
      status: 403,
      ms: 80,
      page: { status: 403, title: 'Agahdarî', bytes: new TextEncoder().encode(UNKNOWN.html).byteLength, finalHost: 'forum.example' },
    };
    const { settled } = await settle(UNKNOWN.html, { status: 403, control: same, trigger: 'manual' });
    expect(settled).toMatchObject({ kind: 'ok', confirmed: true, evidence: { control: { page: same.page } } } satisfies Partial<Verdict>);
  });
});
