import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { dispatch, type Handlers } from '../../utils/ui-api/messages';
import { createHandlers } from '../../utils/pipeline/handlers';
import { DEFAULT_SETTINGS } from '../../utils/storage/settings-rules';
import { sendMessage } from '../../utils/ui-api/send';

function makeHandlers(overrides: Partial<Handlers> = {}): Handlers {
  return {
    // Every handler a spy, so a test can check which ones ran.
    ...(Object.fromEntries(Object.entries(createHandlers()).map(([name, run]) => [name, vi.fn(run)])) as unknown as Handlers),
    getSettings: vi.fn(async () => ({ ok: true as const, data: DEFAULT_SETTINGS })),
    saveSettings: vi.fn(async (patch) => ({ ok: true as const, data: { ...DEFAULT_SETTINGS, ...patch } as typeof DEFAULT_SETTINGS })),
    listReports: vi.fn(async () => ({ ok: true as const, data: [] })),
    countReports: vi.fn(async () => ({ ok: true as const, data: { held: 0, queued: 0, sending: 0, sent: 0, rejected: 0 } })),
    resendReport: vi.fn(async () => ({ ok: true as const, data: true })),
    deleteReport: vi.fn(async () => ({ ok: true as const, data: true })),
    deleteAllReports: vi.fn(async () => ({ ok: true as const, data: 0 })),
    queueStatus: vi.fn(async () => ({
      ok: true as const,
      data: { counts: { held: 0, queued: 0, sending: 0, sent: 0, rejected: 0 }, cap: 10_000, full: false, refused: 0 },
    })),
    dismissQueueWarning: vi.fn(async () => ({
      ok: true as const,
      data: { counts: { held: 0, queued: 0, sending: 0, sent: 0, rejected: 0 }, cap: 10_000, full: false, refused: 0 },
    })),
    blockpageCandidate: vi.fn(async () => ({ ok: true as const, data: { queued: false } })),
    ...overrides,
  };
}

describe('dispatch', () => {
  it('runs the named handler with the parsed payload and returns its answer', async () => {
    const handlers = makeHandlers();
    expect(await dispatch(handlers, { blockwatch: 'getSettings', payload: {} })).toEqual({ ok: true, data: DEFAULT_SETTINGS });
    expect(handlers.getSettings).toHaveBeenCalledWith({});
    await dispatch(handlers, { blockwatch: 'saveSettings', payload: { endpoint: 'https://c.example.org', autoSend: false } });
    expect(handlers.saveSettings).toHaveBeenCalledWith({ endpoint: 'https://c.example.org', autoSend: false });
  });

  it('treats a missing payload as empty', async () => {
    const handlers = makeHandlers();
    expect(await dispatch(handlers, { blockwatch: 'countReports' })).toMatchObject({ ok: true });
    expect(handlers.countReports).toHaveBeenCalledWith({});
  });

  it.each([
    undefined,
    null,
    'getSettings',
    42,
    {},
    { type: 'getSettings' },
    { blockwatch: 'deleteEverything', payload: {} },
    { blockwatch: 7 },
  ])('leaves %j to other listeners (undefined)', async (message) => {
    const handlers = makeHandlers();
    expect(await dispatch(handlers, message)).toBeUndefined();
    for (const handler of Object.values(handlers)) expect(handler).not.toHaveBeenCalled();
  });

  it.each([
    { blockwatch: 'getSettings', payload: { extra: true } },
    { blockwatch: 'saveSettings', payload: { probeTimeoutMs: 'fast' } },
    { blockwatch: 'saveSettings', payload: { urlDetail: 'everything' } },
    { blockwatch: 'saveSettings', payload: { unknownSetting: 1 } },
    { blockwatch: 'saveSettings', payload: { endpoint: `https://c.example.org/${'a'.repeat(2100)}` } },
    { blockwatch: 'listReports', payload: 'all' },
    { blockwatch: 'resendReport', payload: {} },
    { blockwatch: 'resendReport', payload: { id: 7 } },
    { blockwatch: 'deleteReport', payload: { id: '' } },
    { blockwatch: 'deleteAllReports', payload: { id: 'x' } },
  ])('answers a bad payload with an error result: %j', async (message) => {
    const handlers = makeHandlers();
    const result = await dispatch(handlers, message);
    expect(result).toEqual({ ok: false, error: expect.stringMatching(new RegExp(`^invalid ${message.blockwatch} payload`)) });
    for (const handler of Object.values(handlers)) expect(handler).not.toHaveBeenCalled();
  });

  it('turns a handler that throws into an error result', async () => {
    const handlers = makeHandlers({
      listReports: async () => {
        throw new Error('IndexedDB is gone');
      },
      countReports: async () => {
        throw 'plain string';
      },
    });
    await expect(dispatch(handlers, { blockwatch: 'listReports', payload: {} })).resolves.toEqual({
      ok: false,
      error: 'IndexedDB is gone',
    });
    await expect(dispatch(handlers, { blockwatch: 'countReports', payload: {} })).resolves.toEqual({ ok: false, error: 'plain string' });
  });

  it('lets the options page clear the endpoint (null)', async () => {
    const handlers = makeHandlers();
    const result = await dispatch(handlers, { blockwatch: 'saveSettings', payload: { endpoint: null } });
    expect(result).toMatchObject({ ok: true });
    expect(handlers.saveSettings).toHaveBeenCalledWith({ endpoint: null });
  });
});

describe('sendMessage', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  it('sends the envelope and returns the background’s answer', async () => {
    const handlers = makeHandlers();
    fakeBrowser.runtime.onMessage.addListener((message: unknown) => dispatch(handlers, message));
    expect(await sendMessage('getSettings', {})).toEqual({ ok: true, data: DEFAULT_SETTINGS });
    expect(await sendMessage('saveSettings', { autoSend: false })).toEqual({ ok: true, data: { ...DEFAULT_SETTINGS, autoSend: false } });
  });

  it('turns a missing answer or a failed send into an error result', async () => {
    fakeBrowser.runtime.onMessage.addListener(() => undefined);
    expect(await sendMessage('getSettings', {})).toEqual({ ok: false, error: 'Blockwatch did not answer.' });
    fakeBrowser.reset(); // no listener: the fake browser throws like a real one without a receiver
    expect(await sendMessage('getSettings', {})).toEqual({ ok: false, error: expect.any(String) });
  });
});

describe('messages from web pages', () => {
  it('lets a content script send only the block-page candidate, with the browser’s sender', async () => {
    const handlers = makeHandlers();
    const page = { tab: { id: 3 }, frameId: 0, url: 'https://site.example/' };
    expect(await dispatch(handlers, { blockwatch: 'getSettings', payload: {} }, page)).toMatchObject({ ok: false });
    expect(await dispatch(handlers, { blockwatch: 'saveSettings', payload: { endpoint: 'https://evil.example' } }, page)).toMatchObject({
      ok: false,
    });
    expect(await dispatch(handlers, { blockwatch: 'listReports', payload: {} }, { ...page, url: 'file:///tmp/x.html' })).toMatchObject({
      ok: false,
    });
    expect(handlers.saveSettings).not.toHaveBeenCalled();
    expect(handlers.listReports).not.toHaveBeenCalled();
    expect(await dispatch(handlers, { blockwatch: 'blockpageCandidate', payload: { signals: ['title'] } }, page)).toMatchObject({
      ok: true,
    });
    expect(handlers.blockpageCandidate).toHaveBeenCalledWith({ signals: ['title'] }, page);
  });

  it('refuses a candidate carrying anything but signal names', async () => {
    const handlers = makeHandlers();
    const page = { tab: { id: 3 }, frameId: 0, url: 'https://site.example/' };
    expect(
      await dispatch(handlers, { blockwatch: 'blockpageCandidate', payload: { signals: ['x'], url: 'https://other.example/' } }, page),
    ).toMatchObject({ ok: false });
    expect(handlers.blockpageCandidate).not.toHaveBeenCalled();
  });

  it('still serves the extension’s own pages opened in a tab', async () => {
    const handlers = makeHandlers();
    const options = { tab: { id: 5 }, frameId: 0, url: 'chrome-extension://abcdef/options.html' };
    expect(await dispatch(handlers, { blockwatch: 'getSettings', payload: {} }, options)).toMatchObject({ ok: true });
  });
});
