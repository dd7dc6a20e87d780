import { describe, expect, it } from 'vitest';
import { blockHostFilters, blockHosts } from '../../utils/blockpage/block-hosts';
import { namedSite, suspicionFromCandidate, suspicionFromCommittedRedirect } from '../../utils/blockpage/evidence';
import { matchRedirect } from '../../utils/blockpage/fingerprints';
import { notableStatus, pageBytes, pageStatus } from '../../utils/blockpage/page-status';
import { isTabPage } from '../../utils/observe/browser-events';

const perf = (entry: object | undefined) => ({ getEntriesByType: () => (entry ? [entry] : []) }) as unknown as Performance;

describe('block hosts for the committed-navigation filter', () => {
  it('lists every host a recorded redirect fingerprint points at, once, and each matches its row', () => {
    const hosts = blockHosts();
    expect(hosts).toContain('warning.rt.ru');
    expect(new Set(hosts).size).toBe(hosts.length);
    expect(hosts.every((h) => h === h.toLowerCase() && !h.includes('/'))).toBe(true);
    expect(blockHostFilters()[0]).toEqual({ hostEquals: hosts[0] });
  });

  it('reads hosts from prefix and contains patterns, and ignores patterns with no host', () => {
    const rows = [
      ['a', 'header', 'location', 'prefix', 'http://Block.Example.NET/x', '', 'ooni', 0.9, 'isp'],
      ['b', 'header', 'location', 'contains', '://gateway.example.org', '', 'ooni', 0.9, 'prod'],
      ['c', 'header', 'location', 'prefix', '/blocked', '', 'ooni', 0.9, 'isp'],
      ['d', 'header', 'server', 'prefix', 'http://not-a-location.example/', '', 'ooni', 0.9, 'isp'],
    ] as const;
    expect(blockHosts(rows as never)).toEqual(['block.example.net', 'gateway.example.org']);
  });
});

describe('suspicionFromCommittedRedirect', () => {
  const landing = {
    tabId: 5,
    frameId: 0,
    url: 'http://warning.rt.ru/?id=17&st=0&dt=10.0.0.1&rs=http://blocked.example.kz/page',
    transitionQualifiers: ['server_redirect'],
  };

  it("reports the site the block page names, with the block host's fingerprint", () => {
    const s = suspicionFromCommittedRedirect(landing, 1000);
    expect(s).toMatchObject({ tabId: 5, host: 'blocked.example.kz', url: 'http://blocked.example.kz/', trigger: 'auto' });
    expect(s?.blockpageSignal).toBe(`redirect:${matchRedirect(landing.url)!.fingerprint}`);
  });

  it('stays quiet without a server redirect, off a block host, in a frame, or when the site is not named', () => {
    expect(suspicionFromCommittedRedirect({ ...landing, transitionQualifiers: [] })).toBeNull();
    expect(suspicionFromCommittedRedirect({ ...landing, url: 'http://news.example.kz/?rs=http://blocked.example.kz/' })).toBeNull();
    expect(suspicionFromCommittedRedirect({ ...landing, frameId: 2 })).toBeNull();
    expect(suspicionFromCommittedRedirect({ ...landing, url: 'http://warning.rt.ru/?id=17' })).toBeNull();
  });

  it('reads a named site from a URL or a bare host name, never the block host itself or an address', () => {
    expect(namedSite('http://block.example.net/?url=news.example.kz')).toBe('http://news.example.kz/');
    expect(namedSite('http://block.example.net/?u=https%3A%2F%2Fnews.example.kz%2Fa%3Fb')).toBe('https://news.example.kz/');
    expect(namedSite('http://block.example.net/?self=http://block.example.net/')).toBeNull();
    expect(namedSite('http://block.example.net/?ip=10.0.0.1&x=1.2.3.4')).toBeNull();
    expect(namedSite('not a url')).toBeNull();
  });
});

describe('suspicionFromCandidate with the page status', () => {
  const sender = { tab: { id: 4 }, frameId: 0, url: 'https://site.example.kz/a' };

  it('makes HTTP 451 a status suspicion and anything else a page suspicion', () => {
    expect(suspicionFromCandidate(sender, 451)).toMatchObject({ httpStatus: 451, host: 'site.example.kz' });
    expect(suspicionFromCandidate(sender, 451)?.blockpageSignal).toBeUndefined();
    expect(suspicionFromCandidate(sender)).toMatchObject({ blockpageSignal: 'page' });
  });

  it('ignores frames and pages on a recorded block host', () => {
    expect(suspicionFromCandidate({ ...sender, frameId: 1 }, 451)).toBeNull();
    expect(suspicionFromCandidate({ ...sender, url: 'http://warning.rt.ru/?id=1' }, 451)).toBeNull();
  });
});

describe('page status from Navigation Timing', () => {
  it('reads responseStatus and sends only a notable one', () => {
    expect(pageStatus(perf({ responseStatus: 451 }))).toBe(451);
    expect(notableStatus(perf({ responseStatus: 451 }))).toBe(451);
    expect(notableStatus(perf({ responseStatus: 200 }))).toBeUndefined();
    expect(notableStatus(perf({ responseStatus: 404 }))).toBeUndefined();
  });

  it('says nothing when the browser does not tell', () => {
    expect(pageStatus(perf({ responseStatus: 0 }))).toBeUndefined();
    expect(pageStatus(perf({}))).toBeUndefined();
    expect(pageStatus(perf(undefined))).toBeUndefined();
  });

  it('reads the size of the page as it arrived, and nothing when the browser gives 0', () => {
    expect(pageBytes(perf({ decodedBodySize: 300_000 }))).toBe(300_000);
    expect(pageBytes(perf({ decodedBodySize: 0 }))).toBeUndefined();
    expect(pageBytes(perf(undefined))).toBeUndefined();
  });
});

describe('isTabPage', () => {
  it("knows a tab's page from either API", () => {
    expect(isTabPage({ tabId: 1, url: 'https://a.kz/', type: 'main_frame' })).toBe(true);
    expect(isTabPage({ tabId: 1, url: 'https://a.kz/', frameId: 0 })).toBe(true);
    expect(isTabPage({ tabId: 1, url: 'https://a.kz/', type: 'sub_frame' })).toBe(false);
    expect(isTabPage({ tabId: 1, url: 'https://a.kz/', frameId: 3 })).toBe(false);
    expect(isTabPage({ tabId: -1, url: 'https://a.kz/', frameId: 0 })).toBe(false);
  });
});
