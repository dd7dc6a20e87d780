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
    addListener(listener: (details: HeadersEvent) => undefined, filter: object, extra: string[]): void;
  };
}

export function watchCertificates(api: SecurityInfoApi, tracker: ProbeTracker, intake: (s: Suspicion | null) => void): void {
  const inspect = (d: HeadersEvent): undefined => {
    void api
      .getSecurityInfo(d.requestId, { certificateChain: true })
      .then((info) => {
        const names = chainNames(info);
        if (d.tabId === -1) return tracker.onSecurityInfo(d.requestId, names);
        const found = matchInterception(names);
        if (found) intake(suspectMainFrame(d, { blockpageSignal: `interception:${found.fingerprint}` }, Date.now()));
      })
      .catch((error: unknown) => console.warn('Blockwatch:', error));
    return undefined;
  };
  // getSecurityInfo answers only inside a blocking listener; nothing is ever blocked or changed.
  api.onHeadersReceived.addListener(inspect, { urls: ['https://*/*'], types: ['main_frame'] }, ['blocking']);
  api.onHeadersReceived.addListener(inspect, { urls: ['https://*/*'], types: ['xmlhttprequest'], tabId: -1 }, ['blocking']);
}
