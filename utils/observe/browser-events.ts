/**
 * The one declaration of the browser events Blockwatch reads about a tab's page. webRequest marks a
 * page's own request with `type: 'main_frame'`; webNavigation marks the top frame with `frameId: 0`.
 */
export interface FrameEvent {
  tabId: number;
  url: string;
  timeStamp?: number;
  /** webRequest: what the request loads. */
  type?: string;
  /** webNavigation: 0 for the top frame of the tab. */
  frameId?: number;
}

/** A load that failed: webRequest's or webNavigation's `onErrorOccurred`. */
export interface FrameError extends FrameEvent {
  error: string;
}

/** A response that arrived: webRequest's `onCompleted`. */
export interface FrameResponse extends FrameEvent {
  statusCode: number;
}

/** Where a response came from: webRequest's `onResponseStarted`. */
export interface FrameAnswer extends FrameEvent {
  ip?: string;
  /** Firefox: present when the connection went through a proxy. */
  proxyInfo?: unknown;
}

/** A redirect: webRequest's `onBeforeRedirect`. */
export interface FrameRedirect extends FrameEvent {
  redirectUrl: string;
}

/** A navigation that committed: webNavigation's `onCommitted`. */
export interface FrameCommit extends FrameEvent {
  transitionQualifiers?: string[];
}

/** The page a tab shows, not a frame inside it, a sub-resource or a request of the extension's own. */
export function isTabPage(details: FrameEvent): boolean {
  if (details.tabId < 0) return false;
  return details.type !== undefined ? details.type === 'main_frame' : details.frameId === 0;
}
