import type { SiteCheck } from '../ui-api/views';
import { checkReportable } from '../observe/reportable';
import { confirmSuspicion, type PipelineDeps } from './pipeline';
import { MAX_NOTE_LENGTH } from '../protocol/report-schema';
import type { QueuedReport, Suspicion } from '../storage/records';
import type { TabFinding } from '../ui-api/views';
import type { TabInfo } from '../ui-api/views';

export function checkSite(tab: TabInfo, allowPrivateWindows: boolean): SiteCheck {
  const check = checkReportable(tab.url);
  if (!check.reportable) return check;
  if (tab.incognito && !allowPrivateWindows) return { reportable: false, reason: 'private', host: check.host };
  return check;
}

/**
 * The one-click report: the site in the tab is probed from this browser like any suspicion, then
 * signed and queued as a manual report whatever the probe finds. A page error Blockwatch saw in
 * this tab for the same host goes in as evidence.
 */
export async function reportSite(
  site: Extract<SiteCheck, { reportable: true }>,
  tabId: number,
  note: string | undefined,
  known: Pick<TabFinding, 'host' | 'navigationError'> | null,
  deps: PipelineDeps,
): Promise<QueuedReport> {
  const text = note?.trim().slice(0, MAX_NOTE_LENGTH);
  const suspicion: Suspicion = {
    // Its own key, so it never settles an automatic suspicion of the same tab and host.
    key: `manual|${tabId}|${site.host}|${crypto.randomUUID()}`,
    tabId,
    url: site.url,
    host: site.host,
    trigger: 'manual',
    observedAt: Date.now(),
    ...(known?.host === site.host && known.navigationError !== undefined && { navigationError: known.navigationError }),
    ...(text ? { note: text } : {}),
  };
  const outcome = await confirmSuspicion(suspicion, deps);
  if (outcome.status !== 'queued') throw new Error('the check did not produce a report');
  return outcome.entry;
}
