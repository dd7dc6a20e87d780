/**
 * "Others see it too": what other people reported to the user's collector about the site in the
 * tab, from the collector's public status (GET /v1/public/sites/<host>), when it publishes one.
 * Asked only when the popup is open on that site, never in the background; the last day first,
 * then the last 30 days when the last day has nothing to show.
 */
import { z } from 'zod';
import { collectorGet } from '../confirm/collector-get';
import { checkSite } from './manual-report';
import { loadSettings } from '../storage/settings';
import type { UiDeps } from './ui-handlers';
import type { OthersStatus } from '../ui-api/views';

const Group = z.object({ networks: z.number().int().nonnegative(), reporters: z.number().int().nonnegative() });
const PublicSiteSchema = z.object({
  host: z.string().max(253),
  days: z.number().int().positive(),
  minReporters: z.number().int().positive(),
  summary: z.object({
    blocked: Group.extend({ countries: z.array(z.string().regex(/^[A-Z]{2}$/)).max(300) }),
    downEverywhere: Group,
    outage: Group,
  }),
});

export const OTHERS_MAX_BYTES = 64 * 1024;

export async function othersStatus(tabId: number, deps: Pick<UiDeps, 'getTab'>, fetchImpl?: typeof fetch): Promise<OthersStatus> {
  const settings = await loadSettings();
  const site = checkSite(await deps.getTab(tabId), settings.allowPrivateWindows);
  if (!site.reportable) return { state: 'unavailable', reason: 'not-reportable' };
  if (!settings.endpoint) return { state: 'unavailable', reason: 'no-endpoint' };
  const ask = (days: number) =>
    collectorGet(`${settings.endpoint}/v1/public/sites/${encodeURIComponent(site.host)}?days=${days}`, {
      maxBytes: OTHERS_MAX_BYTES,
      ...(fetchImpl && { fetchImpl }),
    });
  let answer = await ask(1);
  let parsed = answer.ok ? PublicSiteSchema.safeParse(answer.json) : null;
  if (parsed?.success && isEmpty(parsed.data.summary)) {
    const month = await ask(30);
    const monthParsed = month.ok ? PublicSiteSchema.safeParse(month.json) : null;
    if (monthParsed?.success) [answer, parsed] = [month, monthParsed];
  }
  if (!answer.ok) return { state: 'unavailable', reason: answer.reason === 'not-offered' ? 'not-offered' : 'unreachable' };
  if (!parsed?.success) return { state: 'unavailable', reason: 'unreachable' };
  const { host, days, minReporters, summary } = parsed.data;
  return {
    state: 'known',
    host,
    days,
    minReporters,
    ...summary,
    statusUrl: `${settings.endpoint}/status/${encodeURIComponent(host)}`,
  };
}

function isEmpty(summary: z.infer<typeof PublicSiteSchema>['summary']): boolean {
  return summary.blocked.networks === 0 && summary.downEverywhere.networks === 0 && summary.outage.networks === 0;
}
