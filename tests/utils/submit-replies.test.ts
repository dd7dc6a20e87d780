/**
 * The submitter and a collector it cannot trust: a redirect must not carry the signed batch
 * anywhere else (nor to plain http), and a reply is read only up to a bound. Real fetch on
 * loopback: the "collector" redirects to "elsewhere", which must never see a request.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_REPLY_BYTES } from '../../utils/protocol/bounded-body';
import { enqueue, listReports } from '../../utils/queue/queue';
import { flushQueue, postBatch } from '../../utils/submit/submit';
import { makeKeys, makeSigned, resetDb, type TestKeys } from '../support/fixtures';

let collector: http.Server;
let elsewhere: http.Server;
let endpoint: string;
let elsewhereUrl: string;
const elsewhereHits: string[] = [];
let keys: TestKeys;

const listen = (server: http.Server, host: string) =>
  new Promise<number>((resolve) => server.listen(0, host, () => resolve((server.address() as AddressInfo).port)));

beforeAll(async () => {
  keys = await makeKeys();
  elsewhere = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      elsewhereHits.push(`${req.method} ${req.url} ${body.length}`);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ accepted: [], rejected: [] }));
    });
  });
  elsewhereUrl = `http://127.0.0.2:${await listen(elsewhere, '127.0.0.2')}`;
  collector = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const status = Number(new URL(req.url ?? '/', 'http://x').pathname.split('/')[1]);
      res.writeHead(status, { location: `${elsewhereUrl}/v1/reports` });
      res.end();
    });
  });
  endpoint = `http://127.0.0.1:${await listen(collector, '127.0.0.1')}`;
});

afterAll(async () => {
  collector.closeAllConnections();
  elsewhere.closeAllConnections();
  await Promise.all([new Promise((r) => collector.close(r)), new Promise((r) => elsewhere.close(r))]);
});

beforeEach(() => resetDb());

describe('6. the submitter does not follow the collector’s redirects', () => {
  it.each([301, 302, 303, 307, 308])('a %s keeps the batch here, with a clear error', async (status) => {
    const before = elsewhereHits.length;
    const outcome = await postBatch(`${endpoint}/${status}`, [await makeSigned(keys)]);
    expect(elsewhereHits.length).toBe(before);
    expect(outcome).toMatchObject({ type: 'retry', failure: 'server', error: expect.stringMatching(/redirect/) });
  });

  it('leaves the reason on the queued report', async () => {
    const entry = await enqueue(await makeSigned(keys));
    await flushQueue(`${endpoint}/307`);
    const [stored] = await listReports();
    expect(stored).toMatchObject({ id: entry.id, status: 'queued', lastError: expect.stringMatching(/redirect/) });
    expect(elsewhereHits).toHaveLength(0);
  });
});

describe('6. replies are read with a bound', () => {
  /** An endless body, counting what was pulled from it. */
  function endless() {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 65_536;
        controller.enqueue(new Uint8Array(65_536).fill(0x20));
      },
    });
    return { body, pulled: () => pulled };
  }

  it.each([200, 400])('an endless %s answer is given up after about 1 MiB', async (status) => {
    const stream = endless();
    const fetchImpl = (async () => new Response(stream.body, { status, headers: { 'content-type': 'application/json' } })) as typeof fetch;
    const outcome = await postBatch('https://collector.example.org', [await makeSigned(keys)], fetchImpl);
    expect(stream.pulled()).toBeLessThanOrEqual(MAX_REPLY_BYTES + 3 * 65_536);
    if (status === 200)
      expect(outcome).toMatchObject({ type: 'retry', failure: 'invalid-response', error: expect.stringMatching(/too large|larger/) });
    else expect(outcome).toMatchObject({ type: 'refused', reason: 'the collector refused the request (HTTP 400)' });
  });
});
