/**
 * Compare, then decide: a page that shows signs of a block page but no proof (blockpage/evidence.ts)
 * is compared with what the collector's control got for the same URL from its own network. A page
 * that differs (another host, or another title and size) is a block page in any language; one the
 * control sees the same is not, whatever it says. Without a control (none offered, none allowed,
 * unavailable, or a collector that does not describe its page) the heuristic decides alone, and
 * errs towards silence. Only pages with a sign are ever shown to the collector.
 */
import { comparePages, summarise, type Comparison } from '../blockpage/compare';
import { classifyProbedPage, type PageCandidate } from '../blockpage/evidence';
import type { FingerprintMatch } from '../blockpage/fingerprints';
import { askControl, type ControlOutcome } from '../confirm/control';
import { probe, type ProbeTracker } from '../confirm/probe';
import { redactUrl } from '../protocol/redact';
import type { Evidence, PageSummary } from '../protocol/report-schema';
import type { Suspicion } from '../storage/records';
import type { Settings } from '../storage/settings-rules';
import type { Verdict } from './1-probe-verdict';

export interface ComparisonDeps {
  tracker: ProbeTracker;
  fetchImpl?: typeof fetch;
}

/** How much of a page is read on each side (the protocol's bound for the control's `bytes`). */
const PAGE_BYTES = 256 * 1024;

/** The block page the control's different copy proves: the recorded fingerprint among the signs, else the comparison itself. */
function fromComparison(candidate: PageCandidate, here: PageSummary, comparison: Comparison): FingerprintMatch {
  if (candidate.fingerprint) return { ...candidate.fingerprint, page: here };
  const signals = [...candidate.signs, ...comparison.differences.map((d) => `differs:${d}`)].slice(0, 30);
  return { fingerprint: 'control.differs', source: 'control', dataset: 'blockwatch', signals, page: here };
}

function alone(candidate: PageCandidate, otherwise: Verdict | null, control?: Evidence['control']): Verdict | null {
  const withControl = control ? { evidence: { control } } : {};
  if (candidate.alone) return { kind: 'blockpage', confirmed: true, blockpage: candidate.alone, ...withControl };
  return otherwise && { ...otherwise, ...(control && { evidence: { ...otherwise.evidence, control } }) };
}

/**
 * The page here for the URL the control is asked about. The control is sent the redacted URL (the
 * origin by default), so when that is not the page the probe loaded, this browser loads it too:
 * both sides must describe one URL. Null when that page shows no sign: there is nothing to compare.
 */
async function pageHere(
  suspicion: Suspicion,
  url: string,
  candidate: PageCandidate,
  settings: Settings,
  deps: ComparisonDeps,
): Promise<PageSummary | null> {
  const asked = new URL(url);
  const loaded = new URL(suspicion.url);
  loaded.hash = '';
  if (asked.href === loaded.href) return candidate.page;
  const again = await probe(url, {
    timeoutMs: settings.probeTimeoutMs,
    tracker: deps.tracker,
    maxBodyBytes: PAGE_BYTES,
    ...(deps.fetchImpl && { fetchImpl: deps.fetchImpl }),
  });
  const probed = classifyProbedPage({ ...suspicion, url }, again);
  return probed?.kind === 'candidate' ? summarise(again) : null;
}

/** The verdict for a pending page, or the verdict unchanged when nothing is pending. */
export async function settlePageCandidate(
  suspicion: Suspicion,
  verdict: Verdict,
  settings: Settings,
  deps: ComparisonDeps,
): Promise<Verdict | null> {
  if (!verdict.pending) return verdict;
  const { candidate, otherwise } = verdict.pending;
  const endpoint = settings.endpoint;
  // As for every check that reaches the collector: only once the user chose one, and not for
  // reports that wait for the user's review.
  if (endpoint === null || !(settings.autoSend || suspicion.trigger === 'manual')) return alone(candidate, otherwise);
  const url = redactUrl(suspicion.url, settings.urlDetail);
  const here = await pageHere(suspicion, url, candidate, settings, deps);
  if (!here) return alone(candidate, otherwise);
  const control: ControlOutcome = await askControl(endpoint, url, deps.fetchImpl ? { fetchImpl: deps.fetchImpl } : {});
  if (control.status === 'not-offered') return alone(candidate, otherwise);
  const there = control.status === 'measured' ? control.evidence.page : undefined;
  // Unavailable, or a collector without `page` (older than it): the heuristic alone.
  if (!there) return alone(candidate, otherwise, control.evidence);
  const comparison = comparePages(here, there);
  if (comparison.same) return otherwise && { ...otherwise, evidence: { ...otherwise.evidence, control: control.evidence } };
  return {
    kind: 'blockpage',
    confirmed: true,
    blockpage: fromComparison(candidate, here, comparison),
    evidence: { control: control.evidence },
  };
}
