/**
 * Chromium tries http:// navigations over HTTPS first and falls back to HTTP when that fails. The
 * failed https:// attempt is not the site failing: after the grace period the tab shows (or is
 * loading) the same host over plain HTTP. Asking the tab once, on a failure, costs healthy pages
 * nothing, where watching every navigation would wake the background for each of them.
 */
import type { Suspicion } from '../storage/records';

export interface FallbackCheck {
  fellBackToHttp(suspicion: Pick<Suspicion, 'tabId' | 'host' | 'url'>): Promise<boolean>;
}

/** Whether a tab now at `tabUrl` went on to load the failed https:// host over plain HTTP. */
export function showsHttpFallback(suspicion: Pick<Suspicion, 'host' | 'url'>, tabUrl: string | undefined): boolean {
  if (!suspicion.url.startsWith('https:') || !tabUrl?.startsWith('http:')) return false;
  try {
    return new URL(tabUrl).hostname.replace(/\.$/, '') === suspicion.host;
  } catch {
    return false;
  }
}

/** `tabUrl` answers the URL a tab is loading or shows (Chromium's `pendingUrl`, else `url`). */
export class TabFallbackCheck implements FallbackCheck {
  constructor(private readonly tabUrl: (tabId: number) => Promise<string | undefined>) {}

  async fellBackToHttp(suspicion: Pick<Suspicion, 'tabId' | 'host' | 'url'>): Promise<boolean> {
    if (!suspicion.url.startsWith('https:')) return false;
    const url = await this.tabUrl(suspicion.tabId).catch(() => undefined);
    return showsHttpFallback(suspicion, url);
  }
}
