import { CanaryCache, networkDown } from '../confirm/canaries';
import { askControl } from '../confirm/control';
import { dohMeaning, queryDoh } from '../confirm/doh';
import { holdForOutage } from './outage';
import type { ProbeTracker } from '../confirm/probe';
import type { Evidence, VerdictKind } from '../protocol/report-schema';
import type { Verdict } from './1-probe-verdict';
import type { CanaryCheck, Suspicion } from '../storage/records';
import type { Settings } from '../storage/settings-rules';
import { redactUrl } from '../protocol/redact';

/**
 * Tells "blocked here" from "down everywhere" from "the whole network is down" for a failure the
 * probe confirmed: canaries first, then, with the network up, DNS-over-HTTPS for a name that did
 * not resolve and the collector's control measurement.
 */

/** Failures of the network path. Block pages and pages that loaded need none of these checks. */
const NETWORK_KINDS = new Set<VerdictKind>(['dns', 'tcp_reset', 'timeout', 'tls', 'tls_mitm', 'unreachable']);

export interface ClassifyDeps {
  tracker: ProbeTracker;
  fetchImpl?: typeof fetch;
}

/** In memory on purpose: a stopped worker only loses a few seconds of cached canary answers. */
export const canaryCache = new CanaryCache();

export function checkCanariesNow(settings: Settings, deps: ClassifyDeps): Promise<CanaryCheck> {
  return canaryCache.refresh(settings.canaries, { tracker: deps.tracker, ...(deps.fetchImpl && { fetchImpl: deps.fetchImpl }) });
}

/**
 * The verdict with the checks' evidence, or null when the failure was held back because the whole
 * network is down (an automatic one; a manual report is never held, only marked unconfirmed).
 */
export async function classifyFailure(
  suspicion: Suspicion,
  verdict: Verdict,
  settings: Settings,
  deps: ClassifyDeps,
): Promise<Verdict | null> {
  if (!NETWORK_KINDS.has(verdict.kind)) return verdict;
  // A wrong answer for a page that loaded, already compared with DoH (utils/dns-answer.ts): the
  // network is up and the site reachable, so canaries and the control have nothing to add.
  if (verdict.evidence?.dns?.local !== undefined) return verdict;
  const fetchOption = deps.fetchImpl ? { fetchImpl: deps.fetchImpl } : {};
  const canaries =
    settings.canaries.length > 0 ? await canaryCache.get(settings.canaries, { tracker: deps.tracker, ...fetchOption }) : null;
  if (canaries && networkDown(canaries)) {
    if (suspicion.trigger === 'auto') {
      await holdForOutage(suspicion, canaries);
      return null;
    }
    return { ...verdict, confirmed: false, evidence: { canaries } };
  }

  // Both reveal the site to a third party (the resolver, the collector): only once the user chose
  // a collector, as for everything else that leaves the browser.
  const endpoint = settings.endpoint;
  // Reports held for review must not reach the collector early by way of the control request.
  const mayAskCollector = endpoint !== null && (settings.autoSend || suspicion.trigger === 'manual');
  const [dns, control] = await Promise.all([
    verdict.kind === 'dns' && endpoint && settings.dohResolver
      ? queryDoh(settings.dohResolver, suspicion.host, { tracker: deps.tracker, ...fetchOption })
      : undefined,
    mayAskCollector ? askControl(endpoint, redactUrl(suspicion.url, settings.urlDetail), fetchOption) : undefined,
  ]);

  const evidence: NonNullable<Verdict['evidence']> = {};
  if (canaries) evidence.canaries = canaries;
  if (dns) evidence.dns = dns;
  if (control && control.status !== 'not-offered') evidence.control = control.evidence as Evidence['control'];

  const controlFailed = control?.status === 'measured' && !control.evidence.ok;
  const controlLoaded = control?.status === 'measured' && control.evidence.ok;
  // A resolver nobody here can tamper with says the name does not exist: gone, not censored —
  // unless the collector just loaded it.
  const nameGone = dns !== undefined && dohMeaning(dns) === 'gone_everywhere' && !controlLoaded;
  if (controlFailed || nameGone) return { kind: 'down_everywhere', confirmed: true, evidence };
  return { ...verdict, evidence };
}
