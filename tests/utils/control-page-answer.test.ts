import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { askControl } from '../../utils/confirm/control';
import { fakeNetwork, json } from '../support/network';

const ENDPOINT = 'https://collector.example.org';
beforeEach(() => fakeBrowser.reset());

describe('askControl reads what the page looked like from the collector', () => {
  const page = { status: 200, title: 'Forum', bytes: 48_213, finalHost: 'forum.example' };

  it('keeps the control’s page when the collector describes one', async () => {
    const net = fakeNetwork(null, () => json({ ok: true, status: 200, ms: 412, page }));
    expect(await askControl(ENDPOINT, 'https://forum.example/', { fetchImpl: net.fetch })).toEqual({
      status: 'measured',
      evidence: { ok: true, status: 200, ms: 412, page },
    });
  });

  it('works as before with a collector that sends no page', async () => {
    const net = fakeNetwork(null, () => json({ ok: true, status: 200, ms: 90 }));
    expect(await askControl(ENDPOINT, 'https://forum.example/', { fetchImpl: net.fetch })).toEqual({
      status: 'measured',
      evidence: { ok: true, status: 200, ms: 90 },
    });
  });

  it.each([
    ['a title over 200 characters', { ...page, title: 'x'.repeat(201) }],
    ['more than 256 KiB', { ...page, bytes: 256 * 1024 + 1 }],
    ['no final host', { status: 200, title: 'Forum', bytes: 10 }],
    ['something else', 'a page'],
  ])('drops a page with %s, and keeps the rest of the answer', async (_what, odd) => {
    const net = fakeNetwork(null, () => json({ ok: true, status: 200, ms: 90, page: odd }));
    expect(await askControl(ENDPOINT, 'https://forum.example/', { fetchImpl: net.fetch })).toEqual({
      status: 'measured',
      evidence: { ok: true, status: 200, ms: 90 },
    });
  });
});
