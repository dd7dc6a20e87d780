import { beforeEach, describe, expect, it } from 'vitest';
import { closeDb } from '../../utils/storage/db';
import {
  admitSuspicion,
  forgetSuspicion,
  DEDUPE_WINDOW_MS,
  pendingSuspicions,
  pruneRecent,
  settleSuspicion,
  suspicionFromError,
  suspicionFromResponse,
  suspicionKey,
} from '../../utils/observe/suspicion';
import type { FrameError } from '../../utils/observe/browser-events';
import { getDb } from '../../utils/storage/db';
import { makeSuspicion, resetDb } from '../support/fixtures';
import { reportableHost } from '../../utils/observe/reportable';

const T0 = Date.parse('2024-03-01T10:00:00.000Z');

function errorEvent(overrides: Partial<FrameError> = {}): FrameError {
  return {
    type: 'main_frame',
    tabId: 3,
    url: 'https://example.kz/news?id=1',
    error: 'net::ERR_CONNECTION_RESET',
    timeStamp: T0,
    ...overrides,
  };
}

describe('reportableHost', () => {
  it('returns the lower-case punycode host of web pages', () => {
    expect(reportableHost('https://Example.KZ/path')).toBe('example.kz');
    expect(reportableHost('http://пример.kz/')).toBe('xn--e1afmkfd.kz');
    expect(reportableHost('https://8.8.8.8/')).toBe('8.8.8.8');
  });

  it.each([
    'chrome://settings/',
    'chrome-extension://abcdefghijklmnop/options.html',
    'moz-extension://0b6b5c5e-1c0a-4e4f-9a8a-6f0e4c1d2b3a/popup.html',
    'about:blank',
    'file:///home/user/page.html',
    'edge://newtab/',
    'not a url',
    'http://localhost:3000/',
    'http://192.168.1.1/admin',
    'http://[::1]/',
    'http://router/',
    'https://printer.local/',
    'https://wiki.corp.internal/',
  ])('returns null for %s', (url) => {
    expect(reportableHost(url)).toBeNull();
  });

  it('ignores an IPv4-mapped private IPv6 literal', () => {
    expect(reportableHost('http://[::ffff:10.0.0.1]/')).toBeNull();
  });

  it('gives the host without the trailing dot of a fully-qualified name', () => {
    expect(reportableHost('https://example.kz./')).toBe('example.kz');
  });
});

describe('suspicionFromError', () => {
  it('builds a suspicion for a main-frame error of a public site', () => {
    expect(suspicionFromError(errorEvent())).toEqual({
      key: '3|example.kz',
      tabId: 3,
      url: 'https://example.kz/news?id=1',
      host: 'example.kz',
      trigger: 'auto',
      observedAt: T0,
      navigationError: 'net::ERR_CONNECTION_RESET',
    });
  });

  it('uses now when the event carries no time stamp', () => {
    const { timeStamp: _ignored, ...event } = errorEvent();
    expect(suspicionFromError(event, 12345)?.observedAt).toBe(12345);
  });

  it.each(['sub_frame', 'script', 'image', 'stylesheet', 'xmlhttprequest', 'font'])('ignores %s failures', (type) => {
    expect(suspicionFromError(errorEvent({ type }))).toBeNull();
  });

  it('ignores requests outside a tab (the probe itself)', () => {
    expect(suspicionFromError(errorEvent({ tabId: -1 }))).toBeNull();
  });

  it.each(['net::ERR_ABORTED', 'NS_BINDING_ABORTED', 'net::ERR_BLOCKED_BY_CLIENT'])('ignores %s', (error) => {
    expect(suspicionFromError(errorEvent({ error }))).toBeNull();
  });

  it('ignores the browser, extension pages and the intranet', () => {
    for (const url of [
      'chrome://newtab/',
      'chrome-extension://abc/popup.html',
      'http://localhost:8080/',
      'http://10.1.2.3/',
      'http://nas.lan/',
    ]) {
      expect(suspicionFromError(errorEvent({ url })), url).toBeNull();
    }
  });

  it('keeps Firefox errors', () => {
    expect(suspicionFromError(errorEvent({ error: 'NS_ERROR_NET_RESET' }))?.navigationError).toBe('NS_ERROR_NET_RESET');
  });
});

describe('suspicionFromResponse', () => {
  const response = { type: 'main_frame', tabId: 4, url: 'https://blocked.example.kz/page', statusCode: 451, timeStamp: T0 };

  it('suspects HTTP 451 on a main frame', () => {
    expect(suspicionFromResponse(response)).toEqual({
      key: '4|blocked.example.kz',
      tabId: 4,
      url: 'https://blocked.example.kz/page',
      host: 'blocked.example.kz',
      trigger: 'auto',
      observedAt: T0,
      httpStatus: 451,
    });
  });

  it.each([200, 403, 404, 500, 503])('leaves HTTP %i to the page scanner', (statusCode) => {
    expect(suspicionFromResponse({ ...response, statusCode })).toBeNull();
  });

  it('ignores 451 on sub-resources, outside tabs and on the intranet', () => {
    expect(suspicionFromResponse({ ...response, type: 'sub_frame' })).toBeNull();
    expect(suspicionFromResponse({ ...response, tabId: -1 })).toBeNull();
    expect(suspicionFromResponse({ ...response, url: 'http://192.168.0.1/' })).toBeNull();
  });
});

describe('admitSuspicion', () => {
  beforeEach(resetDb);

  it('admits the first suspicion and stores it as pending', async () => {
    const suspicion = makeSuspicion();
    expect(await admitSuspicion(suspicion, T0)).toBe(true);
    expect(await pendingSuspicions()).toEqual([suspicion]);
  });

  it('drops a second suspicion for the same tab and host within five minutes', async () => {
    expect(await admitSuspicion(makeSuspicion(), T0)).toBe(true);
    expect(await admitSuspicion(makeSuspicion({ navigationError: 'net::ERR_TIMED_OUT' }), T0 + 1_000)).toBe(false);
    expect(await admitSuspicion(makeSuspicion(), T0 + DEDUPE_WINDOW_MS - 1)).toBe(false);
    const pending = await pendingSuspicions();
    expect(pending).toHaveLength(1);
    expect(pending[0]?.navigationError).toBe('net::ERR_CONNECTION_RESET');
  });

  it('admits it again once five minutes have passed', async () => {
    expect(await admitSuspicion(makeSuspicion(), T0)).toBe(true);
    expect(await admitSuspicion(makeSuspicion(), T0 + DEDUPE_WINDOW_MS)).toBe(true);
    // The window restarts from the last admitted one.
    expect(await admitSuspicion(makeSuspicion(), T0 + DEDUPE_WINDOW_MS + 60_000)).toBe(false);
  });

  it('keeps other tabs and other hosts apart', async () => {
    expect(await admitSuspicion(makeSuspicion({ tabId: 1 }), T0)).toBe(true);
    expect(await admitSuspicion(makeSuspicion({ tabId: 2 }), T0)).toBe(true);
    expect(await admitSuspicion(makeSuspicion({ tabId: 1, host: 'other.kz' }), T0)).toBe(true);
    expect((await pendingSuspicions()).map((s) => s.key).sort()).toEqual(['1|example.kz', '1|other.kz', '2|example.kz']);
  });

  it('remembers across a restart of the service worker (IndexedDB)', async () => {
    expect(await admitSuspicion(makeSuspicion(), T0)).toBe(true);
    await closeDb();
    expect(await admitSuspicion(makeSuspicion(), T0 + 10_000)).toBe(false);
    expect(await pendingSuspicions()).toHaveLength(1);
    expect(await (await getDb()).get('recent', suspicionKey(7, 'example.kz'))).toEqual({ key: '7|example.kz', at: T0 });
  });

  it('settling removes the pending suspicion but keeps the dedupe entry', async () => {
    const suspicion = makeSuspicion();
    await admitSuspicion(suspicion, T0);
    await settleSuspicion(suspicion.key);
    expect(await pendingSuspicions()).toEqual([]);
    expect(await admitSuspicion(suspicion, T0 + 1_000)).toBe(false);
  });

  it('pruneRecent drops only dedupe entries older than the window', async () => {
    await admitSuspicion(makeSuspicion({ tabId: 1 }), T0);
    await admitSuspicion(makeSuspicion({ tabId: 2 }), T0 + 60_000);
    await pruneRecent(T0 + DEDUPE_WINDOW_MS);
    const keys = (await (await getDb()).getAllKeys('recent')).sort();
    expect(keys).toEqual(['2|example.kz']);
    // Pruning does not change what is admitted.
    expect(await admitSuspicion(makeSuspicion({ tabId: 1 }), T0 + DEDUPE_WINDOW_MS)).toBe(true);
    expect(await admitSuspicion(makeSuspicion({ tabId: 2 }), T0 + DEDUPE_WINDOW_MS)).toBe(false);
  });
});

describe('suspicionFromError with unusual host names', () => {
  it('uses the host without trailing dot so a report can be built and dedupe works', () => {
    const suspicion = suspicionFromError(errorEvent({ url: 'https://example.kz./' }));
    expect(suspicion?.host).toBe('example.kz');
    expect(suspicion?.key).toBe('3|example.kz');
  });
});

describe('forgetSuspicion', () => {
  beforeEach(resetDb);

  it('removes the pending suspicion and its dedupe entry', async () => {
    const suspicion = makeSuspicion();
    await admitSuspicion(suspicion, T0);
    await admitSuspicion(makeSuspicion({ tabId: 99 }), T0);
    await forgetSuspicion(suspicion.key);
    expect((await pendingSuspicions()).map((s) => s.key)).toEqual(['99|example.kz']);
    expect(await admitSuspicion(suspicion, T0 + 1_000)).toBe(true);
    expect(await admitSuspicion(makeSuspicion({ tabId: 99 }), T0 + 1_000)).toBe(false);
  });
});
