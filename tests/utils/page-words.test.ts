/**
 * 5. A page cannot get itself reported by looking like a block notice. The content script's
 * candidate and the heuristic both read only the page's own words, which any site can write; a
 * report alone needs something about how the page was served to point the same way; otherwise only
 * the control's copy of the page can decide (page-comparison.test.ts), and a copy that says the same
 * is the site's own page.
 */
import { describe, expect, it } from 'vitest';
import { matchBody } from '../../utils/blockpage/fingerprints';
import type { ProbedPage, ProbeResult } from '../../utils/confirm/probe';
import { decideVerdict, type Verdict } from '../../utils/classify/1-probe-verdict';
import { POSITIVES } from '../fixtures/blockpages/positives';
import { makeSuspicion } from '../support/fixtures';

const HOST = 'hostile.example.kz';
/** The content script found blocking words on a page that loaded; nothing else pointed anywhere. */
const candidate = makeSuspicion({ host: HOST, url: `https://${HOST}/`, navigationError: undefined, blockpageSignal: 'page' });

function served(html: string, status = 200, page: Partial<ProbedPage> = {}): ProbeResult {
  return {
    ok: true,
    status,
    ms: 40,
    page: { body: html, finalUrl: `https://${HOST}/`, headers: [{ name: 'content-type', value: 'text/html' }], redirects: [], ...page },
  };
}

/** What would be reported where no control can compare: a pending candidate reports only what the heuristic decides alone. */
function reportedAlone(verdict: Verdict | null): Verdict | null {
  if (!verdict?.pending) return verdict;
  const alone = verdict.pending.candidate.alone;
  return alone ? { kind: 'blockpage', confirmed: true, blockpage: alone } : verdict.pending.otherwise;
}

/** Notices in the style of the region's, carrying no text from a recorded block page. */
const WORDS_ONLY = POSITIVES.filter((p) => matchBody(p.html) === null);

describe('5. a page’s own words are never enough for a report', () => {
  it('has notices to test with', () => {
    expect(WORDS_ONLY.length).toBeGreaterThan(15);
  });

  it.each(WORDS_ONLY.map((p) => [p.name, p.html]))('%s, served healthy by the site itself, is not reported', (_name, html) => {
    expect(reportedAlone(decideVerdict(candidate, served(html)))).toBeNull();
  });

  it('is not reported with any 2xx either, nor after a redirect within the site', () => {
    const html = POSITIVES.find((p) => p.name === 'ru-federal-law')!.html;
    expect(reportedAlone(decideVerdict(candidate, served(html, 203)))).toBeNull();
    expect(
      reportedAlone(
        decideVerdict(candidate, served(html, 200, { redirects: [`https://${HOST}/notice`], finalUrl: `https://${HOST}/notice` })),
      ),
    ).toBeNull();
  });

  it('is reported when the way it was served points the same way', () => {
    const html = POSITIVES.find((p) => p.name === 'kk-law')!.html;
    // An error status: the site did not serve its page.
    expect(reportedAlone(decideVerdict(candidate, served(html, 403)))).toMatchObject({
      kind: 'blockpage',
      confirmed: true,
      blockpage: { source: 'heuristic' },
    });
    // Sent to a notice on another host.
    const elsewhere = served(html, 200, {
      redirects: ['http://notice.isp.example/blocked'],
      finalUrl: 'http://notice.isp.example/blocked',
    });
    expect(reportedAlone(decideVerdict(candidate, elsewhere))).toMatchObject({ kind: 'blockpage', blockpage: { source: 'heuristic' } });
  });

  it('still counts the exact text of a recorded block page (a copy of one is for the control comparison to catch)', () => {
    const recorded = POSITIVES.find((p) => matchBody(p.html) !== null)!;
    expect(reportedAlone(decideVerdict(candidate, served(recorded.html)))).toMatchObject({
      kind: 'blockpage',
      blockpage: { source: 'body' },
    });
  });

  it('still lets the user report what they see', () => {
    const html = POSITIVES.find((p) => p.name === 'kk-law')!.html;
    expect(reportedAlone(decideVerdict({ ...candidate, trigger: 'manual' }, served(html)))).toMatchObject({ kind: 'blockpage' });
  });
});
