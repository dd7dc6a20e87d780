import { classifyProbedPage, type PageCandidate } from '../blockpage/evidence';
import { matchStatus, type FingerprintMatch } from '../blockpage/fingerprints';
import { kindForNetError } from '../observe/net-errors';
import type { ProbeResult } from '../confirm/probe';
import type { InterceptionMatch } from '../blockpage/interception';
import type { Evidence, VerdictKind } from '../protocol/report-schema';
import type { Suspicion } from '../storage/records';

export interface Verdict {
  kind: VerdictKind;
  confirmed: boolean;
  blockpage?: FingerprintMatch;
  interception?: InterceptionMatch;
  /** What the DoH, control and canary checks found (classify/3-outside-checks.ts), the throttling rounds, or the denial a page is. */
  evidence?: Pick<Evidence, 'dns' | 'control' | 'canaries' | 'outage' | 'throttling' | 'denial'>;
  /**
   * A page with signs of a block page but no proof: page-comparison.ts asks the control and decides,
   * or falls back to `otherwise` (null for an automatic suspicion, what the probe showed for a manual one).
   */
  pending?: { candidate: PageCandidate; otherwise: Verdict | null };
}

/**
 * The kind of a failed probe. Its own exact error names it where the browser gave one. Otherwise
 * (Chromium without webRequest) the probe only knows it failed before its time limit, which
 * reproduces the navigation's failure of the same class: a name, a reset, a refusal, a certificate,
 * TLS; the navigation's exact error then names the kind. A navigation that timed out while the
 * probe failed at once is not the same failure, and is reported only as unreachable.
 */
function failureKind(result: ProbeResult, suspicion: Suspicion): VerdictKind {
  const exact = result.error ? kindForNetError(result.error) : null;
  if (exact) return exact;
  if (result.error) return 'unreachable';
  const seen = suspicion.navigationError ? kindForNetError(suspicion.navigationError) : null;
  return seen && seen !== 'timeout' ? seen : 'unreachable';
}

/** What the probe alone says: a failure kind, a block page, a denial, signs, or a page that loaded. */
function probeKind(
  result: ProbeResult,
  suspicion: Suspicion,
): Omit<Verdict, 'confirmed'> | { denial: Evidence['denial'] } | { candidate: PageCandidate } | null {
  if (result.timedOut) return { kind: 'timeout' };
  if (!result.ok) return { kind: failureKind(result, suspicion) };
  const probed = classifyProbedPage(suspicion, result);
  if (!probed) return null;
  switch (probed.kind) {
    case 'blockpage':
      return { kind: 'blockpage', blockpage: probed.blockpage };
    case 'tls_mitm':
      return { kind: 'tls_mitm', interception: probed.interception };
    case 'denial':
      return { denial: probed.denial };
    case 'candidate':
      return { candidate: probed.candidate };
  }
}

function suspectedKind(suspicion: Suspicion): { kind: VerdictKind; blockpage?: FingerprintMatch } | null {
  const blockpage = matchStatus(suspicion.httpStatus);
  if (blockpage) return { kind: 'blockpage', blockpage };
  if (suspicion.navigationError) {
    const kind = kindForNetError(suspicion.navigationError);
    if (kind) return { kind };
  }
  return null;
}

/**
 * Confirmed means the probe, made independently of the page, failed too. The probe's own error
 * names the kind, since it is measured exactly; the page's error stands when the probe loaded.
 * Returns null for an automatic suspicion the probe could not reproduce: a passing glitch is not
 * evidence of blocking.
 */
export function decideVerdict(suspicion: Suspicion, result: ProbeResult): Verdict | null {
  const measured = probeKind(result, suspicion);
  if (measured && 'kind' in measured) return { ...measured, confirmed: true };
  const otherwise = manualFallback(suspicion, measured && 'denial' in measured ? measured.denial : undefined);
  if (measured && 'candidate' in measured)
    return { kind: 'blockpage', confirmed: true, pending: { candidate: measured.candidate, otherwise } };
  return otherwise;
}

/**
 * A manual report on a page that is no block page says what the probe found: the failure the page
 * showed (unconfirmed), or that the site loads, naming the denial it loads as (a CDN's challenge, a
 * geo-restriction, …). An automatic suspicion ends here with nothing to report.
 */
function manualFallback(suspicion: Suspicion, denial: Evidence['denial']): Verdict | null {
  if (suspicion.trigger !== 'manual') return null;
  const suspected = suspectedKind(suspicion);
  if (suspected) return { ...suspected, confirmed: false, ...(denial && { evidence: { denial } }) };
  return { kind: 'ok', confirmed: true, ...(denial && { evidence: { denial } }) };
}
