import type { KeyInfo, PopupState } from '../ui-api/views';
import { testEndpoint, type EndpointTest } from '../submit/endpoint-test';
import { getIdentity, rotateIdentity } from '../storage/identity';
import { checkSite, reportSite } from './manual-report';
import type { PipelineDeps } from './pipeline';
import { countByStatus } from '../queue/queue';
import {
  exportableReports,
  getReport,
  queryReports,
  summarize,
  type ReportFilter,
  type ReportPage,
  type ReportSummary,
} from '../ui-api/report-query';
import { loadSettings } from '../storage/settings';
import { keyFingerprint } from '../protocol/signing';
import { getFinding, lastTabError } from '../ui-api/tab-state';
import type { QueuedReport } from '../storage/records';
import { checkEndpoint } from '../storage/settings-rules';
import type { TabInfo } from '../ui-api/views';

export interface UiDeps {
  pipeline: PipelineDeps;
  getTab: (tabId: number) => Promise<TabInfo>;
}

const hostOf = (endpoint: string | null) => (endpoint ? new URL(endpoint).host : null);

export async function popupState(tabId: number, deps: UiDeps): Promise<PopupState> {
  const settings = await loadSettings();
  const tab = await deps.getTab(tabId);
  const site = checkSite(tab, settings.allowPrivateWindows);
  const known = await getFinding(tabId);
  let finding: PopupState['finding'] = null;
  if (known && 'host' in site && site.host === known.host) {
    const entry = await getReport(known.reportId);
    // A report the user deleted is no longer something to show as sent or waiting.
    if (entry) finding = { ...known, ...pick(summarize(entry)) };
  }
  return { site, finding, endpointHost: hostOf(settings.endpoint), autoDetect: settings.autoDetect, counts: await countByStatus() };
}

function pick(s: ReportSummary): Pick<ReportSummary, 'status' | 'sentAt' | 'rejectedReason' | 'lastError'> {
  return {
    status: s.status,
    ...(s.sentAt !== undefined && { sentAt: s.sentAt }),
    ...(s.rejectedReason !== undefined && { rejectedReason: s.rejectedReason }),
    ...(s.lastError !== undefined && { lastError: s.lastError }),
  };
}

export async function reportTab(tabId: number, note: string | undefined, deps: UiDeps): Promise<ReportSummary> {
  const settings = await loadSettings();
  const site = checkSite(await deps.getTab(tabId), settings.allowPrivateWindows);
  if (!site.reportable) throw new Error(`this page cannot be reported (${site.reason})`);
  // The page's own error: from the finding if Blockwatch reported one, else as the browser named it.
  const known = (await getFinding(tabId)) ?? (await lastTabError(tabId));
  return summarize(await reportSite(site, tabId, note, known, deps.pipeline));
}

export async function history(filter: ReportFilter, offset: number, limit: number): Promise<ReportPage> {
  return queryReports(filter, offset, limit);
}

export async function exportReports(filter: ReportFilter): Promise<QueuedReport[]> {
  return exportableReports(filter);
}

export async function testCollector(endpoint: string, fetchImpl?: typeof fetch): Promise<EndpointTest> {
  const checked = checkEndpoint(endpoint);
  if (!checked.ok) throw new Error(checked.error);
  return testEndpoint(checked.value, fetchImpl);
}

export async function keyInfo(): Promise<KeyInfo> {
  return { fingerprint: await keyFingerprint((await getIdentity()).publicKey) };
}

export async function rotateKey(): Promise<KeyInfo> {
  return { fingerprint: await keyFingerprint((await rotateIdentity()).publicKey) };
}
