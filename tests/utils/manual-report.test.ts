import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { TabFallbackCheck } from '../../utils/observe/http-fallback';
import { checkSite, reportSite } from '../../utils/pipeline/manual-report';
import type { PipelineDeps } from '../../utils/pipeline/pipeline';
import { ProbeTracker } from '../../utils/confirm/probe';
import { listReports } from '../../utils/queue/queue';
import { answeringFetch, failingFetch, resetDb, TEST_CLIENT, withCanariesUp } from '../support/fixtures';

beforeEach(async () => {
  fakeBrowser.reset();
  await resetDb();
});

function deps(tracker: ProbeTracker, fetchImpl: typeof fetch): PipelineDeps {
  return {
    tracker,
    navigations: new TabFallbackCheck(async () => undefined),
    client: { ...TEST_CLIENT },
    onQueued: vi.fn(),
    isPrivateTab: async () => false,
    fetchImpl: withCanariesUp(fetchImpl),
  };
}

describe('checkSite', () => {
  it('allows web pages of the open web', () => {
    expect(checkSite({ id: 1, url: 'https://news.example.kz/a?b=1', incognito: false }, false)).toEqual({
      reportable: true,
      url: 'https://news.example.kz/a?b=1',
      host: 'news.example.kz',
    });
  });

  it('refuses the browser’s pages, intranet hosts and private windows unless allowed, saying which', () => {
    expect(checkSite({ id: 1, url: 'chrome://settings', incognito: false }, false)).toEqual({ reportable: false, reason: 'browser-page' });
    expect(checkSite({ id: 1, incognito: false }, false)).toEqual({ reportable: false, reason: 'browser-page' });
    expect(checkSite({ id: 1, url: 'http://nas.local/', incognito: false }, false)).toEqual({
      reportable: false,
      reason: 'intranet',
      host: 'nas.local',
    });
    expect(checkSite({ id: 1, url: 'https://example.kz/', incognito: true }, false)).toEqual({
      reportable: false,
      reason: 'private',
      host: 'example.kz',
    });
    expect(checkSite({ id: 1, url: 'https://example.kz/', incognito: true }, true).reportable).toBe(true);
  });
});

describe('reportSite', () => {
  it('probes the site and queues a signed manual report with the note, whatever the probe finds', async () => {
    const tracker = new ProbeTracker();
    const d = deps(tracker, failingFetch(tracker, 'net::ERR_NAME_NOT_RESOLVED'));
    const site = { reportable: true as const, url: 'https://example.kz/news', host: 'example.kz' };
    const entry = await reportSite(site, 5, '  blocked since Monday  ', null, d);
    expect(entry.signed.report).toMatchObject({
      trigger: 'manual',
      host: 'example.kz',
      url: 'https://example.kz/',
      verdict: { kind: 'dns', confirmed: true },
      note: 'blocked since Monday',
    });
    expect(entry.status).toBe('queued');
    expect(d.onQueued).toHaveBeenCalledWith(entry, expect.objectContaining({ tabId: 5, trigger: 'manual' }));

    const ok = await reportSite(site, 5, undefined, null, deps(tracker, answeringFetch(tracker)));
    expect(ok.signed.report.verdict).toEqual({ kind: 'ok', confirmed: true });
    expect(ok.signed.report).not.toHaveProperty('note');
    expect(await listReports()).toHaveLength(2);
  });

  it('carries the page error Blockwatch saw in this tab as evidence', async () => {
    const tracker = new ProbeTracker();
    const site = { reportable: true as const, url: 'https://example.kz/', host: 'example.kz' };
    const known = {
      host: 'example.kz',
      kind: 'tcp_reset' as const,
      confirmed: true,
      trigger: 'auto' as const,
      at: 1,
      reportId: 'x',
      navigationError: 'net::ERR_CONNECTION_RESET',
    };
    const entry = await reportSite(site, 5, undefined, known, deps(tracker, answeringFetch(tracker)));
    expect(entry.signed.report.evidence.navigationError).toBe('net::ERR_CONNECTION_RESET');
    expect(entry.signed.report.verdict).toEqual({ kind: 'tcp_reset', confirmed: false });
  });
});
