/**
 * Compare, then decide, after OONI's Web Connectivity: the page this browser got for a URL and the
 * page the collector's control got for the same URL from elsewhere. A page that differs in where
 * it ended up, or in both title and size, is not the site's own; one that matches is, whatever it
 * says. Pure: both sides arrive as page summaries (protocol/report-schema.ts).
 */
import { MAX_TITLE_CHARS, pageTitle } from '../protocol/page-title';
import type { PageSummary } from '../protocol/report-schema';
import type { ProbeResult } from '../confirm/probe';

/** OONI's body-length threshold: two copies of one page rarely differ by more than 30 %. */
export const SIZE_RATIO = 0.7;

export type Difference = 'host' | 'status' | 'title' | 'size';

export interface Comparison {
  same: boolean;
  differences: Difference[];
}

/** The probe's page as the protocol summarises it, or null when nothing loaded. */
export function summarise(result: ProbeResult): PageSummary | null {
  const page = result.page;
  if (!result.ok || !page || result.status === undefined) return null;
  let finalHost = '';
  try {
    finalHost = new URL(page.finalUrl).hostname.toLowerCase();
  } catch {
    // an unparseable final URL stays empty, and differs from any real host
  }
  return {
    status: result.status,
    title: pageTitle(page.body).slice(0, MAX_TITLE_CHARS),
    bytes: Math.min(page.bytes ?? new TextEncoder().encode(page.body).byteLength, 256 * 1024),
    finalHost,
  };
}

const bareHost = (host: string) => host.replace(/^www\d?\./, '').replace(/\.$/, '');

/** One is the other, or a subdomain of it (`m.`, `www.`, a regional mirror of the same site). */
function sameSite(a: string, b: string): boolean {
  const x = bareHost(a);
  const y = bareHost(b);
  return x === y || x.endsWith(`.${y}`) || y.endsWith(`.${x}`);
}

const normalTitle = (t: string) => t.toLowerCase().replace(/\s+/g, ' ').trim();

export function comparePages(here: PageSummary, there: PageSummary): Comparison {
  const differences: Difference[] = [];
  if (!sameSite(here.finalHost, there.finalHost)) differences.push('host');
  if (Math.floor(here.status / 100) !== Math.floor(there.status / 100)) differences.push('status');
  if (normalTitle(here.title) !== normalTitle(there.title)) differences.push('title');
  const big = Math.max(here.bytes, there.bytes);
  if (big > 0 && Math.min(here.bytes, there.bytes) / big < SIZE_RATIO) differences.push('size');
  const has = (d: Difference) => differences.includes(d);
  // Another site entirely; or another title and another size; or another class of answer with
  // either. A title alone changes with the day's headline, a size alone with the day's ads.
  const same = !(has('host') || (has('title') && has('size')) || (has('status') && (has('title') || has('size'))));
  return { same, differences };
}
