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

/** Only a new installation: an update or a browser update must not open anything. */
export async function welcomeOnInstall(details: { reason: string }, pages: PageOpener): Promise<boolean> {
  if (details.reason !== 'install') return false;
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
