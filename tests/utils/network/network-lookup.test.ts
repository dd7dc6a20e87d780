import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import {
  forgetNetwork,
  NETWORK_FAILURE_TTL_MS,
  NETWORK_NOT_OFFERED_TTL_MS,
  NETWORK_TTL_MS,
  reportNetwork,
  WITHHELD_NETWORK,
} from '../../../utils/confirm/network-lookup';
import { fakeNetwork, json } from '../../support/network';

const ENDPOINT = 'https://collector.example.org';
const KCELL = { asn: 29355, name: 'Kcell JSC', cc: 'KZ' };
const T0 = 1_700_000_000_000;

beforeEach(async () => {
  fakeBrowser.reset();
  await forgetNetwork();
});

const settings = (overrides: Partial<{ endpoint: string | null; withholdNetwork: boolean }> = {}) => ({
  endpoint: ENDPOINT,
  withholdNetwork: false,
  ...overrides,
});

describe('reportNetwork', () => {
  it('asks nobody before an endpoint is set', async () => {
    const net = fakeNetwork(null, () => json(KCELL));
    expect(await reportNetwork(settings({ endpoint: null }), { fetchImpl: net.fetch })).toBeUndefined();
    expect(net.requests).toEqual([]);
  });

  it('says the network was withheld, without asking, when the user chose so', async () => {
    const net = fakeNetwork(null, () => json(KCELL));
    expect(await reportNetwork(settings({ withholdNetwork: true }), { fetchImpl: net.fetch })).toEqual(WITHHELD_NETWORK);
    expect(net.requests).toEqual([]);
  });

  it('asks <endpoint>/v1/network once, then answers from memory for a few minutes', async () => {
    const net = fakeNetwork(null, () => json(KCELL));
    let now = T0;
    const ask = () => reportNetwork(settings(), { fetchImpl: net.fetch, now: () => now });
    expect(await ask()).toEqual(KCELL);
    now += NETWORK_TTL_MS - 1;
    expect(await ask()).toEqual(KCELL);
    expect(net.requests).toEqual([`GET ${ENDPOINT}/v1/network`]);
    now += 2;
    await ask();
    expect(net.requests).toHaveLength(2);
  });

  it('asks once for several reports made at the same moment', async () => {
    const net = fakeNetwork(null, async () => {
      await new Promise((r) => setTimeout(r, 20));
      return json(KCELL);
    });
    const answers = await Promise.all([1, 2, 3].map(() => reportNetwork(settings(), { fetchImpl: net.fetch, now: () => T0 })));
    expect(answers).toEqual([KCELL, KCELL, KCELL]);
    expect(net.requests).toHaveLength(1);
  });

  it('asks again when the endpoint changes', async () => {
    const net = fakeNetwork(null, () => json(KCELL));
    await reportNetwork(settings(), { fetchImpl: net.fetch, now: () => T0 });
    await reportNetwork(settings({ endpoint: 'https://other.example.org' }), { fetchImpl: net.fetch, now: () => T0 });
    expect(net.requests).toEqual([`GET ${ENDPOINT}/v1/network`, 'GET https://other.example.org/v1/network']);
  });

  it('remembers a failure only briefly, and a collector without lookups for longer', async () => {
    let now = T0;
    const down = fakeNetwork(null, () => 'net::ERR_CONNECTION_REFUSED');
    expect(await reportNetwork(settings(), { fetchImpl: down.fetch, now: () => now })).toBeUndefined();
    now += NETWORK_FAILURE_TTL_MS - 1;
    expect(await reportNetwork(settings(), { fetchImpl: down.fetch, now: () => now })).toBeUndefined();
    expect(down.requests).toHaveLength(1);
    now += 2;
    const missing = fakeNetwork(null, () => json({ error: 'not found' }, 404));
    await reportNetwork(settings(), { fetchImpl: missing.fetch, now: () => now });
    now += NETWORK_FAILURE_TTL_MS * 2;
    await reportNetwork(settings(), { fetchImpl: missing.fetch, now: () => now });
    expect(missing.requests).toHaveLength(1);
    now += NETWORK_NOT_OFFERED_TTL_MS;
    await reportNetwork(settings(), { fetchImpl: missing.fetch, now: () => now });
    expect(missing.requests).toHaveLength(2);
  });

  it('takes nothing but a network in the protocol’s shape, and nothing too large', async () => {
    for (const answer of [
      { asn: '29355', name: 'Kcell', cc: 'KZ' },
      { ...KCELL, extra: 1 },
      { ...KCELL, cc: 'kz' },
      { ...KCELL, name: 'x'.repeat(3000) },
    ]) {
      await forgetNetwork();
      const net = fakeNetwork(null, () => json(answer));
      expect(await reportNetwork(settings(), { fetchImpl: net.fetch, now: () => T0 }), JSON.stringify(answer).slice(0, 60)).toBeUndefined();
    }
  });

  it('keeps its answer in session storage, so a restarted worker need not ask again', async () => {
    const net = fakeNetwork(null, () => json(KCELL));
    await reportNetwork(settings(), { fetchImpl: net.fetch, now: () => T0 });
    vi.resetModules();
    const fresh = await import('../../../utils/confirm/network-lookup');
    expect(await fresh.reportNetwork(settings(), { fetchImpl: net.fetch, now: () => T0 + 1000 })).toEqual(KCELL);
    expect(net.requests).toHaveLength(1);
  });
});
