import { describe, expect, it } from 'vitest';
import { fromOwnBackground, readTimingRequest, TIMING_REQUEST } from '../../utils/confirm/timing-request';

describe('readTimingRequest', () => {
  it('reads a round’s URLs and clamps its time limit', () => {
    expect(readTimingRequest({ [TIMING_REQUEST]: { urls: ['https://a.example/'], timeoutMs: 15_000 } })).toEqual({
      urls: ['https://a.example/'],
      timeoutMs: 15_000,
    });
    expect(readTimingRequest({ [TIMING_REQUEST]: { urls: ['https://a.example/'], timeoutMs: 10 ** 9 } })?.timeoutMs).toBe(60_000);
    expect(readTimingRequest({ [TIMING_REQUEST]: { urls: ['https://a.example/'], timeoutMs: 1 } })?.timeoutMs).toBe(1_000);
  });

  it('ignores every other message and anything that is not a few web addresses', () => {
    for (const message of [
      null,
      'text',
      { blockwatch: 'getSettings', payload: {} },
      { [TIMING_REQUEST]: { urls: [], timeoutMs: 1_000 } },
      { [TIMING_REQUEST]: { urls: ['file:///etc/passwd'], timeoutMs: 1_000 } },
      { [TIMING_REQUEST]: { urls: ['https://a.example/'] } },
      { [TIMING_REQUEST]: { urls: Array(12).fill('https://a.example/'), timeoutMs: 1_000 } },
      { [TIMING_REQUEST]: { urls: [`https://a.example/${'x'.repeat(2048)}`], timeoutMs: 1_000 } },
    ]) {
      expect(readTimingRequest(message), JSON.stringify(message)?.slice(0, 80)).toBeNull();
    }
  });
});

describe('fromOwnBackground', () => {
  const id = 'abcdef';
  const origin = 'chrome-extension://abcdef/';

  it('accepts the extension’s own background', () => {
    expect(fromOwnBackground({ id, url: `${origin}background.js` }, id, origin)).toBe(true);
  });

  it('refuses content scripts (a web page’s tab), other extensions and other origins', () => {
    expect(fromOwnBackground({ id, tab: { id: 3 }, url: 'https://evil.example/' }, id, origin)).toBe(false);
    expect(fromOwnBackground({ id: 'other', url: 'chrome-extension://other/background.js' }, id, origin)).toBe(false);
    expect(fromOwnBackground({ id, url: 'https://evil.example/' }, id, origin)).toBe(false);
  });
});
