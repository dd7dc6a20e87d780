import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { canaryCache, classifyFailure } from '../../utils/classify/3-outside-checks';
import { currentOutage, heldSuspicions } from '../../utils/classify/outage';
import { ProbeTracker } from '../../utils/confirm/probe';
import type { Verdict } from '../../utils/classify/1-probe-verdict';
import { makeSuspicion, resetDb } from '../support/fixtures';
import { fakeNetwork, json, type RouteAnswer } from '../support/network';
import { DEFAULT_SETTINGS, type Settings } from '../../utils/storage/settings-rules';

const ENDPOINT = 'https://collector.example.org';
const DOH = 'https://dns.example.net/dns-query';
const CANARIES = ['https://canary-one.example/', 'https://canary-two.example/'];

let tracker: ProbeTracker;

beforeEach(async () => {
  fakeBrowser.reset();
  await resetDb();
  canaryCache.clear();
  tracker = new ProbeTracker();
});

/** Answers are made afresh for every request: a Response body can be read only once. */
interface World {
  canaries?: () => RouteAnswer;
  control?: () => RouteAnswer;
  doh?: Record<string, unknown>;
}

function world({
  canaries = () => new Response('ok'),
  control = () => json({ ok: true, status: 200, ms: 90 }),
  doh = { Status: 3 },
}: World) {
  return fakeNetwork(tracker, (url) => {
    if (url.hostname.startsWith('canary-')) return canaries();
    if (url.origin === ENDPOINT || url.origin === 'https://other.example.org') return control();
    if (url.hostname === 'dns.example.net')
      return json(url.searchParams.get('type') === 'A' ? doh : { Status: (doh as { Status: number }).Status });
    throw new Error(`unexpected request to ${url.href}`);
  });
}

const settings = (overrides: Partial<Settings> = {}): Settings => ({
  ...DEFAULT_SETTINGS,
  endpoint: ENDPOINT,
  dohResolver: DOH,
  canaries: CANARIES,
  ...overrides,
});

const reset: Verdict = { kind: 'tcp_reset', confirmed: true };
const dns: Verdict = { kind: 'dns', confirmed: true };
const suspicion = makeSuspicion({ host: 'news.example.kz', url: 'https://news.example.kz/politics/story?id=9' });

describe('classifyFailure', () => {
  it('leaves block pages alone and asks nobody', async () => {
    const net = world({});
    const blockpage: Verdict = { kind: 'blockpage', confirmed: true };
    expect(await classifyFailure(suspicion, blockpage, settings(), { tracker, fetchImpl: net.fetch })).toBe(blockpage);
    expect(net.requests).toEqual([]);
  });

  it('keeps the kind when the collector loads the site: blocked here', async () => {
    const net = world({});
    const verdict = await classifyFailure(suspicion, reset, settings(), { tracker, fetchImpl: net.fetch });
    expect(verdict).toEqual({
      kind: 'tcp_reset',
      confirmed: true,
      evidence: {
        canaries: { checked: 2, reachable: 2, results: expect.any(Array) },
        control: { ok: true, status: 200, ms: 90 },
      },
    });
    // Only the redacted origin goes to the collector; no DoH question for a name that resolved.
    expect(net.bodies).toEqual([JSON.stringify({ url: 'https://news.example.kz/' })]);
    expect(net.requests.some((r) => r.includes('dns.example.net'))).toBe(false);
  });

  it('says down everywhere when the control measurement fails too', async () => {
    const net = world({ control: () => json({ ok: false, error: 'timeout', ms: 10_000 }) });
    const verdict = await classifyFailure(suspicion, reset, settings(), { tracker, fetchImpl: net.fetch });
    expect(verdict).toMatchObject({ kind: 'down_everywhere', confirmed: true, evidence: { control: { ok: false, error: 'timeout' } } });
  });

  it('keeps the local kind, with the reason, when no control measurement could be had', async () => {
    const notOffered = world({ control: () => json({ error: 'not found' }, 404) });
    expect(await classifyFailure(suspicion, reset, settings(), { tracker, fetchImpl: notOffered.fetch })).toEqual({
      kind: 'tcp_reset',
      confirmed: true,
      evidence: { canaries: expect.any(Object) },
    });
    canaryCache.clear();
    const unreachable = world({ control: () => 'net::ERR_CONNECTION_REFUSED' });
    expect(
      await classifyFailure(suspicion, reset, settings({ endpoint: 'https://other.example.org' }), {
        tracker,
        fetchImpl: unreachable.fetch,
      }),
    ).toEqual({
      kind: 'tcp_reset',
      confirmed: true,
      evidence: { canaries: expect.any(Object), control: { unavailable: 'unreachable' } },
    });
  });

  it('records DNS tampering when the DoH resolver knows the name', async () => {
    const net = world({ doh: { Status: 0, Answer: [{ type: 1, data: '203.0.113.7' }] } });
    const verdict = await classifyFailure(suspicion, dns, settings(), { tracker, fetchImpl: net.fetch });
    expect(verdict).toMatchObject({
      kind: 'dns',
      confirmed: true,
      evidence: { dns: { resolver: 'https://dns.example.net/', answer: 'addresses', addresses: ['203.0.113.7'] }, control: { ok: true } },
    });
  });

  it('reads NXDOMAIN from DoH as gone everywhere, unless the collector loaded the site', async () => {
    const gone = world({ doh: { Status: 3 }, control: () => json({ ok: false, error: 'dns', ms: 4 }) });
    expect(await classifyFailure(suspicion, dns, settings(), { tracker, fetchImpl: gone.fetch })).toMatchObject({
      kind: 'down_everywhere',
      confirmed: true,
    });
    const noControl = world({ doh: { Status: 3 }, control: () => json({}, 404) });
    expect(await classifyFailure(suspicion, dns, settings(), { tracker, fetchImpl: noControl.fetch })).toMatchObject({
      kind: 'down_everywhere',
    });
    await fakeBrowser.storage.local.clear();
    const contradicted = world({ doh: { Status: 3 } });
    expect(await classifyFailure(suspicion, dns, settings(), { tracker, fetchImpl: contradicted.fetch })).toMatchObject({ kind: 'dns' });
  });

  it('asks no resolver and no collector before the user chose an endpoint', async () => {
    const net = world({});
    const verdict = await classifyFailure(suspicion, dns, settings({ endpoint: null }), { tracker, fetchImpl: net.fetch });
    expect(verdict).toMatchObject({ kind: 'dns', confirmed: true });
    expect(net.requests.every((r) => r.includes('canary-'))).toBe(true);
  });

  it('does not tell the collector about a report the user wants to review first', async () => {
    const net = world({});
    const auto = await classifyFailure(suspicion, reset, settings({ autoSend: false }), { tracker, fetchImpl: net.fetch });
    expect(auto?.evidence?.control).toBeUndefined();
    expect(net.requests.some((r) => r.startsWith('POST'))).toBe(false);
    const manual = await classifyFailure({ ...suspicion, trigger: 'manual' }, reset, settings({ autoSend: false }), {
      tracker,
      fetchImpl: net.fetch,
    });
    expect(manual?.evidence?.control).toEqual({ ok: true, status: 200, ms: 90 });
  });

  it('holds an automatic failure when every canary fails, and opens an outage', async () => {
    const net = world({ canaries: () => 'net::ERR_CONNECTION_RESET' });
    expect(await classifyFailure(suspicion, reset, settings(), { tracker, fetchImpl: net.fetch })).toBeNull();
    expect((await heldSuspicions()).map((s) => s.host)).toEqual(['news.example.kz']);
    expect(await currentOutage()).toMatchObject({ startedAt: suspicion.observedAt });
    expect(net.requests.some((r) => r.startsWith('POST'))).toBe(false);
  });

  it('never holds a manual report, but marks it unconfirmed with the canary evidence', async () => {
    const net = world({ canaries: () => 'net::ERR_CONNECTION_RESET' });
    const manual = { ...suspicion, trigger: 'manual' as const };
    expect(await classifyFailure(manual, reset, settings(), { tracker, fetchImpl: net.fetch })).toMatchObject({
      kind: 'tcp_reset',
      confirmed: false,
      evidence: { canaries: { reachable: 0 } },
    });
    expect(await heldSuspicions()).toEqual([]);
  });

  it('skips the outage check when the user listed no canaries', async () => {
    const net = world({ canaries: () => 'net::ERR_CONNECTION_RESET' });
    const verdict = await classifyFailure(suspicion, reset, settings({ canaries: [] }), { tracker, fetchImpl: net.fetch });
    expect(verdict).toMatchObject({ kind: 'tcp_reset' });
    expect(verdict?.evidence?.canaries).toBeUndefined();
  });
});
