import { describe, expect, it } from 'vitest';
import { measureRoundInFrame } from '../../utils/confirm/timing-page';

/** Just enough of a document: an iframe that loads when appended, with a window of its own. */
function fakeDocument(win: { fetch: typeof fetch; performance: unknown }) {
  const frames: { attributes: Map<string, string>; src: string; removed: boolean }[] = [];
  const doc = {
    createElement: () => {
      const listeners: (() => void)[] = [];
      const frame = {
        attributes: new Map<string, string>(),
        src: '',
        removed: false,
        contentWindow: { ...win, fetch: win.fetch },
        setAttribute(name: string, value: string) {
          this.attributes.set(name, value);
        },
        addEventListener: (_type: string, listener: () => void) => listeners.push(listener),
        remove() {
          this.removed = true;
        },
        load: () => {
          for (const l of listeners) l();
        },
      };
      frames.push(frame);
      return frame;
    },
    body: { append: (frame: { load(): void }) => setTimeout(() => frame.load(), 0) },
  };
  return { doc: doc as unknown as Document, frames };
}

describe('measureRoundInFrame', () => {
  it('times every URL from a credentialless frame of the page itself, then removes the frame', async () => {
    const requested: string[] = [];
    const entries: Record<string, number | string>[] = [];
    let now = 0;
    const win = {
      fetch: (async (url: string) => {
        requested.push(url);
        entries.push({
          name: url,
          startTime: now,
          connectStart: now + 1,
          secureConnectionStart: now + 2,
          connectEnd: now + 22,
          requestStart: now + 23,
          responseStart: now + 25,
        });
        now += 25;
        return new Response('ok');
      }) as unknown as typeof fetch,
      performance: { now: () => now, getEntriesByName: (name: string) => entries.filter((e) => e.name === name) },
    };
    const { doc, frames } = fakeDocument(win);
    const samples = await measureRoundInFrame(doc, 'chrome-extension://abc/timing.html#x', {
      urls: ['https://a.example/', 'https://b.example/'],
      timeoutMs: 1_000,
    });
    expect(samples).toHaveLength(2);
    // Each from the frame's own fetch and the frame's own timing entries.
    expect(samples.map((s) => s.tlsMs)).toEqual([20, 20]);
    expect(requested.sort()).toEqual(['https://a.example/', 'https://b.example/']);
    expect(frames).toHaveLength(1);
    expect(frames[0]!.attributes.get('credentialless')).toBe('');
    // A navigated document (not about:blank), or it would share the parent's network state.
    expect(frames[0]!.src).toBe('chrome-extension://abc/timing.html?frame');
    expect(frames[0]!.removed).toBe(true);
  });
});
