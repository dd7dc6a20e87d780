import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { suspicionFromSlowPage } from '../../utils/observe/slow-page';
import { createHandlers } from '../../utils/pipeline/handlers';
import { dispatch } from '../../utils/ui-api/messages';
import type { Suspicion } from '../../utils/storage/records';
import { resetDb } from '../support/fixtures';

const page = { tab: { id: 4 }, frameId: 0, url: 'https://news.example.kz/politics/1?x=2' };
const slow = { tlsMs: 4100, firstByteMs: 80 };

beforeEach(async () => {
  fakeBrowser.reset();
  await resetDb();
});

describe('suspicionFromSlowPage', () => {
  it('suspects the tab and host of a slow top-level https page, with its timing', () => {
    expect(suspicionFromSlowPage(page, slow, 1_000)).toEqual({
      key: '4|news.example.kz',
      tabId: 4,
      url: page.url,
      host: 'news.example.kz',
      trigger: 'auto',
      observedAt: 1_000,
      pageTiming: slow,
    });
  });

  it('checks the timing again: a page that was not slow raises nothing', () => {
    expect(suspicionFromSlowPage(page, { tlsMs: 1999, firstByteMs: 2999 })).toBeNull();
    expect(suspicionFromSlowPage(page, undefined)).toBeNull();
  });

  it('ignores frames, pages without a tab, plain HTTP and the local network', () => {
    expect(suspicionFromSlowPage({ ...page, frameId: 2 }, slow)).toBeNull();
    expect(suspicionFromSlowPage({ frameId: 0, url: page.url }, slow)).toBeNull();
    expect(suspicionFromSlowPage({ ...page, url: 'http://news.example.kz/' }, slow)).toBeNull();
    expect(suspicionFromSlowPage({ ...page, url: 'https://nas.local/' }, slow)).toBeNull();
  });
});

describe('the content script’s message with a timing', () => {
  const handlers = (seen: Suspicion[]) => createHandlers({ onBlockpageCandidate: (s) => void seen.push(s) });

  it('becomes a suspicion of throttling when the page shows no sign of a block page', async () => {
    const seen: Suspicion[] = [];
    const answer = await dispatch(handlers(seen), { blockwatch: 'blockpageCandidate', payload: { signals: [], timing: slow } }, page);
    expect(answer).toEqual({ ok: true, data: { queued: true } });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ host: 'news.example.kz', pageTiming: slow });
    expect(seen[0]!.blockpageSignal).toBeUndefined();
  });

  it('stays a block-page suspicion when the page also shows blocking words', async () => {
    const seen: Suspicion[] = [];
    await dispatch(handlers(seen), { blockwatch: 'blockpageCandidate', payload: { signals: ['title'], timing: slow } }, page);
    expect(seen[0]).toMatchObject({ blockpageSignal: 'page' });
    expect(seen[0]!.pageTiming).toBeUndefined();
  });

  it('refuses timings out of bounds or with anything else in them', async () => {
    const onBlockpageCandidate = vi.fn();
    const h = createHandlers({ onBlockpageCandidate });
    for (const timing of [{ tlsMs: -1 }, { tlsMs: 600_001 }, { tlsMs: 1.5 }, { tlsMs: 3000, url: 'https://other.example/' }]) {
      const answer = await dispatch(h, { blockwatch: 'blockpageCandidate', payload: { signals: [], timing } }, page);
      expect(answer, JSON.stringify(timing)).toMatchObject({ ok: false });
    }
    expect(onBlockpageCandidate).not.toHaveBeenCalled();
  });

  it('raises nothing for a timing that is not slow', async () => {
    const seen: Suspicion[] = [];
    const answer = await dispatch(
      handlers(seen),
      { blockwatch: 'blockpageCandidate', payload: { signals: [], timing: { tlsMs: 30 } } },
      page,
    );
    expect(answer).toEqual({ ok: true, data: { queued: false } });
    expect(seen).toEqual([]);
  });
});
