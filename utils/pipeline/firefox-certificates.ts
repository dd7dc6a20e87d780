/**
 * Firefox alone lets an extension read a connection's certificate chain. A page served through a
 * recorded interception issuer loads normally, so only the chain shows it; the probe's own chain
 * goes to the tracker for the same check.
 */
import { matchInterception, chainNames, type SecurityInfoLike } from '../blockpage/interception';
import type { ProbeTracker } from '../confirm/probe';
import { suspectMainFrame } from '../observe/suspicion';
import type { Suspicion } from '../storage/records';

interface HeadersEvent {
  requestId: string;
  type: string;
  tabId: number;
  url: string;
  timeStamp?: number;
}

export interface SecurityInfoApi {
  getSecurityInfo(requestId: string, options: object): Promise<SecurityInfoLike>;
  onHeadersReceived: {
    addListener(listener: (details: HeadersEvent) => undefined | Promise<object>, filter: object, extra: string[]): void;
  };
}

export function watchCertificates(api: SecurityInfoApi, tracker: ProbeTracker, intake: (s: Suspicion | null) => void): void {
  const inspect = (d: HeadersEvent): undefined | Promise<object> => {
    const read = api
      .getSecurityInfo(d.requestId, { certificateChain: true })
      .then((info) => {
        const names = chainNames(info);
        if (d.tabId === -1) return tracker.onSecurityInfo(d.requestId, names);
        const found = matchInterception(names);
        if (found) intake(suspectMainFrame(d, { blockpageSignal: `interception:${found.fingerprint}` }, Date.now()));
      })
      .catch((error: unknown) => console.warn('Blockwatch:', error));
    // A probe's response waits for its chain (Firefox waits for a blocking listener's promise):
    // otherwise the probe could read the page first and never learn who issued it.
    return d.tabId === -1 ? read.then(() => ({})) : undefined;
  };
  // getSecurityInfo answers only inside a blocking listener; nothing is ever blocked or changed.
  // Each filter needs a function of its own: Firefox registers a function once, whatever the filter.
  api.onHeadersReceived.addListener((d) => inspect(d), { urls: ['https://*/*'], types: ['main_frame'] }, ['blocking']);
  api.onHeadersReceived.addListener((d) => inspect(d), { urls: ['https://*/*'], types: ['xmlhttprequest'], tabId: -1 }, ['blocking']);
}
