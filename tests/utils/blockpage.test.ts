import { describe, expect, it } from 'vitest';
import { classifyProbedPage, suspicionFromAddress, suspicionFromCandidate, suspicionFromRedirect } from '../../utils/blockpage/evidence';
import { FINGERPRINT_ROWS } from '../../utils/blockpage/fingerprint-data';
import type { ProbedPage, ProbeResult } from '../../utils/confirm/probe';
import { decideVerdict } from '../../utils/classify/1-probe-verdict';
import { NEGATIVES } from '../fixtures/blockpages/negatives';
import { POSITIVES } from '../fixtures/blockpages/positives';
import { makeSuspicion } from '../support/fixtures';

const BLOCK_IP = FINGERPRINT_ROWS.find((r) => r[1] === 'dns' && /^\d+\.\d+\.\d+\.\d+$/.test(r[4]))![4];
const main = { type: 'main_frame', tabId: 4, url: 'https://news.example.kz/a', timeStamp: 1_000 };

function loaded(page: Partial<ProbedPage>, status = 200): ProbeResult {
  return { ok: true, status, ms: 30, page: { body: '', finalUrl: 'https://news.example.kz/', headers: [], redirects: [], ...page } };
}

describe('background signals', () => {
  it('suspects a main-frame redirect to a known block host, naming the fingerprint', () => {
    const s = suspicionFromRedirect({ ...main, redirectUrl: 'http://warning.rt.ru/?id=1' });
    expect(s).toMatchObject({ tabId: 4, host: 'news.example.kz', trigger: 'auto', blockpageSignal: expect.stringMatching(/^redirect:/) });
    expect(suspicionFromRedirect({ ...main, redirectUrl: 'https://news.example.kz/login' })).toBeNull();
    expect(suspicionFromRedirect({ ...main, type: 'sub_frame', redirectUrl: 'http://warning.rt.ru/' })).toBeNull();
  });

  it('suspects a response from a known block address, and nothing else', () => {
    expect(suspicionFromAddress({ ...main, ip: BLOCK_IP })?.blockpageSignal).toMatch(/^address:/);
    expect(suspicionFromAddress({ ...main, ip: '93.184.216.34' })).toBeNull();
    expect(suspicionFromAddress({ ...main })).toBeNull();
    expect(suspicionFromAddress({ ...main, url: 'http://nas.local/', ip: BLOCK_IP })).toBeNull();
  });

  it('takes the content script’s tab and URL from the browser, top frame of the open web only', () => {
    const sender = { tab: { id: 9 }, frameId: 0, url: 'https://site.example.ru/page?x=1' };
    expect(suspicionFromCandidate(sender)).toMatchObject({ tabId: 9, host: 'site.example.ru', blockpageSignal: 'page' });
    expect(suspicionFromCandidate({ ...sender, frameId: 3 })).toBeNull();
    expect(suspicionFromCandidate({ frameId: 0, url: sender.url })).toBeNull();
    expect(suspicionFromCandidate({ ...sender, url: 'http://192.168.1.1/' })).toBeNull();
    expect(suspicionFromCandidate({ ...sender, url: 'chrome-extension://abc/options.html' })).toBeNull();
    // Already on a block host: the redirect that led there is the report, under the blocked site's name.
    expect(suspicionFromCandidate({ ...sender, url: 'http://warning.rt.ru/?id=1' })).toBeNull();
  });
});

describe('classifyProbedPage: the probe decides', () => {
  const signalled = makeSuspicion({ blockpageSignal: 'page' });

  it('confirms a known block page by its body fingerprint', () => {
    const out = classifyProbedPage(
      signalled,
      loaded({ body: '<html><body><p>Доступ ограничен</p><img src="//t2rkn.com/x.png"></body></html>' }),
    );
    expect(out).toMatchObject({ kind: 'blockpage', blockpage: { fingerprint: 'ooni.ru_28', source: 'body', countries: 'RU' } });
  });

  it('confirms a redirect to a block host seen by the probe, in its chain or as the final URL', () => {
    expect(classifyProbedPage(signalled, loaded({ redirects: ['http://warning.rt.ru/?id=1'] }))).toMatchObject({
      kind: 'blockpage',
      blockpage: { source: 'header' },
    });
    expect(classifyProbedPage(signalled, loaded({ finalUrl: 'https://illegal.mdes.go.th/' }))).toMatchObject({
      kind: 'blockpage',
      blockpage: { source: 'header' },
    });
  });

  it('confirms an answer from a known block address', () => {
    expect(classifyProbedPage(signalled, loaded({ ip: BLOCK_IP }))).toMatchObject({ kind: 'blockpage', blockpage: { source: 'dns' } });
  });

  it('hands a page with only signs to the comparison, with the heuristic as what decides without a control', () => {
    const page = loaded({ body: POSITIVES.find((p) => p.name === 'kk-law')!.html });
    expect(classifyProbedPage(signalled, page)).toMatchObject({
      kind: 'candidate',
      candidate: {
        signs: expect.arrayContaining(['blocking:kk']),
        alone: { source: 'heuristic', fingerprint: 'heuristic.kk' },
        page: { status: 200, title: 'Қолжетімділік шектелген' },
      },
    });
    expect(classifyProbedPage(makeSuspicion({ trigger: 'manual' }), page)?.kind).toBe('candidate');
    // Nothing pointed at a block page: a page that failed once and loads now is not judged by its words.
    expect(classifyProbedPage(makeSuspicion({ navigationError: 'net::ERR_CONNECTION_RESET' }), page)).toBeNull();
  });

  it('never lets the heuristic decide alone on articles and briefs about blocking, even those linking to a regulator', () => {
    for (const page of NEGATIVES) {
      const out = classifyProbedPage(signalled, loaded({ body: page.html }));
      expect(out === null || out.kind === 'denial' || (out.kind === 'candidate' && out.candidate.alone === null), page.name).toBe(true);
    }
    const linking = NEGATIVES.find((p) => p.name === 'ru-article-0-site')!.html.replace(
      '</article>',
      '<a href="http://eais.rkn.gov.ru/">реестр</a></article>',
    );
    expect(classifyProbedPage(signalled, loaded({ body: linking }))).toBeNull();
  });

  it('reports an interception issuer in the chain as tls_mitm', () => {
    const out = classifyProbedPage(signalled, loaded({ issuers: ['CN=Qaznet Trust Network,O=Qaznet,C=KZ'] }));
    expect(out).toMatchObject({ kind: 'tls_mitm', interception: { fingerprint: 'kz.qaznet-trust-network', country: 'KZ' } });
  });

  it('feeds decideVerdict: a pending block page for a content-script candidate, nothing for an ordinary page', () => {
    const html = POSITIVES.find((p) => p.name === 'ru-federal-law')!.html;
    expect(decideVerdict(signalled, loaded({ body: html }))).toMatchObject({
      kind: 'blockpage',
      confirmed: true,
      pending: { candidate: { alone: { source: 'heuristic' } }, otherwise: null },
    });
    expect(decideVerdict(signalled, loaded({ body: '<html><body>Weather: sunny</body></html>' }))).toBeNull();
    expect(decideVerdict(signalled, { ok: true, status: 200, ms: 5 })).toBeNull();
  });
});

describe('the serving address', () => {
  it('never treats an answer from this machine as a block address, though sinkholes record it', () => {
    const loopbackRow = FINGERPRINT_ROWS.find((r) => r[1] === 'dns' && r[4] === '127.0.0.1');
    expect(loopbackRow).toBeDefined();
    for (const ip of ['127.0.0.1', '::1', '[::1]', '0.0.0.0']) {
      expect(suspicionFromAddress({ ...main, ip }), ip).toBeNull();
      expect(classifyProbedPage(makeSuspicion({ blockpageSignal: 'page' }), loaded({ ip })), ip).toBeNull();
    }
  });
});
