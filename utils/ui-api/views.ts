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

/** What the collector's public status says others see for a site ("others see it too"). */
export type OthersStatus =
  | { state: 'unavailable'; reason: 'no-endpoint' | 'not-reportable' | 'not-offered' | 'unreachable' }
  | {
      state: 'known';
      host: string;
      /** The period the counts cover: 1 (the last day) or 30. */
      days: number;
      minReporters: number;
      blocked: { networks: number; countries: string[]; reporters: number };
      downEverywhere: { networks: number; reporters: number };
      outage: { networks: number; reporters: number };
      /** The collector's page for people about this site. */
      statusUrl: string;
    };

/** Kinds that say something stands between this user and the site; the others get no badge. */
const NOT_BLOCKED: ReadonlySet<VerdictKind> = new Set(['ok', 'down_everywhere', 'outage']);

export function isBlockedKind(kind: VerdictKind): boolean {
  return !NOT_BLOCKED.has(kind);
}
