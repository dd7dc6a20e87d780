import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { listUrls, watchedHost, watchedHosts } from '../../scripts/watch-list/hosts';
import { contentScriptMatches, PLAIN_PAGES, securePagePatterns } from '../../scripts/build/content-script-matches';
import watchList from '../../data/secure-watch-list.json';

describe('test-list rows to watched hosts', () => {
  it('reads the URLs of the chosen categories and refuses a file that is not a test list', () => {
    const csv =
      'url,category_code,category_description\nhttps://a.example/,GRP,Social\n\nhttp://b.example/x,HUMR,Rights\nhttps://c.example/,MMED,"Video, audio"\n';
    expect(listUrls(csv, ['GRP', 'MMED'])).toEqual(['https://a.example/', 'https://c.example/']);
    expect(listUrls(csv, ['HUMR'])).toEqual(['http://b.example/x']);
    expect(() => listUrls('name,code\nx,y\n', ['GRP'])).toThrow(/not a test list/);
  });

  it('keeps the host, lower case and ASCII, without www., port or path', () => {
    expect(watchedHost('https://WWW.Example.org:8443/path?q=1')).toBe('example.org');
    expect(watchedHost('http://news.example.org/')).toBe('news.example.org');
    expect(watchedHost('https://пример.рф/')).toBe('xn--e1afmkfd.xn--p1ai');
    expect(watchedHost('https://example.org./')).toBe('example.org');
  });

  it('leaves out addresses, single labels and rows that are not URLs', () => {
    expect(watchedHost('http://93.184.216.34/')).toBeNull();
    expect(watchedHost('http://[2001:db8::1]/')).toBeNull();
    expect(watchedHost('http://intranet/')).toBeNull();
    // www. taken off a top-level domain would watch the whole domain.
    expect(watchedHost('http://www.com/')).toBeNull();
    expect(watchedHost('not a url')).toBeNull();
  });

  it('lists each host once, sorted, without names a listed parent already covers', () => {
    const urls = ['https://b.example/', 'http://www.b.example/', 'https://news.b.example/', 'https://a.example/', 'https://a.example.net/'];
    expect(watchedHosts(urls)).toEqual(['a.example', 'a.example.net', 'b.example']);
  });

  it('never lists a host whose parent is listed, whatever the rows', () => {
    const label = fc.stringMatching(/^[a-z0-9]{1,6}$/);
    const host = fc.array(label, { minLength: 2, maxLength: 4 }).map((l) => l.join('.'));
    fc.assert(
      fc.property(fc.array(host, { maxLength: 30 }), (hosts) => {
        const out = watchedHosts(hosts.map((h) => `https://${h}/`));
        const set = new Set(out);
        for (const h of out) {
          const parts = h.split('.');
          for (let i = 1; i < parts.length; i++) expect(set.has(parts.slice(i).join('.'))).toBe(false);
        }
        // Every input host is covered by something listed.
        for (const h of hosts.map((x) => watchedHost(`https://${x}/`)).filter((x): x is string => x !== null)) {
          expect(out.some((o) => h === o || h.endsWith(`.${o}`))).toBe(true);
        }
      }),
    );
  });
});

describe('data/secure-watch-list.json', () => {
  it('names where it came from and under which licence', () => {
    expect(watchList.provenance).toMatchObject({
      repository: 'https://github.com/citizenlab/test-lists',
      files: ['lists/global.csv'],
      categories: ['GRP', 'MMED', 'COMT'],
      licence: 'CC-BY-NC-SA-4.0',
    });
    expect(watchList.provenance.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(Number.isNaN(Date.parse(watchList.provenance.date))).toBe(false);
  });

  it('holds hosts as the generator writes them: normalised, sorted, each once, none under another', () => {
    // Every pattern is matched against every navigation: a list ten times longer cost 2-3 % of CPU.
    expect(watchList.hosts.length).toBeGreaterThan(100);
    expect(watchList.hosts.length).toBeLessThan(300);
    expect(watchedHosts(watchList.hosts.map((h) => `https://${h}/`))).toEqual(watchList.hosts);
  });
});

describe('where the content script runs', () => {
  it('Chromium: plain pages and one pattern per watched host, never every secure page', () => {
    const matches = contentScriptMatches('chrome');
    expect(matches[0]).toBe(PLAIN_PAGES);
    expect(matches.slice(1)).toEqual(securePagePatterns(watchList.hosts));
    expect(matches).not.toContain('<all_urls>');
    expect(matches.some((m) => m.startsWith('https://*/'))).toBe(false);
  });

  it('Chromium: every pattern is a valid match pattern for a host and its subdomains', () => {
    for (const p of securePagePatterns(watchList.hosts)) expect(p).toMatch(/^https:\/\/\*\.[a-z0-9-]+(\.[a-z0-9-]+)+\/\*$/);
  });

  it('Firefox: every page, as before', () => {
    expect(contentScriptMatches('firefox')).toEqual(['<all_urls>']);
  });
});
