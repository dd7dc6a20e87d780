// @vitest-environment happy-dom
/**
 * Every row of data/fingerprints.json, through the code the content script and the background run:
 * a page showing a body fingerprint is a candidate for the content script's scan and a block page
 * (or, for vague rows, a sign for the control) for the probe; every redirect is seen by the
 * deeper checks, and by the default listeners where the block page's address names the site;
 * every product header by the deeper checks and the probe; every block address by the deeper checks.
 */
import { Window } from 'happy-dom';
import { describe, expect, it } from 'vitest';
import { blockHosts } from '../../utils/blockpage/block-hosts';
import {
  classifyProbedPage,
  namedSite,
  suspicionFromAddress,
  suspicionFromCandidate,
  suspicionFromCommittedRedirect,
  suspicionFromHeaders,
  suspicionFromRedirect,
} from '../../utils/blockpage/evidence';
import { FINGERPRINT_ROWS } from '../../utils/blockpage/fingerprint-data';
import type { FingerprintRow } from '../../utils/blockpage/fingerprint-types';
import { bodyMatches, STRONG_CONFIDENCE } from '../../utils/blockpage/fingerprints';
import { scanDocument } from '../../utils/blockpage/scan';
import type { ProbedPage, ProbeResult } from '../../utils/confirm/probe';
import { makeSuspicion } from '../support/fixtures';
import { pageShowing } from '../support/fingerprint-pages';

const signalled = makeSuspicion({ blockpageSignal: 'page' });
const loaded = (page: Partial<ProbedPage>): ProbeResult => ({
  ok: true,
  status: 200,
  ms: 20,
  page: { body: '<html><body><p>.</p></body></html>', finalUrl: 'https://site.example/', headers: [], redirects: [], ...page },
});

/** A fresh window per page: the test DOM's parser keeps state between hundreds of pages in one window. */
function load(html: string): Document {
  const window = new Window({ url: 'https://site.example/' });
  window.document.write(html);
  return window.document as unknown as Document;
}

const body = FINGERPRINT_ROWS.filter((r) => r[1] === 'body');
const strong = body.filter((r) => r[7] >= STRONG_CONFIDENCE);
const vague = body.filter((r) => r[7] < STRONG_CONFIDENCE);

describe('every body fingerprint', () => {
  it('is counted: the database has the rows this test walks through', () => {
    expect(body.length).toBe(862);
    expect(strong.length + vague.length).toBe(body.length);
  });

  it.each(body.map((r) => [r[0], r] as const))('%s: the content script makes a page showing it a candidate', (_id, row) => {
    expect(scanDocument(load(pageShowing(row)))).not.toBeNull();
  });

  /** Product rows that are a CDN's or WAF's own page: a denial, not censorship (evidence.ts). */
  const DENIAL_PRODUCTS = ['cp.a_prod_sucurifw_1', 'cp.a_prod_sucurifw_2', 'cp.a_prod_ddos_guard'];

  it.each(strong.filter((r) => !DENIAL_PRODUCTS.includes(r[0])).map((r) => [r[0], r] as const))(
    '%s: the probe reports it as a block page with that fingerprint',
    (_id, row) => {
      const html = pageShowing(row);
      const out = classifyProbedPage(signalled, loaded({ body: html }));
      expect(out?.kind).toBe('blockpage');
      const reported = out?.kind === 'blockpage' ? out.blockpage : undefined;
      // The strongest of the rows a page shows is named; this row is among them, never stronger.
      expect(bodyMatches(html).map((m) => m.fingerprint)).toContain(row[0]);
      expect(reported).toMatchObject({ source: 'body' });
      expect(reported!.confidence!).toBeGreaterThanOrEqual(row[7]);
    },
  );

  it.each(DENIAL_PRODUCTS.map((id) => [id] as const))('%s: a WAF product recorded in the wild is named as the denial it is', (id) => {
    const row = strong.find((r) => r[0] === id)!;
    expect(row[8]).toBe('prod');
    expect(classifyProbedPage(signalled, loaded({ body: pageShowing(row) }))).toMatchObject({
      kind: 'denial',
      denial: { family: 'cdn_waf' },
    });
  });

  it.each(vague.map((r) => [r[0], r] as const))('%s (vague words): a sign for the control, or a denial it names', (_id, row) => {
    const out = classifyProbedPage(signalled, loaded({ body: pageShowing(row) }));
    expect(out?.kind === 'denial' || out?.kind === 'candidate' || out?.kind === 'blockpage').toBe(true);
    if (out?.kind === 'candidate')
      expect(out.candidate.signs.some((s) => s.startsWith('fp:')) || out.candidate.fingerprint !== undefined).toBe(true);
  });
});

/** A URL the pattern matches: the pattern itself, completed where it is only a part. */
function urlFor(row: FingerprintRow): string {
  const p = row[4];
  if (row[3] === 'full') return /^https?:\/\//i.test(p) ? p : `http://${p}`;
  if (/^https?:\/\//i.test(p)) return p;
  if (p.startsWith('//') || p.startsWith('://')) return `http${p.startsWith(':') ? '' : ':'}${p}`;
  if (/^[\w-]+(\.[\w-]+)+(?:[:/]|$)/.test(p)) return `http://${p}`;
  return `http://block.example.net/${p.replace(/^\//, '')}`;
}

/**
 * Location rows no redirect a browser follows can show: product names recorded under the wrong
 * header, and a relative `/blocked`, which cannot be told from a site's own page of that name.
 */
const NOT_A_LOCATION = new Set(['cp.a_prod_barracuda_2', 'cp.a_prod_huawei_esight', 'cp.e_unk_id_2_satellite']);
const allLocations = FINGERPRINT_ROWS.filter((r) => r[1] === 'header' && r[2] === 'location');
const locations = allLocations.filter((r) => !NOT_A_LOCATION.has(r[0]));
const hosts = new Set(blockHosts());
const main = { type: 'main_frame', tabId: 3, url: 'http://blocked.example/', timeStamp: 1 };

describe('every redirect fingerprint', () => {
  it.each(locations.map((r) => [r[0], r] as const))('%s: seen by the deeper checks and by the probe', (_id, row) => {
    const url = urlFor(row);
    expect(suspicionFromRedirect({ ...main, redirectUrl: url })?.blockpageSignal).toMatch(/^redirect:/);
    expect(classifyProbedPage(signalled, loaded({ finalUrl: url }))).toMatchObject({ kind: 'blockpage', blockpage: { source: 'header' } });
  });

  // Without webRequest only the block page's own address is seen, and it must name the blocked site.
  const nameable = locations.filter((r) => r[3] !== 'full');
  it.each(nameable.map((r) => [r[0], r] as const))('%s: by default, where the block page names the site', (_id, row) => {
    const base = urlFor(row);
    const named = `${base}${base.includes('?') ? '&' : '?'}u=http%3A%2F%2Fblocked.example%2F`;
    const host = new URL(named).hostname;
    const commit = suspicionFromCommittedRedirect({ tabId: 3, frameId: 0, url: named, transitionQualifiers: ['server_redirect'] });
    const candidate = suspicionFromCandidate({ tab: { id: 3 }, frameId: 0, url: named });
    // The site the address names: ours, or the one a recorded address names itself (`?ms=http://ok.ru/`).
    const site = new URL(namedSite(named)!).hostname;
    expect(['blocked.example', new URL(namedSite(base) ?? 'http://blocked.example/').hostname]).toContain(site);
    // The host filter catches recorded hosts; the content script on the block page catches the rest.
    if (hosts.has(host)) expect(commit?.host).toBe(site);
    expect(candidate).toMatchObject({ host: site, blockpageSignal: expect.stringMatching(/^redirect:/) });
  });

  it('leaves out only the rows that are no address a redirect can lead to', () => {
    expect(allLocations.filter((r) => NOT_A_LOCATION.has(r[0])).map((r) => r[4])).toEqual(
      expect.arrayContaining(['Barracuda/NGFirewall', '/blocked']),
    );
    expect(allLocations.length - locations.length).toBe(3);
  });

  it('says which cannot be attributed by default: exact addresses, which cannot carry the site', () => {
    expect(locations.length - nameable.length).toBe(locations.filter((r) => r[3] === 'full').length);
    expect(locations.filter((r) => r[3] === 'full').length).toBeLessThan(20);
  });
});

describe('every product header fingerprint', () => {
  const products = FINGERPRINT_ROWS.filter((r) => r[1] === 'header' && r[2] !== 'location');
  it.each(products.map((r) => [r[0], r] as const))('%s: the deeper checks suspect it, the probe reports it', (_id, row) => {
    const value = row[3] === 'prefix' ? `${row[4]} 2.1` : row[4];
    const headers = [{ name: row[2].replace(/^./, (c) => c.toUpperCase()), value }];
    expect(suspicionFromHeaders({ ...main, responseHeaders: headers })?.blockpageSignal).toMatch(/^header:/);
    expect(classifyProbedPage(signalled, loaded({ headers }))).toMatchObject({ kind: 'blockpage', blockpage: { source: 'header' } });
  });
});

describe('every address fingerprint', () => {
  const dns = FINGERPRINT_ROWS.filter((r) => r[1] === 'dns');
  const isAddress = (p: string) => /^[\d.]+$/.test(p) || p.includes(':');
  const local = (p: string) => /^(127\.|0\.0\.0\.0$)|^(::1|::)$/.test(p);
  const reachable = dns.filter((r) => isAddress(r[4]) && !local(r[4]));

  it.each(reachable.map((r) => [r[0], r] as const))('%s: the deeper checks see the page served from it', (_id, row) => {
    expect(suspicionFromAddress({ ...main, ip: row[4] })?.blockpageSignal).toMatch(/^address:/);
    expect(classifyProbedPage(signalled, loaded({ ip: row[4] }))).toMatchObject({ kind: 'blockpage', blockpage: { source: 'dns' } });
  });

  it('leaves out, and says so, names (a browser sees no CNAME) and answers from this machine', () => {
    const names = dns.filter((r) => !isAddress(r[4]));
    const loopback = dns.filter((r) => isAddress(r[4]) && local(r[4]));
    expect(reachable.length + names.length + loopback.length).toBe(dns.length);
    expect(names.length).toBeLessThan(30);
    expect(loopback.map((r) => r[4])).toEqual(expect.arrayContaining(['127.0.0.1']));
  });
});
