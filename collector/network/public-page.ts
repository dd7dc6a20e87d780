/**
 * The public status as pages for people: one per site (/status/<host>) and an index (/status).
 * Server-rendered, no script; every value is escaped. Only the aggregates of public-status.ts
 * reach these pages, so they can show nothing the JSON does not.
 */
import { createHash } from 'node:crypto';
import { NOT_BLOCKING, type PublicNetwork, type PublicSite, type PublicSiteEntry } from './store-queries';
import { PAGE_LANGUAGES, TEXT, type PageLanguage } from './public-text';

const STYLE = `body{font-family:system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem 1.5rem 3rem;color:#1d232a;background:#f4f5f7;line-height:1.45}
h1{font-size:1.5rem;margin:.5rem 0}h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
table{border-collapse:collapse;width:100%;background:#fff;font-size:.95rem}th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #e1e4e8;vertical-align:top}
td.num,th.num{text-align:right}.muted{color:#5c6670;font-size:.9rem}.summary{font-size:1.1rem;font-weight:600}
nav{display:flex;gap:1rem;flex-wrap:wrap;font-size:.9rem}form{display:flex;gap:.5rem;align-items:end;flex-wrap:wrap}
label{display:flex;flex-direction:column;font-size:.9rem}input,button{font:inherit;padding:.35rem .5rem}
a{color:#1f5fa8}footer{margin-top:2rem}`;

/** The only style the page may apply: no inline script or style from anywhere else can run. */
export const PAGE_CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; img-src 'none'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`;

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

/** `2026-05-01T10:00:00Z` → `2026-05-01 10:00`. */
const hourText = (iso: string) => iso.slice(0, 16).replace('T', ' ');

function countryName(cc: string | null, lang: PageLanguage): string {
  if (!cc) return '—';
  try {
    return new Intl.DisplayNames([lang], { type: 'region' }).of(cc) ?? cc;
  } catch {
    return cc;
  }
}

function networkName(n: PublicNetwork, lang: PageLanguage): string {
  if (n.asn === null) return TEXT[lang].unknownNetwork;
  return `AS${n.asn}${n.name ? ` ${n.name}` : ''}`;
}

function layout(lang: PageLanguage, title: string, path: string, body: string): string {
  const others = PAGE_LANGUAGES.filter((l) => l !== lang)
    .map((l) => `<a href="${escapeHtml(`${path}?lang=${l}`)}" lang="${l}" hreflang="${l}">${escapeHtml(TEXT[l].languageName)}</a>`)
    .join('');
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)} — Blockwatch</title>
<style>${STYLE}</style>
</head>
<body>
<nav><a href="/status?lang=${lang}">${escapeHtml(TEXT[lang].allSites)}</a>${others}</nav>
<main>
<h1>${escapeHtml(title)}</h1>
${body}
</main>
<footer class="muted"><p>${escapeHtml(TEXT[lang].dataCredit)} <a href="https://db-ip.com">IP Geolocation by DB-IP</a></p></footer>
</body>
</html>
`;
}

function kindCells(kinds: Record<string, number>, lang: PageLanguage, wanted: (kind: string) => boolean): string {
  const parts = Object.entries(kinds)
    .filter(([kind]) => wanted(kind))
    .sort((a, b) => b[1] - a[1])
    .map(([kind, n]) => `${TEXT[lang].kinds[kind as keyof (typeof TEXT)['en']['kinds']] ?? kind}: ${n}`);
  return escapeHtml(parts.join(', '));
}

function networkTable(networks: PublicNetwork[], lang: PageLanguage, wanted: (kind: string) => boolean): string {
  const t = TEXT[lang];
  const rows = networks
    .filter((n) => Object.keys(n.kinds).some(wanted))
    .map(
      (n) =>
        `<tr><td>${escapeHtml(networkName(n, lang))}</td><td>${escapeHtml(countryName(n.cc, lang))}</td><td class="num">${n.reporters}</td>` +
        `<td>${kindCells(n.kinds, lang, wanted)}</td><td>${hourText(n.firstSeen)}</td><td>${hourText(n.lastSeen)}</td></tr>`,
    );
  if (rows.length === 0) return '';
  return `<table><thead><tr><th>${t.network}</th><th>${t.country}</th><th class="num">${t.people}</th><th>${t.reports}</th><th>${t.firstSeen}</th><th>${t.lastSeen}</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

const isBlocking = (kind: string) => !(NOT_BLOCKING as readonly string[]).includes(kind);
const isOutage = (kind: string) => kind === 'down_everywhere' || kind === 'outage';

export interface SitePageInput {
  host: string;
  site: PublicSite;
  days: number;
  from: string;
  to: string;
  minReporters: number;
}

export function sitePage(lang: PageLanguage, { host, site, days, from, to, minReporters }: SitePageInput): string {
  const t = TEXT[lang];
  const { blocked } = site.summary;
  const countries = new Intl.ListFormat(lang, { type: 'conjunction' }).format(blocked.countries.map((cc) => countryName(cc, lang)));
  const blockedTable = networkTable(site.networks, lang, isBlocking);
  const outageTable = networkTable(site.networks, lang, isOutage);
  const body = [
    `<p class="muted">${escapeHtml(t.period(days, hourText(from), hourText(to)))} ${escapeHtml(t.threshold(minReporters))}</p>`,
    site.networks.length === 0 ? `<p class="summary">${escapeHtml(t.nothingYet)}</p>` : '',
    blocked.networks > 0 ? `<p class="summary">${escapeHtml(t.blockedSummary(blocked.networks, countries, blocked.reporters))}</p>` : '',
    blockedTable ? `<h2>${escapeHtml(t.blockedHeading)}</h2>${blockedTable}` : '',
    outageTable ? `<h2>${escapeHtml(t.notBlockedHeading)}</h2><p class="muted">${escapeHtml(t.notBlockedIntro)}</p>${outageTable}` : '',
  ].join('\n');
  return layout(lang, t.siteTitle(host), `/status/${encodeURIComponent(host)}`, body);
}

export function indexPage(lang: PageLanguage, sites: PublicSiteEntry[], minReporters: number): string {
  const t = TEXT[lang];
  const rows = sites.map(
    (s) =>
      `<tr><td><a href="/status/${encodeURIComponent(s.host)}?lang=${lang}">${escapeHtml(s.host)}</a></td><td class="num">${s.networks}</td><td class="num">${s.reports}</td><td>${hourText(s.lastSeen)}</td></tr>`,
  );
  const body = [
    `<p>${escapeHtml(t.indexIntro)} ${escapeHtml(t.threshold(minReporters))}</p>`,
    `<form method="get" action="/status"><input type="hidden" name="lang" value="${lang}"><label>${escapeHtml(t.hostLabel)}<input name="host" required spellcheck="false" autocomplete="off"></label><button type="submit">${escapeHtml(t.lookUp)}</button></form>`,
    rows.length === 0
      ? `<p>${escapeHtml(t.noSites)}</p>`
      : `<table><thead><tr><th>${escapeHtml(t.hostLabel)}</th><th class="num">${t.networks}</th><th class="num">${t.reports}</th><th>${t.lastSeen}</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
  ].join('\n');
  return layout(lang, t.indexTitle, '/status', body);
}
