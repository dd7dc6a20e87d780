import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { askControl, NOT_OFFERED_TTL_MS } from '../../utils/confirm/control';
import { fakeNetwork, json } from '../support/network';

const ENDPOINT = 'https://collector.example.org';

beforeEach(() => fakeBrowser.reset());

describe('askControl', () => {
  it('posts only the URL it is given to <endpoint>/v1/control and returns the measurement', async () => {
    const net = fakeNetwork(null, () => json({ ok: false, error: 'reset', ms: 812 }));
    const outcome = await askControl(ENDPOINT, 'https://blocked.example.kz/', { fetchImpl: net.fetch });
    expect(outcome).toEqual({ status: 'measured', evidence: { ok: false, error: 'reset', ms: 812 } });
    expect(net.requests).toEqual([`POST ${ENDPOINT}/v1/control`]);
    expect(JSON.parse(net.bodies[0]!)).toEqual({ url: 'https://blocked.example.kz/' });
  });

  it('remembers a collector that does not offer it, for a while, per endpoint', async () => {
    const net = fakeNetwork(null, () => json({ error: 'not found' }, 404));
    const now = 1_700_000_000_000;
    expect(await askControl(ENDPOINT, 'https://a.example/', { fetchImpl: net.fetch, now })).toEqual({ status: 'not-offered' });
    expect(await askControl(ENDPOINT, 'https://b.example/', { fetchImpl: net.fetch, now: now + 1000 })).toEqual({ status: 'not-offered' });
    expect(net.requests).toHaveLength(1);
    await askControl('https://other.example.org', 'https://b.example/', { fetchImpl: net.fetch, now: now + 1000 });
    expect(net.requests).toHaveLength(2);
    await askControl(ENDPOINT, 'https://b.example/', { fetchImpl: net.fetch, now: now + NOT_OFFERED_TTL_MS + 1 });
    expect(net.requests).toHaveLength(3);
  });

  it.each([
    [json({ error: 'too many' }, 429), 'rate_limited'],
    [json({ error: 'refused: not a public address' }, 400), 'refused'],
    [json({ error: 'internal' }, 500), 'http_500'],
    [json({ ok: 'yes' }), 'bad_answer'],
    ['net::ERR_CONNECTION_REFUSED', 'unreachable'],
  ] as const)('says why there is no measurement (%#)', async (answer, reason) => {
    const net = fakeNetwork(null, () => answer);
    expect(await askControl(ENDPOINT, 'https://a.example/', { fetchImpl: net.fetch })).toEqual({
      status: 'unavailable',
      evidence: { unavailable: reason },
    });
  });

  it('gives up after its timeout', async () => {
    const net = fakeNetwork(null, () => 'hang');
    expect(await askControl(ENDPOINT, 'https://a.example/', { fetchImpl: net.fetch, timeoutMs: 50 })).toEqual({
      status: 'unavailable',
      evidence: { unavailable: 'timeout' },
    });
  });
});
