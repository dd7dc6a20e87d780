import { browser } from 'wxt/browser';
import type { TabFinding } from './views';
import type { QueuedReport } from '../storage/records';
import { isBlockedKind } from './views';

/** The parts of the toolbar button's API the badge needs; Firefox MV2 calls it browserAction. */
export interface BadgeApi {
  setBadgeText(details: { tabId: number; text: string }): Promise<void> | void;
  setBadgeBackgroundColor(details: { tabId: number; color: string }): Promise<void> | void;
}

// Session storage: it outlives a stopped service worker, and tab ids mean nothing after a restart.
const keyOf = (tabId: number) => `tab:${tabId}`;

export function findingFromReport(entry: QueuedReport): TabFinding {
  const { report } = entry.signed;
  return {
    host: report.host,
    kind: report.verdict.kind,
    confirmed: report.verdict.confirmed,
    trigger: report.trigger,
    at: Date.parse(report.createdAt),
    reportId: entry.id,
    ...(report.evidence.navigationError !== undefined && { navigationError: report.evidence.navigationError }),
  };
}

export async function getFinding(tabId: number): Promise<TabFinding | null> {
  const stored = (await browser.storage.session.get(keyOf(tabId)))[keyOf(tabId)];
  return (stored as TabFinding | undefined) ?? null;
}

export async function recordFinding(tabId: number, finding: TabFinding, badge: BadgeApi): Promise<void> {
  await browser.storage.session.set({ [keyOf(tabId)]: finding });
  await showBadge(tabId, finding, badge);
}

export async function forgetTab(tabId: number): Promise<void> {
  await browser.storage.session.remove([keyOf(tabId), errorKeyOf(tabId)]);
}

/** The last network error of a tab's page, as the browser named it: what a one-click report cites. */
export interface TabError {
  host: string;
  navigationError: string;
}

const errorKeyOf = (tabId: number) => `tab-error:${tabId}`;

/**
 * Kept whether or not the failure became a report (a repeat within the dedupe window does not), so
 * a report the user makes by hand still names the page's own error where the probe cannot.
 */
export async function recordTabError(tabId: number, error: TabError): Promise<void> {
  await browser.storage.session.set({ [errorKeyOf(tabId)]: error });
}

export async function lastTabError(tabId: number): Promise<TabError | null> {
  return ((await browser.storage.session.get(errorKeyOf(tabId)))[errorKeyOf(tabId)] as TabError | undefined) ?? null;
}

export async function showBadge(tabId: number, finding: TabFinding | null, badge: BadgeApi): Promise<void> {
  const blocked = finding !== null && isBlockedKind(finding.kind);
  await badge.setBadgeText({ tabId, text: blocked ? '!' : '' });
  // Dark red on white text: contrast 7.5:1.
  if (blocked) await badge.setBadgeBackgroundColor({ tabId, color: '#a50e0e' });
}
