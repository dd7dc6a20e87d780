import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createHandlers } from '../../utils/pipeline/handlers';
import { dispatch } from '../../utils/ui-api/messages';
import { enqueue, listReports, markRejected, markSent } from '../../utils/queue/queue';
import { loadSettings } from '../../utils/storage/settings';
import { makeKeys, makeSigned, resetDb, type TestKeys } from '../support/fixtures';
import { DEFAULT_SETTINGS } from '../../utils/storage/settings-rules';

let keys: TestKeys;

beforeAll(async () => {
  keys = await makeKeys();
});

beforeEach(async () => {
  fakeBrowser.reset();
  await resetDb();
});

describe('createHandlers', () => {
  it('getSettings answers the stored settings', async () => {
    await fakeBrowser.storage.local.set({ settings: { ...DEFAULT_SETTINGS, autoSend: false } });
    expect(await createHandlers().getSettings({})).toEqual({ ok: true, data: { ...DEFAULT_SETTINGS, autoSend: false } });
  });

  it('saveSettings stores a valid change and tells the background', async () => {
    const onSaved = vi.fn();
    const result = await createHandlers({ onSettingsSaved: onSaved }).saveSettings({ endpoint: 'https://collector.example.org/' });
    expect(result).toEqual({ ok: true, data: { ...DEFAULT_SETTINGS, endpoint: 'https://collector.example.org' } });
    expect(onSaved).toHaveBeenCalledTimes(1);
    expect((await loadSettings()).endpoint).toBe('https://collector.example.org');
  });

  it('saveSettings refuses an invalid endpoint, stores nothing and does not wake the sender', async () => {
    const onSaved = vi.fn();
    const result = await createHandlers({ onSettingsSaved: onSaved }).saveSettings({ endpoint: 'http://collector.example.org' });
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/https:\/\//) });
    expect(onSaved).not.toHaveBeenCalled();
    expect(await loadSettings()).toEqual(DEFAULT_SETTINGS);
  });

  it('listReports and countReports read the queue', async () => {
    const a = await makeSigned(keys, { host: 'a.example.kz' });
    const b = await makeSigned(keys, { host: 'b.example.kz' });
    await enqueue(a, { now: 1_000 });
    await enqueue(b, { now: 2_000, hold: true });
    await markSent([a.report.id]);
    const handlers = createHandlers();
    const list = await handlers.listReports({});
    expect(list.ok && list.data.map((e) => e.id)).toEqual([b.report.id, a.report.id]);
    expect(await handlers.countReports({})).toEqual({ ok: true, data: { held: 1, queued: 0, sending: 0, sent: 1, rejected: 0 } });
  });

  it('works through dispatch, as the background wires it', async () => {
    const onSaved = vi.fn();
    const handlers = createHandlers({ onSettingsSaved: onSaved });
    expect(await dispatch(handlers, { blockwatch: 'saveSettings', payload: { urlDetail: 'path' } })).toEqual({
      ok: true,
      data: { ...DEFAULT_SETTINGS, urlDetail: 'path' },
    });
    expect(await dispatch(handlers, { blockwatch: 'saveSettings', payload: { endpoint: 'ftp://x.example.org' } })).toEqual({
      ok: false,
      error: expect.stringMatching(/https:\/\//),
    });
    expect(onSaved).toHaveBeenCalledTimes(1);
  });

  it('resendReport queues a rejected report again and wakes the sender; refuses what is not resendable', async () => {
    const a = await makeSigned(keys, { host: 'a.example.kz' });
    await enqueue(a);
    await markRejected(a.report.id, 'bad signature');
    const onQueueChanged = vi.fn();
    const handlers = createHandlers({ onQueueChanged });
    expect(await dispatch(handlers, { blockwatch: 'resendReport', payload: { id: a.report.id } })).toEqual({ ok: true, data: true });
    expect(onQueueChanged).toHaveBeenCalledTimes(1);
    expect((await listReports())[0]).toMatchObject({ status: 'queued', attempts: 0 });
    expect(await handlers.resendReport({ id: a.report.id })).toEqual({ ok: true, data: false });
    expect(await handlers.resendReport({ id: 'missing' })).toEqual({ ok: true, data: false });
    expect(onQueueChanged).toHaveBeenCalledTimes(1);
  });

  it('deleteReport and deleteAllReports delete and say what they did', async () => {
    const reports = await Promise.all(['a', 'b', 'c'].map((h) => makeSigned(keys, { host: `${h}.example.kz` })));
    for (const r of reports) await enqueue(r);
    const onQueueChanged = vi.fn();
    const handlers = createHandlers({ onQueueChanged });
    expect(await dispatch(handlers, { blockwatch: 'deleteReport', payload: { id: reports[0]!.report.id } })).toEqual({
      ok: true,
      data: true,
    });
    expect(await handlers.deleteReport({ id: reports[0]!.report.id })).toEqual({ ok: true, data: false });
    expect(await dispatch(handlers, { blockwatch: 'deleteAllReports', payload: {} })).toEqual({ ok: true, data: 2 });
    expect(await listReports()).toEqual([]);
    expect(onQueueChanged).toHaveBeenCalled();
  });

  it('queueStatus reports counts, the cap and refusals; dismissQueueWarning resets the refusals', async () => {
    const handlers = createHandlers();
    await enqueue(await makeSigned(keys, { host: 'a.example.kz' }));
    await fakeBrowser.storage.local.set({ deliveryRefused: 4 });
    expect(await dispatch(handlers, { blockwatch: 'queueStatus', payload: {} })).toEqual({
      ok: true,
      data: { counts: { held: 0, queued: 1, sending: 0, sent: 0, rejected: 0 }, cap: 10_000, full: false, refused: 4 },
    });
    expect(await handlers.dismissQueueWarning({})).toMatchObject({ ok: true, data: { refused: 0 } });
  });
});
