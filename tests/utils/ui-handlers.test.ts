import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { TabFallbackCheck } from '../../utils/observe/http-fallback';
import { ProbeTracker } from '../../utils/confirm/probe';
import { deleteReport, markSent } from '../../utils/queue/queue';
import { updateSettings } from '../../utils/storage/settings';
import { keyInfo, popupState, reportTab, rotateKey, type UiDeps } from '../../utils/pipeline/ui-handlers';
import { recordFinding, findingFromReport } from '../../utils/ui-api/tab-state';
import { getReport } from '../../utils/ui-api/report-query';
import { answeringFetch, failingFetch, resetDb, TEST_CLIENT } from '../support/fixtures';

beforeEach(async () => {
  fakeBrowser.reset();
  await resetDb();
});

const badge = { setBadgeText: vi.fn(), setBadgeBackgroundColor: vi.fn() };

function deps(url: string | undefined, fetchImpl?: (t: ProbeTracker) => typeof fetch, incognito = false): UiDeps {
  const tracker = new ProbeTracker();
  return {
    pipeline: {
      tracker,
      navigations: new TabFallbackCheck(async () => undefined),
      client: { ...TEST_CLIENT },
      // As the background does: the tab gets the finding.
      onQueued: (entry, suspicion) => void (suspicion && recordFinding(suspicion.tabId, findingFromReport(entry), badge)),
      isPrivateTab: async () => incognito,
      fetchImpl: (fetchImpl ?? ((t) => failingFetch(t, 'net::ERR_CONNECTION_RESET')))(tracker),
    },
    getTab: async (id) => ({ id, incognito, ...(url !== undefined && { url }) }),
  };
}

describe('popupState', () => {
  it('says where reports go and that nothing was found yet', async () => {
    await updateSettings({ endpoint: 'https://collector.example.org/base' });
    const state = await popupState(4, deps('https://example.kz/page'));
    expect(state).toEqual({
      site: { reportable: true, url: 'https://example.kz/page', host: 'example.kz' },
      finding: null,
      endpointHost: 'collector.example.org',
      autoDetect: true,
      counts: expect.objectContaining({ queued: 0, sent: 0 }),
    });
    expect((await popupState(4, deps(undefined))).site).toEqual({ reportable: false, reason: 'browser-page' });
    expect((await popupState(4, deps('https://example.kz/'))).endpointHost).toBe('collector.example.org');
  });

  it('shows the finding of this tab’s site with its delivery, and forgets a deleted report', async () => {
    const d = deps('https://example.kz/');
    const made = await reportTab(4, 'note', d);
    expect(made).toMatchObject({ trigger: 'manual', kind: 'tcp_reset', status: 'queued', host: 'example.kz' });
    await markSent([made.id]);
    const state = await popupState(4, d);
    expect(state.finding).toMatchObject({ host: 'example.kz', kind: 'tcp_reset', trigger: 'manual', status: 'sent', reportId: made.id });
    expect(state.endpointHost).toBeNull();
    expect((await popupState(5, d)).finding).toBeNull();
    expect((await popupState(4, deps('https://other.example.kz/'))).finding).toBeNull();
    await deleteReport(made.id);
    expect((await popupState(4, d)).finding).toBeNull();
  });
});

describe('reportTab', () => {
  it('refuses a page that cannot be reported, and queues nothing', async () => {
    await expect(reportTab(4, undefined, deps('chrome://settings/'))).rejects.toThrow(/browser-page/);
    await expect(reportTab(4, undefined, deps('https://example.kz/', undefined, true))).rejects.toThrow(/private/);
  });

  it('reports a site that loads as ok', async () => {
    const made = await reportTab(
      4,
      undefined,
      deps('https://example.kz/', (t) => answeringFetch(t)),
    );
    expect((await getReport(made.id))!.signed.report.verdict).toEqual({ kind: 'ok', confirmed: true });
  });
});

describe('keyInfo and rotateKey', () => {
  it('shows a fingerprint and a new one after rotation', async () => {
    const before = await keyInfo();
    expect(before.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(await keyInfo()).toEqual(before);
    const after = await rotateKey();
    expect(after.fingerprint).not.toBe(before.fingerprint);
    expect(await keyInfo()).toEqual(after);
  });
});
