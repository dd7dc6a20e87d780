import { beforeAll, describe, expect, it } from 'vitest';
import { classifyProbedPage } from '../../utils/blockpage/evidence';
import { buildReport } from '../../utils/report/build';
import { decideVerdict } from '../../utils/classify/1-probe-verdict';
import { POSITIVES } from '../fixtures/blockpages/positives';
import { makeKeys, makeSuspicion, reportInput, type TestKeys } from '../support/fixtures';
import { ProbeTracker, type ProbeResult } from '../../utils/confirm/probe';
import { settlePageCandidate } from '../../utils/classify/page-comparison';
import { DEFAULT_SETTINGS } from '../../utils/storage/settings-rules';

let keys: TestKeys;
beforeAll(async () => {
  keys = await makeKeys();
});

const loaded = (body: string, issuers?: string[]): ProbeResult => ({
  ok: true,
  status: 200,
  ms: 40,
  page: { body, finalUrl: 'https://news.example.kz/', headers: [], redirects: [], ...(issuers && { issuers }) },
});

describe('block-page evidence in a report', () => {
  it('carries the heuristic’s signals and never the page itself', async () => {
    const suspicion = makeSuspicion({ blockpageSignal: 'page' });
    const probe = loaded(POSITIVES.find((p) => p.name === 'kk-law')!.html);
    // No collector: the heuristic decides alone.
    const verdict = (await settlePageCandidate(
      suspicion,
      decideVerdict(suspicion, probe)!,
      { ...DEFAULT_SETTINGS, endpoint: null },
      { tracker: new ProbeTracker() },
    ))!;
    const report = buildReport(reportInput(keys, { suspicion, verdict, probe }));
    expect(report.verdict).toEqual({ kind: 'blockpage', confirmed: true });
    expect(report.evidence.blockpage).toMatchObject({ fingerprint: 'heuristic.kk', source: 'heuristic', dataset: 'blockwatch' });
    expect(report.evidence.probe).toEqual({ ms: 40, status: 200 });
    expect(JSON.stringify(report)).not.toContain('Қазақстан');
  });

  it('carries a recorded fingerprint’s countries, dataset and confidence', () => {
    const suspicion = makeSuspicion({ blockpageSignal: 'page' });
    const probe = loaded('<html><body><p>Доступ ограничен</p><img src="//t2rkn.com/x.png"></body></html>');
    const report = buildReport(reportInput(keys, { suspicion, verdict: decideVerdict(suspicion, probe)!, probe }));
    expect(report.evidence.blockpage).toEqual({
      fingerprint: 'ooni.ru_28',
      source: 'body',
      countries: 'RU',
      dataset: 'ooni',
      confidence: 0.9,
    });
  });

  it('names the interception issuer for tls_mitm', () => {
    const suspicion = makeSuspicion({ blockpageSignal: 'interception:kz.qaznet-trust-network' });
    const probe = loaded('<html></html>', ['CN=Qaznet Trust Network']);
    expect(classifyProbedPage(suspicion, probe)?.kind).toBe('tls_mitm');
    const report = buildReport(reportInput(keys, { suspicion, verdict: decideVerdict(suspicion, probe)!, probe }));
    expect(report.verdict).toEqual({ kind: 'tls_mitm', confirmed: true });
    expect(report.evidence.interception).toMatchObject({
      fingerprint: 'kz.qaznet-trust-network',
      issuer: 'CN=Qaznet Trust Network',
      country: 'KZ',
    });
  });
});
