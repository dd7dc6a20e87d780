/**
 * The one rule for which pages Blockwatch may report: web pages of the open web, never the
 * browser's own pages or the local network. Automatic suspicions and the one-click report both ask it.
 */
import { isIntranetHost } from '../protocol/intranet';

export type Reportability =
  | { reportable: true; url: string; host: string }
  | { reportable: false; reason: 'browser-page' }
  | { reportable: false; reason: 'intranet'; host: string };

export function checkReportable(rawUrl: string | undefined): Reportability {
  let url: URL;
  try {
    url = new URL(rawUrl ?? '');
  } catch {
    return { reportable: false, reason: 'browser-page' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { reportable: false, reason: 'browser-page' };
  // "example.kz." is the same site as "example.kz"; reports and dedupe use one spelling.
  const host = url.hostname.replace(/\.$/, '');
  if (isIntranetHost(host)) return { reportable: false, reason: 'intranet', host };
  return { reportable: true, url: url.href, host };
}

/** The host to report under, or null for a page that may not be reported. */
export function reportableHost(rawUrl: string): string | null {
  const check = checkReportable(rawUrl);
  return check.reportable ? check.host : null;
}
