import { describe, expect, it } from 'vitest';
import { CanaryCache, checkCanaries, networkDown } from '../../utils/confirm/canaries';
import { ProbeTracker } from '../../utils/confirm/probe';
import { fakeNetwork, type RouteAnswer } from '../support/network';
import { DEFAULT_CANARIES } from '../../utils/storage/settings-rules';

const URLS = ['https://one.example/', 'https://two.example/', 'https://three.example/'];

function network(byHost: Record<string, RouteAnswer>) {
  const tracker = new ProbeTracker();
  const net = fakeNetwork(tracker, (url) => byHost[url.hostname] ?? new Response('ok'));
  return { tracker, net };
}

describe('checkCanaries', () => {
  it('counts the canaries that answered, whatever their status', async () => {
    const { tracker, net } = network({ 'two.example': new Response('gone', { status: 503 }) });
    const check = await checkCanaries(URLS, { tracker, fetchImpl: net.fetch });
    expect(check).toMatchObject({ checked: 3, reachable: 3 });
    expect(check.results[1]).toEqual({ url: 'https://two.example/', ok: true, status: 503, ms: expect.any(Number) });
    expect(networkDown(check)).toBe(false);
  });

  it('finds the network down only when every canary fails to connect', async () => {
    const down = network({
      'one.example': 'net::ERR_CONNECTION_RESET',
      'two.example': 'net::ERR_NAME_NOT_RESOLVED',
      'three.example': 'hang',
    });
    const check = await checkCanaries(URLS, { tracker: down.tracker, fetchImpl: down.net.fetch, timeoutMs: 50 });
    expect(check).toMatchObject({ checked: 3, reachable: 0 });
    expect(check.results.map((r) => r.error)).toEqual(['net::ERR_CONNECTION_RESET', 'net::ERR_NAME_NOT_RESOLVED', 'timeout']);
    expect(networkDown(check)).toBe(true);

    const oneUp = network({ 'one.example': 'net::ERR_CONNECTION_RESET', 'two.example': 'net::ERR_TIMED_OUT' });
    expect(networkDown(await checkCanaries(URLS, { tracker: oneUp.tracker, fetchImpl: oneUp.net.fetch }))).toBe(false);
  });

  it('counts an intercepted canary as reachable: interception is not an outage', async () => {
    const { tracker, net } = network({
      'one.example': 'net::ERR_CERT_AUTHORITY_INVALID',
      'two.example': 'net::ERR_CONNECTION_RESET',
      'three.example': 'net::ERR_CONNECTION_RESET',
    });
    const check = await checkCanaries(URLS, { tracker, fetchImpl: net.fetch });
    expect(check.reachable).toBe(1);
    expect(networkDown(check)).toBe(false);
  });

  it('never calls the network down without canaries', async () => {
    expect(networkDown(null)).toBe(false);
    expect(networkDown(await checkCanaries([], { tracker: new ProbeTracker() }))).toBe(false);
  });

  it('has a few well-known public sites by default, all https', () => {
    expect(DEFAULT_CANARIES.length).toBeGreaterThanOrEqual(2);
    for (const url of DEFAULT_CANARIES) expect(new URL(url).protocol).toBe('https:');
  });
});

describe('CanaryCache', () => {
  it('shares one check among failures arriving together, and refresh asks again', async () => {
    const { tracker, net } = network({});
    const cache = new CanaryCache();
    await Promise.all([cache.get(URLS, { tracker, fetchImpl: net.fetch }, 0), cache.get(URLS, { tracker, fetchImpl: net.fetch }, 1_000)]);
    expect(net.requests).toHaveLength(3);
    await cache.get(URLS, { tracker, fetchImpl: net.fetch }, 60_000);
    expect(net.requests).toHaveLength(6);
    await cache.refresh(URLS, { tracker, fetchImpl: net.fetch }, 60_001);
    expect(net.requests).toHaveLength(9);
  });
});
