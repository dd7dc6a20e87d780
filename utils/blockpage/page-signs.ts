/**
 * What points at a block page on the probe's own copy of a page, short of proof: blocking words in
 * any language the vocabulary knows (outside quotations), a recorded fingerprint that is not proof
 * here (vague words, or a page not shaped like a notice), an HTTP 403, a link to a government's
 * domain, a frame from a private address. A page with a sign is compared with the control's copy
 * (classify/page-comparison.ts); one without is never shown to the collector.
 */
import { bodyMatches, matchHeaders, STRONG_CONFIDENCE, type FingerprintMatch } from './fingerprints';
import { assessPage } from './heuristic';
import type { PageShape } from './html-text';
import { hostSigns } from './page-hosts';

export interface PageSigns {
  signs: string[];
  /** The strongest recorded fingerprint among the signs, if any. */
  fingerprint?: FingerprintMatch;
}

const hostOf = (url: string) => /^(?:https?:)?\/\/([^/?#:"'\s>]+)/i.exec(url)?.[1]?.toLowerCase() ?? '';

/** Hosts of the page's links and forms, and of its frames, read from the HTML without a DOM. */
export function linkedHosts(html: string): { links: string[]; frames: string[] } {
  const head = html.slice(0, 256 * 1024);
  const attr = (re: RegExp) => [...head.matchAll(re)].slice(0, 200).map((m) => hostOf(m[1] ?? ''));
  return {
    links: attr(/<(?:a|area|form)\b[^>]{0,500}?\b(?:href|action)\s*=\s*["']?([^"'\s>]+)/gi),
    frames: attr(/<i?frame\b[^>]{0,500}?\bsrc\s*=\s*["']?([^"'\s>]+)/gi),
  };
}

export function pageSigns(input: {
  html: string;
  shape: PageShape;
  status?: number;
  headers: readonly { name: string; value: string }[];
  finalUrl: string;
  noticeShaped: boolean;
}): PageSigns {
  const { html, shape, status, headers, finalUrl, noticeShaped } = input;
  const signs: string[] = [];
  const recorded = [...bodyMatches(html), ...[matchHeaders(headers)].filter((m): m is FingerprintMatch => m !== null)].sort(
    (a, b) => (b.confidence ?? 0) - (a.confidence ?? 0),
  );
  // Proof on a notice (evidence.ts decides those); here only what is not: vague words.
  const hints = recorded.filter((m) => (m.confidence ?? 0) < STRONG_CONFIDENCE || !noticeShaped);
  for (const m of hints.slice(0, 3)) signs.push(`fp:${m.fingerprint}`.slice(0, 40));
  if (noticeShaped) {
    signs.push(...assessPage(shape).signals.filter((s) => s.startsWith('blocking:')));
    if (status === 403) signs.push('status:403');
    let host = '';
    try {
      host = new URL(finalUrl).hostname;
    } catch {
      // no host: no link is "another site's"
    }
    const { links, frames } = linkedHosts(html);
    signs.push(...hostSigns(host, links, frames));
  }
  return { signs, ...(hints[0] && { fingerprint: hints[0] }) };
}
