import { describe, expect, it } from 'vitest';
import { collectorGet, readBounded } from '../../../utils/confirm/collector-get';
import { fakeNetwork, json } from '../../support/network';

const URL_ = 'https://collector.example.org/v1/network';

describe('collectorGet', () => {
  it('asks without cookies, referrer or cache, and refuses to follow redirects', async () => {
    let init: RequestInit | undefined;
    const net = fakeNetwork(null, (_url, i) => {
      init = i;
      return json({ asn: 1 });
    });
    expect(await collectorGet(URL_, { fetchImpl: net.fetch })).toEqual({ ok: true, json: { asn: 1 } });
    expect(init).toMatchObject({ method: 'GET', credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer', redirect: 'error' });
    expect(net.requests).toEqual([`GET ${URL_}`]);
  });

  it.each([
    [json({ error: 'not found' }, 404), { ok: false, reason: 'not-offered', status: 404 }],
    [json({ error: 'slow down' }, 429), { ok: false, reason: 'rate-limited', status: 429 }],
    [json({ error: 'boom' }, 500), { ok: false, reason: 'http', status: 500 }],
    [new Response('<html>login</html>', { status: 200 }), { ok: false, reason: 'bad-answer' }],
    ['net::ERR_CONNECTION_REFUSED', { ok: false, reason: 'unreachable' }],
  ] as const)('says why there is no answer (%#)', async (answer, expected) => {
    const net = fakeNetwork(null, () => answer);
    expect(await collectorGet(URL_, { fetchImpl: net.fetch })).toEqual(expected);
  });

  it('gives up on an answer that is too large, declared or streamed', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(5000) });
    const declared = fakeNetwork(null, () => new Response(big, { headers: { 'content-length': String(big.length) } }));
    expect(await collectorGet(URL_, { fetchImpl: declared.fetch, maxBytes: 1000 })).toEqual({ ok: false, reason: 'bad-answer' });
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(512).fill(0x20));
      },
    });
    const streamed = fakeNetwork(null, () => new Response(endless));
    expect(await collectorGet(URL_, { fetchImpl: streamed.fetch, maxBytes: 1000 })).toEqual({ ok: false, reason: 'bad-answer' });
    expect(pulled).toBeLessThan(10);
  });

  it('stops waiting after its time limit', async () => {
    const net = fakeNetwork(null, () => 'hang');
    expect(await collectorGet(URL_, { fetchImpl: net.fetch, timeoutMs: 50 })).toEqual({ ok: false, reason: 'timeout' });
  });
});

describe('readBounded', () => {
  it('returns the text up to the limit', async () => {
    expect(await readBounded(new Response('héllo'), 6)).toBe('héllo');
    expect(await readBounded(new Response('héllo'), 5)).toBeNull();
  });
});
