/**
 * Hosts a short page points at that say something whatever its language: a government's or
 * regulator's domain (block pages name the authority and link to it), and a private address in a
 * frame (block pages served by a filter inside the provider's network). Tiny: the content script
 * bundles it, and the background reads the probe's copy with the same rules.
 */

/** `gov.kz`, `go.id`, `gob.mx`, `gouv.fr`, `govt.nz`, `gv.at`, `.gov`, `.mil`, and subdomains of them. */
const GOVERNMENT = /(?:^|\.)(?:gov|gob|gouv|govt|go|gv|mil|admin)\.[a-z]{2}$|(?:^|\.)(?:gov|mil)$/;

export function isGovernmentHost(host: string): boolean {
  return GOVERNMENT.test(host.toLowerCase().replace(/\.$/, ''));
}

/** RFC 1918 and CGNAT literals: where a provider's own filter answers from inside its network. */
export function isPrivateIpv4Literal(host: string): boolean {
  const m = /^(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}$/.exec(host);
  if (!m) return false;
  const a = Number(m[1]);
  const b = Number(m[2]);
  return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
}

/** The registrable-looking part of a host, for telling a site's own links from others'. */
export function siteOf(host: string): string {
  const labels = host.toLowerCase().replace(/\.$/, '').split('.');
  // Two labels, or three under a second-level public suffix such as gov.kz or co.uk.
  const n = labels.length >= 3 && /^(?:gov|gob|gouv|govt|go|gv|co|com|net|org|ac|edu|or|ne|mil|admin)$/.test(labels.at(-2)!) ? 3 : 2;
  return labels.slice(-n).join('.');
}

/** The signs among a page's outgoing hosts: `gov-link` (another site's government domain), `private-frame`. */
export function hostSigns(pageHost: string, links: readonly string[], frames: readonly string[]): string[] {
  const own = siteOf(pageHost);
  const signs: string[] = [];
  if (!isGovernmentHost(pageHost) && links.some((h) => isGovernmentHost(h) && siteOf(h) !== own)) signs.push('gov-link');
  if (frames.some(isPrivateIpv4Literal)) signs.push('private-frame');
  return signs;
}
