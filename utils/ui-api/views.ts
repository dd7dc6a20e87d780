/** What the background hands the extension's pages to show: the popup's state and the key's fingerprint. */
import type { DeliveryStatus } from '../storage/records';
import type { ReportSummary } from './report-query';
import type { VerdictKind } from '../protocol/report-schema';

/** Whether the page in a tab can be reported, and if not, why: the popup explains it. */
export type SiteCheck =
  | { reportable: true; url: string; host: string }
  | { reportable: false; reason: 'browser-page' | 'intranet' | 'private'; host?: string };

export interface TabInfo {
  id: number;
  url?: string;
  incognito: boolean;
}

/** What the toolbar popup shows for the tab the user is on. */
export interface PopupState {
  site: SiteCheck;
  /** The latest finding on this tab's site, with how its report's delivery stands. */
  finding: (TabFinding & Pick<ReportSummary, 'status' | 'sentAt' | 'rejectedReason' | 'lastError'>) | null;
  /** Where reports go; null while none is set and nothing is sent. */
  endpointHost: string | null;
  autoDetect: boolean;
  counts: Record<DeliveryStatus, number>;
}

export interface KeyInfo {
  fingerprint: string;
}

/** What Blockwatch found on the site a tab shows; what the popup and the badge tell the user. */
export interface TabFinding {
  host: string;
  kind: VerdictKind;
  confirmed: boolean;
  trigger: 'auto' | 'manual';
  at: number;
  reportId: string;
  navigationError?: string;
}
