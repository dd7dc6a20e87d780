import { beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { admitSuspicion, pendingSuspicions, suspicionFromError } from '../../utils/observe/suspicion';
import { TabFallbackCheck } from '../../utils/observe/http-fallback';
import { getIdentity } from '../../utils/storage/identity';
import { confirmSuspicion, FALLBACK_GRACE_MS, intakeAutomatic, resumePending, type PipelineDeps } from '../../utils/pipeline/pipeline';
import { ProbeTracker } from '../../utils/confirm/probe';
import { listReports } from '../../utils/queue/queue';
import { SignedReportSchema } from '../../utils/protocol/report-schema';
import { updateSettings } from '../../utils/storage/settings';
import { verifyReport } from '../../utils/protocol/signing';
import { answeringFetch, failingFetch, makeSuspicion, resetDb, TEST_CLIENT, withCanariesUp } from '../support/fixtures';
import type { QueuedReport, Suspicion } from '../../utils/storage/records';

let tracker: ProbeTracker;
let navigations: TabFallbackCheck;
/** What each tab shows now, as the browser would answer. */
let tabUrls: Map<number, string>;

beforeEach(async () => {
  fakeBrowser.reset();
  await resetDb();
  tracker = new ProbeTracker();
  tabUrls = new Map();
  navigations = new TabFallbackCheck(async (tabId) => tabUrls.get(tabId));
});

type TestDeps = PipelineDeps & {
  onQueued: Mock<(entry: QueuedReport, suspicion?: Suspicion) => void>;
  isPrivateTab: Mock<(tabId: number) => Promise<boolean>>;
};

function deps(fetchImpl: typeof fetch, options: { privateTab?: boolean } = {}): TestDeps {
  return {
    tracker,
    navigations,
    client: { ...TEST_CLIENT },
    onQueued: vi.fn<(entry: QueuedReport, suspicion?: Suspicion) => void>(),
    isPrivateTab: vi.fn(async (_tabId: number) => options.privateTab ?? false),
    fetchImpl: withCanariesUp(fetchImpl),
  };
}

const resetEvent = {
  type: 'main_frame',
  tabId: 12,
  url: 'https://blocked.example.kz/politics/story?id=9#top',
  error: 'net::ERR_CONNECTION_RESET',
  timeStamp: Date.parse('2024-03-01T10:00:00Z'),
};

describe('intakeAutomatic', () => {
  it('queues a confirmed, signed tcp_reset report for a reset that the probe reproduces', async () => {
    const d = deps(failingFetch(tracker, 'net::ERR_CONNECTION_RESET'));
    const outcome = await intakeAutomatic(suspicionFromError(resetEvent), d);
    expect(outcome?.status).toBe('queued');
    const reports = await listReports();
    expect(reports).toHaveLength(1);
    const entry = reports[0]!;
    expect(entry.status).toBe('queued');
    expect(SignedReportSchema.safeParse(entry.signed).success).toBe(true);
    expect(entry.signed.report).toMatchObject({
      url: 'https://blocked.example.kz/',
      host: 'blocked.example.kz',
      trigger: 'auto',
      createdAt: '2024-03-01T10:00:00.000Z',
      verdict: { kind: 'tcp_reset', confirmed: true },
      evidence: { navigationError: 'net::ERR_CONNECTION_RESET', probe: { error: 'net::ERR_CONNECTION_RESET' } },
      client: { name: 'blockwatch', ...TEST_CLIENT },
      publicKey: (await getIdentity()).publicKey,
    });
    expect(await verifyReport(entry.signed.report, entry.signed.signature)).toBe(true);
    expect(d.onQueued).toHaveBeenCalledTimes(1);
    // With the suspicion, whose tab gets the finding and the badge.
    expect(d.onQueued).toHaveBeenCalledWith(entry, expect.objectContaining({ tabId: 12, host: 'blocked.example.kz' }));
    expect(await pendingSuspicions()).toEqual([]);
  });

  it('queues nothing and settles the suspicion when the probe loads the page', async () => {
    const d = deps(answeringFetch(tracker, 200));
    const outcome = await intakeAutomatic(suspicionFromError(resetEvent), d);
    expect(outcome).toMatchObject({ status: 'not-confirmed', probe: { ok: true, status: 200 } });
    expect(await listReports()).toEqual([]);
    expect(await pendingSuspicions()).toEqual([]);
    expect(d.onQueued).not.toHaveBeenCalled();
  });

  it('holds the report for review when automatic sending is off', async () => {
    await updateSettings({ autoSend: false });
    const d = deps(failingFetch(tracker, 'net::ERR_CONNECTION_RESET'));
    await intakeAutomatic(suspicionFromError(resetEvent), d);
    const reports = await listReports();
    expect(reports.map((e) => e.status)).toEqual(['held']);
  });

  it('does nothing when automatic detection is off', async () => {
    await updateSettings({ autoDetect: false });
    const fetchImpl = vi.fn(failingFetch(tracker, 'net::ERR_CONNECTION_RESET'));
    const d = deps(fetchImpl as typeof fetch);
    expect(await intakeAutomatic(suspicionFromError(resetEvent), d)).toBeNull();
    expect(fetchImpl).not.toHaveBeenCalled();
    expect(await listReports()).toEqual([]);
    expect(await pendingSuspicions()).toEqual([]);
  });

  it('does nothing for events that are not suspicions', async () => {
    const fetchImpl = vi.fn(failingFetch(tracker, 'net::ERR_CONNECTION_RESET'));
    expect(
      await intakeAutomatic(suspicionFromError({ ...resetEvent, error: 'net::ERR_ABORTED' }), deps(fetchImpl as typeof fetch)),
    ).toBeNull();
    expect(
      await intakeAutomatic(suspicionFromError({ ...resetEvent, url: 'http://192.168.0.1/' }), deps(fetchImpl as typeof fetch)),
    ).toBeNull();
    expect(fetchImpl).not.toHaveBeenCalled();
  });

  it('probes the same tab and host only once within the dedupe window', async () => {
    const fetchImpl = vi.fn(failingFetch(tracker, 'net::ERR_CONNECTION_RESET'));
    const d = deps(fetchImpl as typeof fetch);
    await intakeAutomatic(suspicionFromError(resetEvent), d);
    expect(await intakeAutomatic(suspicionFromError({ ...resetEvent, url: 'https://blocked.example.kz/other' }), d)).toBeNull();
    expect(fetchImpl).toHaveBeenCalledTimes(1);
    expect(await listReports()).toHaveLength(1);
  });

  it('keeps the path in the report only when the user opted in', async () => {
    await updateSettings({ urlDetail: 'path' });
    await intakeAutomatic(suspicionFromError(resetEvent), deps(failingFetch(tracker, 'net::ERR_CONNECTION_RESET')));
    expect((await listReports())[0]?.signed.report.url).toBe('https://blocked.example.kz/politics/story');
  });

  it('classifies by the probe’s own error', async () => {
    await intakeAutomatic(
      suspicionFromError({ ...resetEvent, error: 'net::ERR_CONNECTION_TIMED_OUT' }),
      deps(failingFetch(tracker, 'net::ERR_CERT_AUTHORITY_INVALID')),
    );
    expect((await listReports())[0]?.signed.report.verdict).toEqual({ kind: 'tls_mitm', confirmed: true });
  });

  it('queues a report for a host written with a trailing dot', async () => {
    const outcome = await intakeAutomatic(
      suspicionFromError({ ...resetEvent, url: 'https://blocked.example.kz./' }),
      deps(failingFetch(tracker, 'net::ERR_CONNECTION_RESET')),
    );
    expect(outcome?.status).toBe('queued');
    expect((await listReports())[0]?.signed.report.host).toBe('blocked.example.kz');
  });
});

describe('intakeAutomatic in private windows', () => {
  it('ignores tabs of private windows by default', async () => {
    const fetchImpl = vi.fn(failingFetch(tracker, 'net::ERR_CONNECTION_RESET'));
    const d = deps(fetchImpl as typeof fetch, { privateTab: true });
    expect(await intakeAutomatic(suspicionFromError(resetEvent), d)).toBeNull();
    expect(d.isPrivateTab).toHaveBeenCalledWith(resetEvent.tabId);
    expect(fetchImpl).not.toHaveBeenCalled();
    expect(await pendingSuspicions()).toEqual([]);
    expect(await listReports()).toEqual([]);
  });

  it('reports from private windows when the user allowed it', async () => {
    await updateSettings({ allowPrivateWindows: true });
    const d = deps(failingFetch(tracker, 'net::ERR_CONNECTION_RESET'), { privateTab: true });
    expect((await intakeAutomatic(suspicionFromError(resetEvent), d))?.status).toBe('queued');
    expect(await listReports()).toHaveLength(1);
  });
});

describe("intakeAutomatic and Chromium's HTTPS upgrade", () => {
  const upgraded = { ...resetEvent, url: 'https://plain.example.kz/' };

  it('drops a failed HTTPS upgrade that the browser followed with plain HTTP, and forgets it', async () => {
    const d = deps(failingFetch(tracker, 'net::ERR_CONNECTION_REFUSED'));
    const started = Date.now();
    const intake = intakeAutomatic(suspicionFromError(upgraded), d);
    // The browser falls back to http:// a moment after the https:// attempt failed.
    setTimeout(() => tabUrls.set(upgraded.tabId, 'http://plain.example.kz/'), 50);
    expect(await intake).toEqual({ status: 'http-fallback' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(FALLBACK_GRACE_MS - 20);
    expect(await listReports()).toEqual([]);
    expect(await pendingSuspicions()).toEqual([]);
    expect(d.onQueued).not.toHaveBeenCalled();
    // The tab and host are free to be suspected again (the HTTP load is watched on its own).
    expect(await admitSuspicion(makeSuspicion({ tabId: upgraded.tabId, host: 'plain.example.kz' }))).toBe(true);
  });

  it('still reports when the tab loaded plain HTTP of another host or in another tab', async () => {
    tabUrls.set(upgraded.tabId, 'http://other.example.kz/');
    tabUrls.set(upgraded.tabId + 1, 'http://plain.example.kz/');
    const outcome = await intakeAutomatic(suspicionFromError(upgraded), deps(failingFetch(tracker, 'net::ERR_CONNECTION_REFUSED')));
    expect(outcome?.status).toBe('queued');
    expect((await listReports())[0]?.signed.report.verdict).toEqual({ kind: 'unreachable', confirmed: true });
  });
});

describe('confirmSuspicion', () => {
  it('queues manual reports even when automatic sending is off, with kind ok when the page loads', async () => {
    await updateSettings({ autoSend: false });
    const suspicion = makeSuspicion({ trigger: 'manual', navigationError: undefined, note: 'Loads for me' });
    const outcome = await confirmSuspicion(suspicion, deps(answeringFetch(tracker, 200)));
    expect(outcome.status).toBe('queued');
    const [entry] = await listReports();
    expect(entry?.status).toBe('queued');
    expect(entry?.signed.report).toMatchObject({ trigger: 'manual', verdict: { kind: 'ok', confirmed: true }, note: 'Loads for me' });
  });
});

describe('resumePending', () => {
  it('probes again the suspicions a stopped worker left behind', async () => {
    await admitSuspicion(makeSuspicion({ tabId: 1, host: 'a.example.kz', url: 'https://a.example.kz/' }));
    await admitSuspicion(makeSuspicion({ tabId: 2, host: 'b.example.kz', url: 'https://b.example.kz/' }));
    const d = deps(failingFetch(tracker, 'net::ERR_NAME_NOT_RESOLVED'));
    await resumePending(d);
    expect(await pendingSuspicions()).toEqual([]);
    const reports = await listReports();
    expect(reports.map((e) => e.signed.report.host).sort()).toEqual(['a.example.kz', 'b.example.kz']);
    expect(reports.every((e) => e.signed.report.verdict.kind === 'dns')).toBe(true);
    expect(d.onQueued).toHaveBeenCalledTimes(2);
  });
});
