import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { claimDue, countByStatus, enqueue, listReports } from '../../utils/queue/queue';
import { FLUSH_ALARM, requestFlush, scheduleWakeUp } from '../../utils/submit/schedule';
import { updateSettings } from '../../utils/storage/settings';
import { bodyOf, jsonResponse, makeKeys, makeSigned, resetDb, type TestKeys } from '../support/fixtures';

const ENDPOINT = 'https://collector.example.org';
let keys: TestKeys;

beforeAll(async () => {
  keys = await makeKeys();
});

beforeEach(async () => {
  fakeBrowser.reset();
  await resetDb();
});

afterEach(() => {
  vi.unstubAllGlobals();
});

function acceptingFetch() {
  return vi.fn(async (_input: RequestInfo | URL, init?: RequestInit) =>
    jsonResponse({ accepted: bodyOf(init).reports.map((r) => r.report.id), rejected: [] }),
  );
}

describe('requestFlush', () => {
  it('sends nothing and sets no alarm without an endpoint', async () => {
    await enqueue(await makeSigned(keys));
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    expect(await requestFlush()).toEqual({ sent: 0, rejected: 0, retried: 0 });
    expect(fetchMock).not.toHaveBeenCalled();
    expect(await fakeBrowser.alarms.get(FLUSH_ALARM)).toBeUndefined();
    expect((await countByStatus()).queued).toBe(1);
  });

  it('sends due reports to the chosen endpoint and clears the alarm when nothing is left', async () => {
    await updateSettings({ endpoint: ENDPOINT });
    const signed = await makeSigned(keys);
    await enqueue(signed);
    fakeBrowser.alarms.create(FLUSH_ALARM, { when: Date.now() + 60_000 });
    const fetchMock = acceptingFetch();
    vi.stubGlobal('fetch', fetchMock);
    expect(await requestFlush()).toEqual({ sent: 1, rejected: 0, retried: 0 });
    expect(String(fetchMock.mock.calls[0]![0])).toBe(`${ENDPOINT}/v1/reports`);
    expect((await listReports())[0]).toMatchObject({ id: signed.report.id, status: 'sent' });
    expect(await fakeBrowser.alarms.get(FLUSH_ALARM)).toBeUndefined();
  });

  it('sets an alarm for the retry after a failure', async () => {
    await updateSettings({ endpoint: ENDPOINT });
    await enqueue(await makeSigned(keys));
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('', { status: 503, headers: { 'Retry-After': '600' } })),
    );
    const before = Date.now();
    expect(await requestFlush()).toEqual({ sent: 0, rejected: 0, retried: 1 });
    const due = (await listReports())[0]!.nextAttemptAt;
    const alarm = await fakeBrowser.alarms.get(FLUSH_ALARM);
    expect(alarm?.scheduledTime).toBe(due);
    expect(due).toBeGreaterThanOrEqual(before + 600_000);
  });

  it('folds calls during a send into one more pass that sends what was queued meanwhile', async () => {
    await updateSettings({ endpoint: ENDPOINT });
    const first = await makeSigned(keys, { host: 'first.example.kz' });
    const second = await makeSigned(keys, { host: 'second.example.kz' });
    await enqueue(first);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const sentIds: string[][] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (_input: RequestInfo | URL, init?: RequestInit) => {
        const ids = bodyOf(init).reports.map((r) => r.report.id);
        sentIds.push(ids);
        if (sentIds.length === 1) await gate;
        return jsonResponse({ accepted: ids, rejected: [] });
      }),
    );
    const running = requestFlush();
    await vi.waitFor(() => expect(sentIds).toHaveLength(1));
    await enqueue(second);
    const joined = requestFlush();
    expect(joined).toBe(running);
    release();
    expect(await running).toEqual({ sent: 2, rejected: 0, retried: 0 });
    expect(sentIds).toEqual([[first.report.id], [second.report.id]]);
  });

  it('starts afresh after a flush has finished', async () => {
    await updateSettings({ endpoint: ENDPOINT });
    const fetchMock = acceptingFetch();
    vi.stubGlobal('fetch', fetchMock);
    await enqueue(await makeSigned(keys, { host: 'a.example.kz' }));
    expect((await requestFlush()).sent).toBe(1);
    await enqueue(await makeSigned(keys, { host: 'b.example.kz' }));
    expect((await requestFlush()).sent).toBe(1);
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });
});

describe('the first flush of a new service worker', () => {
  it('sends at once what a stopped worker left sending, without waiting out the lease', async () => {
    await updateSettings({ endpoint: ENDPOINT });
    const signed = await makeSigned(keys);
    await enqueue(signed);
    await claimDue(10); // the previous worker claimed it and was stopped mid-request
    const fetchMock = acceptingFetch();
    vi.stubGlobal('fetch', fetchMock);
    vi.resetModules(); // a fresh worker: module state starts over, IndexedDB does not
    const fresh = await import('../../utils/submit/schedule');
    expect(await fresh.requestFlush()).toEqual({ sent: 1, rejected: 0, retried: 0 });
    expect((await listReports())[0]).toMatchObject({ id: signed.report.id, status: 'sent' });
    // Later flushes of the same worker do not take back its own sends.
    await enqueue(await makeSigned(keys, { host: 'later.example.kz' }));
    await claimDue(10);
    expect(await fresh.requestFlush()).toEqual({ sent: 0, rejected: 0, retried: 0 });
    expect((await countByStatus()).sending).toBe(1);
  });
});

describe('scheduleWakeUp', () => {
  it('never schedules sooner than 30 s, the browser’s minimum', async () => {
    await updateSettings({ endpoint: ENDPOINT });
    const now = Date.now();
    await enqueue(await makeSigned(keys), { now: now - 5_000 });
    await scheduleWakeUp(now);
    expect((await fakeBrowser.alarms.get(FLUSH_ALARM))?.scheduledTime).toBe(now + 30_000);
  });

  it('clears the alarm when there is no endpoint or nothing due', async () => {
    fakeBrowser.alarms.create(FLUSH_ALARM, { when: Date.now() + 60_000 });
    await enqueue(await makeSigned(keys));
    await scheduleWakeUp();
    expect(await fakeBrowser.alarms.get(FLUSH_ALARM)).toBeUndefined();
    await updateSettings({ endpoint: ENDPOINT });
    fakeBrowser.alarms.create(FLUSH_ALARM, { when: Date.now() + 60_000 });
    await resetDb();
    await scheduleWakeUp();
    expect(await fakeBrowser.alarms.get(FLUSH_ALARM)).toBeUndefined();
  });

  it('does not wake up for held reports', async () => {
    await updateSettings({ endpoint: ENDPOINT });
    await enqueue(await makeSigned(keys), { hold: true });
    await scheduleWakeUp();
    expect(await fakeBrowser.alarms.get(FLUSH_ALARM)).toBeUndefined();
  });
});
