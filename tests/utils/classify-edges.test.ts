/**
 * Which verdicts the network checks apply to, found unguarded by mutation testing: every failure
 * of the network path is held during an outage and nothing else is; a wrong DNS answer already
 * compared needs no check; a missing endpoint asks no collector; a forced canary check asks again.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { canaryCache, checkCanariesNow, classifyFailure } from '../../utils/classify/3-outside-checks';
import { heldSuspicions } from '../../utils/classify/outage';
import { ProbeTracker } from '../../utils/confirm/probe';
import { VERDICT_KINDS, type VerdictKind } from '../../utils/protocol/report-schema';
import { DEFAULT_SETTINGS, type Settings } from '../../utils/storage/settings-rules';
import type { Verdict } from '../../utils/classify/1-probe-verdict';
import { makeSuspicion, resetDb } from '../support/fixtures';
import { fakeNetwork, json } from '../support/network';

const ENDPOINT = 'https://collector.example.org';
const CANARIES = ['https://canary-one.example/', 'https://canary-two.example/'];
/** Failures of the network path, as the report format names them. */
const NETWORK: VerdictKind[] = ['dns', 'tcp_reset', 'timeout', 'tls', 'tls_mitm', 'unreachable'];

let tracker: ProbeTracker;
beforeEach(async () => {
  fakeBrowser.reset();
  await resetDb();
  canaryCache.clear();
  tracker = new ProbeTracker();
});

const settings = (overrides: Partial<Settings> = {}): Settings => ({
  ...DEFAULT_SETTINGS,
  endpoint: ENDPOINT,
  dohResolver: null,
  canaries: CANARIES,
  ...overrides,
});

function network(canariesUp: boolean) {
  return fakeNetwork(tracker, (url) => {
    if (url.hostname.startsWith('canary-')) return canariesUp ? new Response('ok') : 'net::ERR_CONNECTION_RESET';
    if (url.origin === ENDPOINT) return json({ ok: true, status: 200, ms: 50 });
    throw new Error(`unexpected request to ${url.href}`);
  });
}

describe('classifyFailure, kind by kind', () => {
  it.each(VERDICT_KINDS.map((kind) => [kind, NETWORK.includes(kind)] as const))(
    '%s: held during an outage only if it is a network failure (%s)',
    async (kind, isNetwork) => {
      const net = network(false);
      const suspicion = makeSuspicion({ host: `${kind.replace(/_/g, '-')}.example.kz` });
      const verdict: Verdict = { kind, confirmed: true };
      const result = await classifyFailure(suspicion, verdict, settings(), { tracker, fetchImpl: net.fetch });
      if (isNetwork) {
        expect(result).toBeNull();
        expect((await heldSuspicions()).map((s) => s.host)).toEqual([suspicion.host]);
      } else {
        expect(result).toBe(verdict);
        expect(net.requests).toEqual([]);
      }
    },
  );
});

describe('classifyFailure, what it asks', () => {
  it('asks nobody about a DNS answer already compared with the resolver', async () => {
    const net = network(true);
    const dns = {
      resolver: 'https://dns.example.net',
      answer: 'addresses' as const,
      addresses: ['93.184.215.14'],
      ms: 40,
      local: '10.10.34.35',
    };
    const verdict: Verdict = { kind: 'dns', confirmed: true, evidence: { dns } };
    expect(await classifyFailure(makeSuspicion(), verdict, settings(), { tracker, fetchImpl: net.fetch })).toBe(verdict);
    expect(net.requests).toEqual([]);
  });

  it('still checks a failure that carries other evidence', async () => {
    const net = network(true);
    const verdict: Verdict = { kind: 'tcp_reset', confirmed: true, evidence: {} };
    const result = await classifyFailure(makeSuspicion(), verdict, settings(), { tracker, fetchImpl: net.fetch });
    expect(result?.evidence?.canaries).toMatchObject({ checked: 2, reachable: 2 });
  });

  it('asks no collector before the user chose one, and reports what the canaries said', async () => {
    const net = network(true);
    const result = await classifyFailure(makeSuspicion(), { kind: 'timeout', confirmed: true }, settings({ endpoint: null }), {
      tracker,
      fetchImpl: net.fetch,
    });
    expect(result).toEqual({
      kind: 'timeout',
      confirmed: true,
      evidence: { canaries: expect.objectContaining({ checked: 2, reachable: 2 }) },
    });
    expect(net.requests.every((r) => r.includes('canary-'))).toBe(true);
  });
});

describe('classifyFailure with DNS-over-HTTPS and no control measurement', () => {
  it('keeps a failed local lookup as DNS blocking when the resolver knows the name', async () => {
    const net = fakeNetwork(tracker, (url) => {
      if (url.hostname.startsWith('canary-')) return new Response('ok');
      if (url.origin === ENDPOINT) return json({}, 404); // this collector offers no control measurement
      if (url.hostname === 'dns.example.net')
        return json(url.searchParams.get('type') === 'A' ? { Status: 0, Answer: [{ type: 1, data: '203.0.113.7' }] } : { Status: 0 });
      throw new Error(`unexpected request to ${url.href}`);
    });
    const result = await classifyFailure(
      makeSuspicion(),
      { kind: 'dns', confirmed: true },
      settings({ dohResolver: 'https://dns.example.net/dns-query' }),
      {
        tracker,
        fetchImpl: net.fetch,
      },
    );
    expect(result).toMatchObject({ kind: 'dns', confirmed: true, evidence: { dns: { answer: 'addresses' } } });
    expect(result?.evidence?.control).toBeUndefined();
  });
});

describe('checkCanariesNow', () => {
  it('asks the canaries again even when a recent answer is cached', async () => {
    const down = network(false);
    const first = await checkCanariesNow(settings(), { tracker, fetchImpl: down.fetch });
    expect(first.reachable).toBe(0);
    const up = network(true);
    const second = await checkCanariesNow(settings(), { tracker, fetchImpl: up.fetch });
    expect(second).toMatchObject({ checked: 2, reachable: 2 });
    expect(up.requests).toHaveLength(2);
  });
});
