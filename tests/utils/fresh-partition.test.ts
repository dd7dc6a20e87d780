import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing';
import { freshPartitionsAvailable, measureInFreshPartition, TIMING_PAGE } from '../../utils/confirm/fresh-partition';
import { TIMING_REQUEST } from '../../utils/confirm/timing-request';

/** Chromium's offscreen API, as far as a round uses it: at most one document at a time. */
function fakeOffscreen() {
  const log: string[] = [];
  let open = false;
  const api = {
    createDocument: vi.fn(async ({ url }: { url: string }) => {
      if (open) throw new Error('Only a single offscreen document may be created.');
      open = true;
      log.push(`create ${url}`);
    }),
    closeDocument: vi.fn(async () => {
      if (!open) throw new Error('No current offscreen document.');
      open = false;
      log.push('close');
    }),
  };
  return { api, log, isOpen: () => open };
}

let offscreen: ReturnType<typeof fakeOffscreen>;

beforeEach(() => {
  fakeBrowser.reset();
  offscreen = fakeOffscreen();
  (globalThis as { chrome?: unknown }).chrome = { offscreen: offscreen.api };
});

afterEach(() => {
  delete (globalThis as { chrome?: unknown }).chrome;
  vi.restoreAllMocks();
});

const sample = { ms: 3_100, tlsMs: 3_000 };

describe('measureInFreshPartition', () => {
  it('opens the timing document, asks it for one round, and closes it again', async () => {
    const send = vi.spyOn(browser.runtime, 'sendMessage').mockImplementation((async (message: unknown) => {
      expect(offscreen.isOpen()).toBe(true);
      const urls = (message as Record<string, { urls: string[] }>)[TIMING_REQUEST]!.urls;
      return urls.map(() => sample);
    }) as never);
    expect(await measureInFreshPartition(['https://site.example/', 'https://canary.example/'], 15_000)).toEqual([sample, sample]);
    expect(send).toHaveBeenCalledWith({
      [TIMING_REQUEST]: { urls: ['https://site.example/', 'https://canary.example/'], timeoutMs: 15_000 },
    });
    expect(offscreen.log).toEqual([`create ${browser.runtime.getURL(TIMING_PAGE)}`, 'close']);
    expect(offscreen.api.createDocument).toHaveBeenCalledWith(expect.objectContaining({ reasons: ['IFRAME_SCRIPTING'] }));
  });

  it('runs one round at a time: the browser allows one offscreen document', async () => {
    vi.spyOn(browser.runtime, 'sendMessage').mockImplementation((async (message: unknown) => {
      await new Promise((r) => setTimeout(r, 20));
      return (message as Record<string, { urls: string[] }>)[TIMING_REQUEST]!.urls.map(() => sample);
    }) as never);
    const both = await Promise.all([
      measureInFreshPartition(['https://a.example/'], 1_000),
      measureInFreshPartition(['https://b.example/'], 1_000),
    ]);
    expect(both).toEqual([[sample], [sample]]);
    expect(offscreen.log.filter((l) => l !== 'close').length).toBe(2);
    expect(offscreen.log.map((l) => l.split(' ')[0])).toEqual(['create', 'close', 'create', 'close']);
  });

  it('asks again while the document is still starting', async () => {
    let calls = 0;
    vi.spyOn(browser.runtime, 'sendMessage').mockImplementation((async () => {
      if (calls++ < 2) throw new Error('Could not establish connection. Receiving end does not exist.');
      return [sample];
    }) as never);
    expect(await measureInFreshPartition(['https://a.example/'], 1_000)).toEqual([sample]);
    expect(calls).toBe(3);
  });

  it('gives no round for an answer that is not one sample per URL, and still closes the document', async () => {
    vi.spyOn(browser.runtime, 'sendMessage').mockImplementation((async () => [sample, { ms: -1 }]) as never);
    expect(await measureInFreshPartition(['https://a.example/', 'https://b.example/'], 1_000)).toBeNull();
    vi.spyOn(browser.runtime, 'sendMessage').mockImplementation((async () => [sample]) as never);
    expect(await measureInFreshPartition(['https://a.example/', 'https://b.example/'], 1_000)).toBeNull();
    expect(offscreen.isOpen()).toBe(false);
  });

  it('closes a document a stopped worker left open before making its own', async () => {
    await offscreen.api.createDocument({ url: 'left-behind' });
    vi.spyOn(browser.runtime, 'sendMessage').mockImplementation((async () => [sample]) as never);
    expect(await measureInFreshPartition(['https://a.example/'], 1_000)).toEqual([sample]);
  });

  it('is not available, and measures nothing, without offscreen documents (Firefox)', async () => {
    delete (globalThis as { chrome?: unknown }).chrome;
    expect(freshPartitionsAvailable()).toBe(false);
    const send = vi.spyOn(browser.runtime, 'sendMessage');
    expect(await measureInFreshPartition(['https://a.example/'], 1_000)).toBeNull();
    expect(send).not.toHaveBeenCalled();
  });
});
