import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { suspicionFromAddress } from '../../utils/blockpage/evidence';
import { canaryCache } from '../../utils/classify/3-outside-checks';
import { TabFallbackCheck } from '../../utils/observe/http-fallback';
import {
  canonicalAddress,
  confirmDnsAnswer,
  dnsAnswerVerdict,
  suspicionFromDnsAnswer,
  suspiciousAddress,
} from '../../utils/classify/2-dns-answer';
import type { DnsEvidence } from '../../utils/confirm/doh';
import { FINGERPRINT_ROWS } from '../../utils/blockpage/fingerprint-data';
import { intakeAutomatic, type PipelineDeps } from '../../utils/pipeline/pipeline';
import { ProbeTracker } from '../../utils/confirm/probe';
import { listReports } from '../../utils/queue/queue';
import { DnsEvidenceSchema, SignedReportSchema } from '../../utils/protocol/report-schema';
import { updateSettings } from '../../utils/storage/settings';
import { makeSuspicion, resetDb, TEST_CLIENT } from '../support/fixtures';
import { fakeNetwork, json, type RouteAnswer } from '../support/network';
import type { Suspicion } from '../../utils/storage/records';
import { DEFAULT_SETTINGS, type Settings } from '../../utils/storage/settings-rules';

const ENDPOINT = 'https://collector.example.org';
const DOH = 'https://dns.example.net/dns-query';
const PUBLIC_A = '93.184.215.14';

/** What Chromium hands an onResponseStarted listener for a page's main frame. */
function responseStarted(ip: string | undefined, url = 'https://news.example.kz/politics/story?id=9') {
  return {
    documentLifecycle: 'active',
    frameId: 0,
    frameType: 'outermost_frame',
    fromCache: false,
    method: 'GET',
    parentFrameId: -1,
    requestId: '4711',
    statusCode: 200,
    statusLine: 'HTTP/1.1 200 OK',
    tabId: 7,
    timeStamp: Date.parse('2024-03-01T10:00:00Z'),
    type: 'main_frame',
    url,
    ...(ip !== undefined && { ip }),
  };
}

describe('canonicalAddress', () => {
  it('writes one spelling per address', () => {
    expect(canonicalAddress('10.0.0.1')).toBe('10.0.0.1');
    expect(canonicalAddress('[FD12:0:0:0:0:0:0:1]')).toBe('fd12::1');
    expect(canonicalAddress('::ffff:10.0.0.1')).toBe('10.0.0.1');
    expect(canonicalAddress('::ffff:a00:1')).toBe('10.0.0.1');
    expect(canonicalAddress('2606:2800:0220:0001:0248:1893:25c8:1946')).toBe('2606:2800:220:1:248:1893:25c8:1946');
  });

  it('refuses what is not an address', () => {
    for (const raw of ['news.example.kz', '300.1.1.1', '1.2.3', 'fe80::zz', '']) expect(canonicalAddress(raw)).toBeNull();
  });
});

describe('suspicionFromDnsAnswer', () => {
  const suspicious: [string, string, string][] = [
    ['RFC 1918 10/8', '10.20.30.40', '10.20.30.40'],
    ['RFC 1918 172.16/12', '172.31.255.1', '172.31.255.1'],
    ['RFC 1918 192.168/16', '192.168.1.254', '192.168.1.254'],
    ['CGNAT 100.64/10', '100.72.0.9', '100.72.0.9'],
    ['IPv4 link-local', '169.254.12.34', '169.254.12.34'],
    ['the unspecified IPv4 address', '0.0.0.0', '0.0.0.0'],
    ['unique-local IPv6', 'fd12:3456::1', 'fd12:3456::1'],
    ['link-local IPv6', 'fe80::1', 'fe80::1'],
    ['the unspecified IPv6 address', '::', '::'],
    ['IPv4-mapped private IPv6, dotted', '::ffff:192.168.0.10', '192.168.0.10'],
    ['IPv4-mapped private IPv6, hex', '::ffff:c0a8:a', '192.168.0.10'],
  ];
  for (const [name, ip, local] of suspicious) {
    it(`suspects a public name served from ${name}`, () => {
      const s = suspicionFromDnsAnswer(responseStarted(ip));
      expect(s).toMatchObject({ key: '7|news.example.kz', host: 'news.example.kz', tabId: 7, trigger: 'auto', dnsAnswer: local });
      expect(s?.observedAt).toBe(Date.parse('2024-03-01T10:00:00Z'));
    });
  }

  it('says nothing about public addresses', () => {
    for (const ip of ['93.184.215.14', '100.128.0.1', '172.32.0.1', '2606:2800:220:1:248:1893:25c8:1946', '::ffff:5db8:d70e']) {
      expect(suspicionFromDnsAnswer(responseStarted(ip))).toBeNull();
    }
  });

  it('leaves loopback alone: a local proxy, VPN client or hosts file answers from there', () => {
    for (const ip of ['127.0.0.1', '127.53.0.1', '::1', '::ffff:127.0.0.1']) expect(suspicionFromDnsAnswer(responseStarted(ip))).toBeNull();
  });

  it('says nothing about intranet names, IP literals, sub-frames or answers without an address', () => {
    expect(suspicionFromDnsAnswer(responseStarted('192.168.1.10', 'http://printer.local/'))).toBeNull();
    expect(suspicionFromDnsAnswer(responseStarted('10.0.0.5', 'http://wiki/'))).toBeNull();
    expect(suspicionFromDnsAnswer(responseStarted('192.168.1.1', 'http://192.168.1.1/'))).toBeNull();
    // A public IP literal reached through a proxy on the local network: no DNS involved.
    expect(suspicionFromDnsAnswer(responseStarted('10.0.0.1', 'http://93.184.215.14/'))).toBeNull();
    expect(suspicionFromDnsAnswer({ ...responseStarted('10.0.0.1'), type: 'sub_frame' })).toBeNull();
    expect(suspicionFromDnsAnswer({ ...responseStarted('10.0.0.1'), tabId: -1 })).toBeNull();
    expect(suspicionFromDnsAnswer(responseStarted(undefined))).toBeNull();
  });

  it('leaves a recorded block address to the block-page path, as the background wires them', () => {
    const recorded = FINGERPRINT_ROWS.find((r) => r[1] === 'dns' && r[4] === '10.10.34.34');
    expect(recorded).toBeDefined();
    const details = responseStarted('10.10.34.34');
    const chosen = suspicionFromAddress(details) ?? suspicionFromDnsAnswer(details);
    expect(chosen?.blockpageSignal).toMatch(/^address:/);
    expect(chosen?.dnsAnswer).toBeUndefined();
    // Any other private address takes the DNS path.
    const other = responseStarted('10.10.34.99');
    expect(suspicionFromAddress(other) ?? suspicionFromDnsAnswer(other)).toMatchObject({ dnsAnswer: '10.10.34.99' });
  });

  it('keeps the same tab-and-host key as every other suspicion, so dedupe covers it', () => {
    expect(suspicionFromDnsAnswer(responseStarted('10.0.0.1', 'https://News.Example.KZ./a'))?.key).toBe('7|news.example.kz');
  });
});

describe('suspiciousAddress', () => {
  it('returns the canonical address', () => {
    expect(suspiciousAddress('[FD00::0001]')).toBe('fd00::1');
    expect(suspiciousAddress(undefined)).toBeNull();
    expect(suspiciousAddress('not an address')).toBeNull();
  });
});

const dohAnswer = (addresses: string[]): DnsEvidence => ({ resolver: 'https://dns.example.net/', answer: 'addresses', addresses, ms: 40 });

describe('dnsAnswerVerdict', () => {
  it('confirms dns when the resolver gives only public addresses, and records both answers', () => {
    const doh = dohAnswer([PUBLIC_A, '2606:2800:220:1:248:1893:25c8:1946']);
    const verdict = dnsAnswerVerdict('10.20.30.40', doh);
    expect(verdict).toEqual({ kind: 'dns', confirmed: true, evidence: { dns: { ...doh, local: '10.20.30.40' } } });
    expect(DnsEvidenceSchema.safeParse(verdict?.evidence?.dns).success).toBe(true);
  });

  it('reports nothing when the resolver agrees with the local answer', () => {
    expect(dnsAnswerVerdict('10.20.30.40', dohAnswer(['10.20.30.40']))).toBeNull();
    expect(dnsAnswerVerdict('fd12::1', dohAnswer(['FD12:0::1', PUBLIC_A]))).toBeNull();
    expect(dnsAnswerVerdict('10.0.0.1', dohAnswer(['::ffff:10.0.0.1']))).toBeNull();
  });

  it('reports nothing when the name publicly points at private space too', () => {
    expect(dnsAnswerVerdict('10.20.30.40', dohAnswer(['10.20.30.41']))).toBeNull();
    expect(dnsAnswerVerdict('10.20.30.40', dohAnswer([PUBLIC_A, '192.168.5.5']))).toBeNull();
  });

  it('reads an unreachable or broken resolver, or a name without public address, neither way', () => {
    const base = { resolver: 'https://dns.example.net/', ms: 5000 };
    expect(dnsAnswerVerdict('10.0.0.1', { ...base, answer: 'unreachable', error: 'net::ERR_CONNECTION_RESET' })).toBeNull();
    expect(dnsAnswerVerdict('10.0.0.1', { ...base, answer: 'unreachable', error: 'timeout' })).toBeNull();
    expect(dnsAnswerVerdict('10.0.0.1', { ...base, answer: 'error', error: 'HTTP 500' })).toBeNull();
    expect(dnsAnswerVerdict('10.0.0.1', { ...base, answer: 'nxdomain' })).toBeNull();
    expect(dnsAnswerVerdict('10.0.0.1', { ...base, answer: 'no_answer' })).toBeNull();
  });

  it('reports nothing when the resolver itself was reached through the same address: a proxy', () => {
    expect(dnsAnswerVerdict('10.0.0.1', dohAnswer([PUBLIC_A]), ['10.0.0.1'])).toBeNull();
    expect(dnsAnswerVerdict('10.0.0.1', dohAnswer([PUBLIC_A]), ['104.16.249.249'])).not.toBeNull();
  });
});

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
  dohResolver: DOH,
  ...overrides,
});

/** The resolver answers `doh` for A and nothing for AAAA; the site itself loads from `page`. */
function world(doh: () => RouteAnswer, page: () => RouteAnswer = () => new Response('<html><title>News</title></html>')) {
  return fakeNetwork(tracker, (url) => {
    if (url.hostname === 'dns.example.net') return url.searchParams.get('type') === 'A' ? doh() : json({ Status: 0 });
    if (url.hostname === 'news.example.kz') return page();
    return 'net::ERR_NAME_NOT_RESOLVED';
  });
}

const publicAnswer = () => json({ Status: 0, Answer: [{ name: 'news.example.kz', type: 1, TTL: 300, data: PUBLIC_A }] });
const suspicion: Suspicion = makeSuspicion({ host: 'news.example.kz', url: 'https://news.example.kz/', dnsAnswer: '10.20.30.40' });

describe('confirmDnsAnswer', () => {
  it('asks the resolver about the name and confirms dns with both answers when they differ', async () => {
    const net = world(publicAnswer);
    const verdict = await confirmDnsAnswer(suspicion, settings(), { tracker, fetchImpl: net.fetch });
    expect(verdict).toEqual({
      kind: 'dns',
      confirmed: true,
      evidence: {
        dns: {
          resolver: 'https://dns.example.net/',
          answer: 'addresses',
          addresses: [PUBLIC_A],
          ms: expect.any(Number),
          local: '10.20.30.40',
        },
      },
    });
    expect(net.requests.map((r) => new URL(r.split(' ')[1]!).searchParams.get('name'))).toEqual(['news.example.kz', 'news.example.kz']);
  });

  it('reports nothing when the resolver agrees', async () => {
    const net = world(() => json({ Status: 0, Answer: [{ type: 1, data: '10.20.30.40' }] }));
    expect(await confirmDnsAnswer(suspicion, settings(), { tracker, fetchImpl: net.fetch })).toBeNull();
    expect(net.requests).toHaveLength(2);
  });

  it('reports nothing when the resolver is unreachable', async () => {
    const net = fakeNetwork(tracker, () => 'net::ERR_CONNECTION_RESET');
    expect(await confirmDnsAnswer(suspicion, settings(), { tracker, fetchImpl: net.fetch })).toBeNull();
    expect(net.requests).toHaveLength(2);
  });

  it('asks no resolver before the user chose an endpoint, nor with the check turned off', async () => {
    const net = world(publicAnswer);
    expect(await confirmDnsAnswer(suspicion, settings({ endpoint: null }), { tracker, fetchImpl: net.fetch })).toBeNull();
    expect(await confirmDnsAnswer(suspicion, settings({ dohResolver: null }), { tracker, fetchImpl: net.fetch })).toBeNull();
    expect(net.requests).toEqual([]);
  });

  it('reports nothing when the resolver answered from the same private address: a proxy', async () => {
    let id = 90_000;
    const viaProxy = (async (input: RequestInfo | URL) => {
      const requestId = String(id++);
      tracker.onBeforeRequest({ requestId, url: String(input), tabId: -1 });
      tracker.onResponseStarted({ requestId, ip: '10.20.30.40' });
      return publicAnswer();
    }) as typeof fetch;
    expect(await confirmDnsAnswer(suspicion, settings(), { tracker, fetchImpl: viaProxy })).toBeNull();
  });

  it('ignores suspicions that carry no DNS answer', async () => {
    const net = world(publicAnswer);
    expect(
      await confirmDnsAnswer({ ...suspicion, dnsAnswer: undefined } as Suspicion, settings(), { tracker, fetchImpl: net.fetch }),
    ).toBeNull();
    expect(net.requests).toEqual([]);
  });
});

describe('a suspicious DNS answer through the pipeline', () => {
  function deps(fetchImpl: typeof fetch): PipelineDeps {
    return {
      tracker,
      navigations: new TabFallbackCheck(async () => undefined),
      client: { ...TEST_CLIENT },
      onQueued: vi.fn(),
      isPrivateTab: vi.fn(async () => false),
      fetchImpl,
    };
  }

  it('queues one confirmed dns report with both answers, and asks neither canaries nor the control', async () => {
    await updateSettings({ endpoint: ENDPOINT, dohResolver: DOH });
    const net = world(publicAnswer);
    const outcome = await intakeAutomatic(suspicionFromDnsAnswer(responseStarted('10.20.30.40')), deps(net.fetch));
    expect(outcome?.status).toBe('queued');
    const [entry, ...rest] = await listReports();
    expect(rest).toEqual([]);
    expect(SignedReportSchema.safeParse(entry!.signed).success).toBe(true);
    expect(entry!.signed.report).toMatchObject({
      host: 'news.example.kz',
      url: 'https://news.example.kz/',
      verdict: { kind: 'dns', confirmed: true },
      evidence: { probe: { status: 200 }, dns: { answer: 'addresses', addresses: [PUBLIC_A], local: '10.20.30.40' } },
    });
    expect(entry!.signed.report.evidence.canaries).toBeUndefined();
    expect(entry!.signed.report.evidence.control).toBeUndefined();
    // Besides the site and the resolver, only the collector's network lookup (network-lookup.ts).
    expect(net.requests.every((r) => /news\.example\.kz|dns\.example\.net/.test(r) || r === `GET ${ENDPOINT}/v1/network`)).toBe(true);

    // The same tab and host again within the dedupe window: no second probe, no second report.
    const before = net.requests.length;
    expect(await intakeAutomatic(suspicionFromDnsAnswer(responseStarted('10.20.30.40')), deps(net.fetch))).toBeNull();
    expect(net.requests).toHaveLength(before);
    expect(await listReports()).toHaveLength(1);
  });

  it('queues nothing when the resolver agrees or is unreachable', async () => {
    await updateSettings({ endpoint: ENDPOINT, dohResolver: DOH });
    const agrees = world(() => json({ Status: 0, Answer: [{ type: 1, data: '10.20.30.40' }] }));
    expect(await intakeAutomatic(suspicionFromDnsAnswer(responseStarted('10.20.30.40')), deps(agrees.fetch))).toMatchObject({
      status: 'not-confirmed',
    });
    // Another host, so dedupe does not hide the second case; its resolver times out.
    const other = responseStarted('10.20.30.40', 'https://other.example.kz/');
    const net2 = fakeNetwork(tracker, (url) =>
      url.hostname === 'other.example.kz' ? new Response('<html>x</html>') : 'net::ERR_CONNECTION_TIMED_OUT',
    );
    expect(await intakeAutomatic(suspicionFromDnsAnswer(other), deps(net2.fetch))).toMatchObject({ status: 'not-confirmed' });
    expect(net2.requests.some((r) => r.includes('dns.example.net'))).toBe(true);
    expect(await listReports()).toEqual([]);
  });

  it('does nothing at all, not even a probe, before the user chose an endpoint', async () => {
    const net = world(publicAnswer);
    expect(await intakeAutomatic(suspicionFromDnsAnswer(responseStarted('10.20.30.40')), deps(net.fetch))).toBeNull();
    expect(net.requests).toEqual([]);
    expect(await listReports()).toEqual([]);
  });
});
