import { describe, expect, it, vi } from 'vitest';
import {
  JOIN_PAGE,
  type LocalStore,
  openJoinConfirmation,
  WELCOME_PAGE,
  WELCOMED_KEY,
  welcomeOnInstall,
  type PageOpener,
} from '../../utils/pipeline/first-run';
import { createHandlers } from '../../utils/pipeline/handlers';
import { dispatch } from '../../utils/ui-api/messages';

function opener() {
  const opened: string[] = [];
  const pages: PageOpener = {
    pageUrl: (path) => `chrome-extension://abc${path}`,
    open: vi.fn(async (url: string) => void opened.push(url)),
  };
  return { pages, opened };
}

function memoryStore(): LocalStore & { items: Record<string, unknown> } {
  const items: Record<string, unknown> = {};
  return { items, get: async (key) => (key in items ? { [key]: items[key] } : {}), set: async (more) => void Object.assign(items, more) };
}

describe('welcomeOnInstall', () => {
  it('opens the welcome page on a new installation only', async () => {
    const { pages, opened } = opener();
    const store = memoryStore();
    expect(await welcomeOnInstall({ reason: 'update' }, pages, store)).toBe(false);
    expect(await welcomeOnInstall({ reason: 'browser_update' }, pages, store)).toBe(false);
    expect(await welcomeOnInstall({ reason: 'chrome_update' }, pages, store)).toBe(false);
    expect(opened).toEqual([]);
    expect(await welcomeOnInstall({ reason: 'install' }, pages, store)).toBe(true);
    expect(opened).toEqual([`chrome-extension://abc${WELCOME_PAGE}`]);
    expect(typeof store.items[WELCOMED_KEY]).toBe('number');
  });

  it('opens it once, however often the browser says it installed the extension', async () => {
    const { pages, opened } = opener();
    const store = memoryStore();
    await welcomeOnInstall({ reason: 'install' }, pages, store);
    expect(await welcomeOnInstall({ reason: 'install' }, pages, store)).toBe(false);
    expect(opened).toHaveLength(1);
  });
});

describe('openJoinConfirmation', () => {
  const joinPage = { tab: { id: 7 }, frameId: 0, url: 'https://reports.example.org/join' };

  it('opens Blockwatch’s confirmation page for the endpoint the sender’s own address names', async () => {
    const { pages, opened } = opener();
    expect(await openJoinConfirmation(joinPage, pages)).toBe(true);
    expect(opened).toEqual([`chrome-extension://abc${JOIN_PAGE}?endpoint=https%3A%2F%2Freports.example.org`]);
  });

  it('opens nothing for a frame, a sender without a tab, or a page that is not a join page', async () => {
    const { pages, opened } = opener();
    expect(await openJoinConfirmation({ ...joinPage, frameId: 3 }, pages)).toBe(false);
    expect(await openJoinConfirmation({ frameId: 0, url: joinPage.url }, pages)).toBe(false);
    expect(await openJoinConfirmation({ ...joinPage, url: 'https://news.example.org/article' }, pages)).toBe(false);
    expect(await openJoinConfirmation({ ...joinPage, url: 'http://reports.example.org/join' }, pages)).toBe(false);
    expect(await openJoinConfirmation(undefined, pages)).toBe(false);
    expect(opened).toEqual([]);
  });

  it('reaches the background as the one message besides block-page sightings that a web page may send, carrying nothing', async () => {
    const { pages, opened } = opener();
    const handlers = createHandlers({ onJoinCollector: (sender) => openJoinConfirmation(sender, pages) });
    expect(await dispatch(handlers, { blockwatch: 'joinCollector', payload: {} }, joinPage)).toEqual({ ok: true, data: { opened: true } });
    const withEndpoint = await dispatch(handlers, { blockwatch: 'joinCollector', payload: { endpoint: 'https://evil.example' } }, joinPage);
    expect(withEndpoint).toMatchObject({ ok: false });
    // A web page cannot save settings itself.
    expect(await dispatch(handlers, { blockwatch: 'saveSettings', payload: { endpoint: 'https://evil.example' } }, joinPage)).toMatchObject(
      {
        ok: false,
        error: 'saveSettings is not available to web pages',
      },
    );
    expect(opened).toHaveLength(1);
  });
});
