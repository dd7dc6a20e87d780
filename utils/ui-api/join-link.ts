/**
 * The join link: a collector's page at `<endpoint>/join` offers its endpoint to Blockwatch, and
 * Blockwatch's own page `join.html?endpoint=…` asks the user to confirm it. Pure rules, shared by
 * the background and that page.
 */
import { checkEndpoint } from '../storage/settings-rules';

export const JOIN_PATH = '/join';
/** The marker a collector's join page carries; a page without it is not offered to the user. */
export const JOIN_META_NAME = 'blockwatch-collector';
/** The button on that page whose click (the user's own) starts the join. */
export const JOIN_BUTTON_ID = 'blockwatch-join';

/**
 * The endpoint a join page stands for: its own address without `/join`. Derived from where the
 * page is, never from what it says, so a page can offer only the server it is served from.
 */
export function endpointFromJoinPage(pageUrl: string | undefined): string | null {
  if (!pageUrl) return null;
  let url: URL;
  try {
    url = new URL(pageUrl);
  } catch {
    return null;
  }
  if (!url.pathname.endsWith(JOIN_PATH) || url.search !== '' || url.username || url.password) return null;
  const checked = checkEndpoint(`${url.origin}${url.pathname.slice(0, -JOIN_PATH.length)}`);
  return checked.ok ? checked.value : null;
}

/** Blockwatch's confirmation page for an endpoint, under the extension's base URL. */
export function confirmationUrl(pageUrl: string, endpoint: string): string {
  return `${pageUrl}?${new URLSearchParams({ endpoint })}`;
}

/** The endpoint the confirmation page was opened for, checked again: anyone may have built its URL. */
export function endpointFromConfirmationQuery(search: string): string | null {
  const endpoint = new URLSearchParams(search).get('endpoint');
  if (endpoint === null) return null;
  const checked = checkEndpoint(endpoint);
  return checked.ok && checked.value === endpoint ? checked.value : null;
}
