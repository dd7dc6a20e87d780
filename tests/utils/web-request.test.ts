import { describe, expect, it, vi } from 'vitest';
import { ProbeTracker } from '../../utils/confirm/probe';
import { forgetWebRequest, watchWebRequest } from '../../utils/pipeline/web-request';

type Listener = (details: any) => unknown;

function fakeWebRequest(options: { firefox?: boolean } = {}) {
  const events: Record<string, { listener: Listener; filter: any }[]> = {};
  const event = (name: string) => ({
    addListener: (listener: Listener, filter: any) => (events[name] ??= []).push({ listener, filter }),
  });
  const api: any = {
    onBeforeRequest: event('onBeforeRequest'),
    onErrorOccurred: event('onErrorOccurred'),
    onBeforeRedirect: event('onBeforeRedirect'),
    onResponseStarted: event('onResponseStarted'),
    onCompleted: event('onCompleted'),
    onHeadersReceived: event('onHeadersReceived'),
  };
  if (options.firefox) api.getSecurityInfo = vi.fn(async () => ({ certificates: [] }));
  const fire = (name: string, types: string, details: object) => {
    for (const { listener, filter } of events[name] ?? []) if (filter.types.includes(types)) listener(details);
  };
  return { api, events, fire };
}

describe('watchWebRequest', () => {
  it('does nothing without webRequest, and leaves the tracker not listening', () => {
    const tracker = new ProbeTracker();
    expect(watchWebRequest(tracker, vi.fn(), null)).toBe(false);
    expect(tracker.listening).toBe(false);
  });

  it("in Chromium with the deeper checks: the probe's own requests, redirects and serving addresses, nothing more", () => {
    const { api, events } = fakeWebRequest();
    const tracker = new ProbeTracker();
    expect(watchWebRequest(tracker, vi.fn(), api)).toBe(true);
    expect(tracker.listening).toBe(true);
    expect(Object.fromEntries(Object.entries(events).map(([k, v]) => [k, v.length]))).toEqual({
      onBeforeRequest: 1,
      onErrorOccurred: 1,
      onBeforeRedirect: 2,
      onResponseStarted: 2,
      // The probe's own redirects, one hop at a time.
      onHeadersReceived: 1,
    });
    // Probes only: requests without a tab.
    expect(events.onBeforeRequest![0]!.filter).toMatchObject({ tabId: -1, types: ['xmlhttprequest'] });
    // Registering again for the same API adds nothing.
    expect(watchWebRequest(tracker, vi.fn(), api)).toBe(true);
    expect(events.onBeforeRequest).toHaveLength(1);
  });

  it('in Firefox also page errors, HTTP 451 and certificate chains', () => {
    const { api, events } = fakeWebRequest({ firefox: true });
    watchWebRequest(new ProbeTracker(), vi.fn(), api);
    expect(events.onErrorOccurred).toHaveLength(2);
    expect(events.onCompleted).toHaveLength(1);
    expect(events.onHeadersReceived).toHaveLength(3);
  });

  it("turns page events into suspicions and feeds the probe's error to the tracker", async () => {
    const { api, fire } = fakeWebRequest({ firefox: true });
    const tracker = new ProbeTracker();
    const intake = vi.fn();
    watchWebRequest(tracker, intake, api);
    fire('onBeforeRedirect', 'main_frame', {
      type: 'main_frame',
      tabId: 2,
      url: 'http://site.example.kz/',
      redirectUrl: 'http://warning.rt.ru/?id=1',
    });
    expect(intake.mock.calls.at(-1)![0]).toMatchObject({ host: 'site.example.kz', blockpageSignal: expect.stringMatching(/^redirect:/) });
    fire('onCompleted', 'main_frame', { type: 'main_frame', tabId: 2, url: 'https://legal.example.kz/', statusCode: 451 });
    expect(intake.mock.calls.at(-1)![0]).toMatchObject({ host: 'legal.example.kz', httpStatus: 451 });
    fire('onErrorOccurred', 'main_frame', { type: 'main_frame', tabId: 2, url: 'https://reset.example.kz/', error: 'NS_ERROR_NET_RESET' });
    expect(intake.mock.calls.at(-1)![0]).toMatchObject({ host: 'reset.example.kz', navigationError: 'NS_ERROR_NET_RESET' });

    const pending = tracker.watch('https://probe.example.kz/');
    fire('onBeforeRequest', 'xmlhttprequest', { requestId: '7', url: 'https://probe.example.kz/', tabId: -1 });
    fire('onErrorOccurred', 'xmlhttprequest', {
      requestId: '7',
      url: 'https://probe.example.kz/',
      tabId: -1,
      error: 'net::ERR_CONNECTION_RESET',
    });
    expect(await tracker.errorOf(pending, 10)).toBe('net::ERR_CONNECTION_RESET');
  });

  it('stops counting on webRequest once the permission is gone', () => {
    const tracker = new ProbeTracker(true);
    forgetWebRequest(tracker, null);
    expect(tracker.listening).toBe(false);
  });
});
