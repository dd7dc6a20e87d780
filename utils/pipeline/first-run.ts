/**
 * The first run and the join link, for the background: the welcome page opens once, on install;
 * a collector's join page, clicked by the user, opens Blockwatch's own confirmation page.
 */
import type { MessageSender } from '../ui-api/messages';
import { confirmationUrl, endpointFromJoinPage } from '../ui-api/join-link';

export const WELCOME_PAGE = '/welcome.html';
export const JOIN_PAGE = '/join.html';

export interface PageOpener {
  /** The extension page's full URL. */
  pageUrl(path: string): string;
  open(url: string): Promise<unknown>;
}

/** Where the welcome page's first showing is remembered. */
export const WELCOMED_KEY = 'welcomeShown';

export interface LocalStore {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

/**
 * Only a new installation, and only once: an update or a browser update opens nothing, and nor
 * does Chromium installing an unpacked extension again at each start from the command line.
 */
export async function welcomeOnInstall(details: { reason: string }, pages: PageOpener, store: LocalStore): Promise<boolean> {
  if (details.reason !== 'install') return false;
  if ((await store.get(WELCOMED_KEY))[WELCOMED_KEY] !== undefined) return false;
  await store.set({ [WELCOMED_KEY]: Date.now() });
  await pages.open(pages.pageUrl(WELCOME_PAGE));
  return true;
}

/**
 * A join page's content script saw the user click its button. Who sent it is what the browser
 * says (the top frame of a tab, at `<endpoint>/join`); the message itself carries nothing. The
 * confirmation page decides nothing either: only the user's click there saves the endpoint.
 */
export async function openJoinConfirmation(sender: MessageSender | undefined, pages: PageOpener): Promise<boolean> {
  if (sender?.tab?.id === undefined || sender.frameId !== 0) return false;
  const endpoint = endpointFromJoinPage(sender.url);
  if (!endpoint) return false;
  await pages.open(confirmationUrl(pages.pageUrl(JOIN_PAGE), endpoint));
  return true;
}
