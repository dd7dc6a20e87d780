import { describe, expect, it } from 'vitest';
import { dohMeaning, queryDoh } from '../../utils/confirm/doh';
import { ProbeTracker } from '../../utils/confirm/probe';
import { fakeNetwork, json } from '../support/network';

const RESOLVER = 'https://dns.example.net/dns-query';

function resolver(answers: Record<string, { Status: number; Answer?: { type: number; data: string }[] }>) {
  const tracker = new ProbeTracker();
  const net = fakeNetwork(tracker, (url, init) => {
    expect(new Headers(init?.headers).get('accept')).toBe('application/dns-json');
    expect(init?.credentials).toBe('omit');
    const key = `${url.searchParams.get('name')} ${url.searchParams.get('type')}`;
    return json(answers[key] ?? { Status: 0 });
  });
  return { tracker, net };
}

describe('queryDoh', () => {
  it('asks for A and AAAA with the JSON API and returns the addresses', async () => {
    const { tracker, net } = resolver({
      'news.example.kz A': {
        Status: 0,
        Answer: [
          { type: 5, data: 'cdn.example.net.' },
          { type: 1, data: '203.0.113.7' },
        ],
      },
      'news.example.kz AAAA': { Status: 0, Answer: [{ type: 28, data: '2001:db8::7' }] },
    });
    const answer = await queryDoh(RESOLVER, 'news.example.kz', { fetchImpl: net.fetch, tracker });
    expect(answer).toEqual({
      resolver: 'https://dns.example.net/',
      answer: 'addresses',
      addresses: ['203.0.113.7', '2001:db8::7'],
      ms: expect.any(Number),
    });
    expect(net.requests.sort()).toEqual([`GET ${RESOLVER}?name=news.example.kz&type=A`, `GET ${RESOLVER}?name=news.example.kz&type=AAAA`]);
  });

  it('tells a name that does not exist from one without addresses', async () => {
    const gone = resolver({ 'gone.example A': { Status: 3 }, 'gone.example AAAA': { Status: 3 } });
    expect(await queryDoh(RESOLVER, 'gone.example', { fetchImpl: gone.net.fetch })).toMatchObject({ answer: 'nxdomain' });
    const empty = resolver({});
    expect(await queryDoh(RESOLVER, 'empty.example', { fetchImpl: empty.net.fetch })).toMatchObject({ answer: 'no_answer' });
  });

  it('records a resolver that cannot be reached, with its own network error', async () => {
    const tracker = new ProbeTracker();
    const net = fakeNetwork(tracker, () => 'net::ERR_CONNECTION_RESET');
    const answer = await queryDoh(RESOLVER, 'news.example.kz', { fetchImpl: net.fetch, tracker });
    expect(answer).toEqual({
      resolver: 'https://dns.example.net/',
      answer: 'unreachable',
      error: 'net::ERR_CONNECTION_RESET',
      ms: expect.any(Number),
    });
    expect(dohMeaning(answer)).toBe('unknown');
  });

  it('gives up after the timeout', async () => {
    const net = fakeNetwork(null, () => 'hang');
    expect(await queryDoh(RESOLVER, 'news.example.kz', { fetchImpl: net.fetch, timeoutMs: 50 })).toMatchObject({
      answer: 'unreachable',
      error: 'timeout',
    });
  });

  it('records an HTTP error or a body that is not a DNS answer as an error, never as an answer', async () => {
    const failing = fakeNetwork(null, () => new Response('no', { status: 503 }));
    expect(await queryDoh(RESOLVER, 'a.example', { fetchImpl: failing.fetch })).toMatchObject({ answer: 'error', error: 'HTTP 503' });
    const garbage = fakeNetwork(null, () => json({ hello: 'world' }));
    expect(await queryDoh(RESOLVER, 'a.example', { fetchImpl: garbage.fetch })).toMatchObject({ answer: 'error' });
  });
});

describe('dohMeaning', () => {
  it('reads addresses as tampering here and NXDOMAIN as gone everywhere', () => {
    const base = { resolver: 'https://dns.example.net/', ms: 3 };
    expect(dohMeaning({ ...base, answer: 'addresses', addresses: ['203.0.113.7'] })).toBe('tampering');
    expect(dohMeaning({ ...base, answer: 'nxdomain' })).toBe('gone_everywhere');
    expect(dohMeaning({ ...base, answer: 'no_answer' })).toBe('unknown');
    expect(dohMeaning({ ...base, answer: 'error', error: 'HTTP 500' })).toBe('unknown');
  });
});
