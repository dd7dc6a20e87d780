/**
 * The one report an outage produces cannot be lost between closing the outage and queuing it:
 * not when queuing fails, not when the service worker stops in between (a fresh module graph over
 * the same IndexedDB stands in for the next worker), and it is never queued twice.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { OUTAGE_ALARM } from '../../utils/classify/outage';
import type { RecoveryIo } from '../../utils/pipeline/outage-report';
import type { CanaryCheck } from '../../utils/storage/records';
import { makeSuspicion, resetDb, TEST_CLIENT } from '../support/fixtures';

const T0 = Date.parse('2024-03-01T10:00:00.000Z');
const down: CanaryCheck = {
  checked: 1,
  reachable: 0,
  results: [{ url: 'https://canary-one.example/', ok: false, error: 'net::ERR_CONNECTION_RESET', ms: 20 }],
};
const up: CanaryCheck = { checked: 1, reachable: 1, results: [{ url: 'https://canary-one.example/', ok: true, status: 200, ms: 80 }] };

/**
 * One service worker's modules. A worker that stops leaves its calls hanging for good; the next one
 * starts with fresh module state (no open connection, no queue of calls) over the same IndexedDB.
 */
async function startWorker() {
  vi.resetModules();
  const [db, outage, report, queue, suspicions] = await Promise.all([
    import('../../utils/storage/db'),
    import('../../utils/classify/outage'),
    import('../../utils/pipeline/outage-report'),
    import('../../utils/queue/queue'),
    import('../../utils/observe/suspicion'),
  ]);
  /** The real queuing path: signs and enqueues, as the background does. */
  const realQueue: RecoveryIo['queueOutage'] = (o, end, recovery, held, reportId) =>
    report.queueOutageReport(o, end, recovery, held, { client: { ...TEST_CLIENT }, onQueued: () => undefined }, reportId);
  const outageReports = async () => (await queue.listReports()).filter((e) => e.signed.report.verdict.kind === 'outage');
  return { ...outage, ...report, ...queue, ...suspicions, closeDb: db.closeDb, realQueue, outageReports };
}
type Worker = Awaited<ReturnType<typeof startWorker>>;
let w: Worker;

function io(queueOutage: RecoveryIo['queueOutage'], now = T0 + 60_000): RecoveryIo {
  return { checkCanaries: vi.fn(async () => up), queueOutage, reprobe: vi.fn(async () => undefined), now: () => now };
}

async function nextWorker(): Promise<Worker> {
  await w.closeDb();
  return startWorker();
}

beforeEach(async () => {
  fakeBrowser.reset();
  await resetDb();
  w = await startWorker();
  await w.holdForOutage(makeSuspicion({ host: 'a.example.kz', observedAt: T0 }), down, T0);
  await w.holdForOutage(makeSuspicion({ host: 'b.example.kz', observedAt: T0 + 5 }), down, T0 + 5);
});

describe('closing an outage and queuing its report', () => {
  it('keeps the report when queuing fails, and queues it on the next call without asking the canaries again', async () => {
    const failing = vi.fn<RecoveryIo['queueOutage']>(async () => {
      throw new Error('storage is full');
    });
    await expect(w.recoverFromOutage(io(failing))).rejects.toThrow('storage is full');
    expect(await w.currentOutage()).toBeUndefined();
    expect(await w.outageReports()).toEqual([]);
    // The held sites were probed again all the same, and the alarm stays to retry the report.
    expect((await w.pendingSuspicions()).map((s) => s.host).sort()).toEqual(['a.example.kz', 'b.example.kz']);
    expect(await fakeBrowser.alarms.get(OUTAGE_ALARM)).toBeDefined();

    const later = io(w.realQueue, T0 + 10 * 60_000);
    expect(await w.recoverFromOutage(later)).toBe('none');
    expect(later.checkCanaries).not.toHaveBeenCalled();
    const [report, ...more] = await w.outageReports();
    expect(more).toEqual([]);
    // The period is the one measured when the outage closed, not when the report was finally queued.
    expect(report!.signed.report.evidence.outage).toEqual({ start: '2024-03-01T10:00:00.000Z', end: '2024-03-01T10:01:00.000Z', held: 2 });
    expect(report!.id).toBe(failing.mock.calls[0]![4]);
    expect(await w.closedOutages()).toEqual([]);
    expect(await fakeBrowser.alarms.get(OUTAGE_ALARM)).toBeUndefined();
  });

  it('queues the report in the next worker when the worker stops after closing, before queuing', async () => {
    // The worker stops while the report is being queued: the call never returns.
    const stopped = vi.fn<RecoveryIo['queueOutage']>(() => new Promise<never>(() => undefined));
    void w.recoverFromOutage(io(stopped));
    await vi.waitFor(() => expect(stopped).toHaveBeenCalled());
    expect(await w.currentOutage()).toBeUndefined();

    const next = await nextWorker();
    expect(await next.recoverFromOutage(io(next.realQueue))).toBe('none');
    const reports = await next.outageReports();
    expect(reports).toHaveLength(1);
    expect(reports[0]!.id).toBe(stopped.mock.calls[0]![4]);
    expect(await next.closedOutages()).toEqual([]);
  });

  it('queues no second report when the worker stops after queuing, before forgetting the closed outage', async () => {
    // The report reaches the queue, then the worker stops before the closed outage is deleted.
    const queuedThenStopped = vi.fn(async (...args: Parameters<RecoveryIo['queueOutage']>) => {
      await w.realQueue(...args);
      return new Promise<never>(() => undefined);
    });
    void w.recoverFromOutage(io(queuedThenStopped));
    await vi.waitFor(async () => expect(await w.outageReports()).toHaveLength(1));
    expect(await w.closedOutages()).toHaveLength(1);

    const next = await nextWorker();
    expect(await next.recoverFromOutage(io(next.realQueue))).toBe('none');
    expect(await next.outageReports()).toHaveLength(1);
    expect(await next.closedOutages()).toEqual([]);
  });

  it('gives up a report the full queue refused (the refusal is counted and shown), instead of retrying it forever', async () => {
    const full = vi.fn(async () => {
      throw new w.QueueFullError(10_000);
    });
    expect(await w.recoverFromOutage(io(full))).toBe('recovered');
    expect(await w.closedOutages()).toEqual([]);
    const again = io(full);
    expect(await w.recoverFromOutage(again)).toBe('none');
    expect(full).toHaveBeenCalledTimes(1);
  });

  it('queues a left-over report once, however many calls arrive together', async () => {
    await expect(w.recoverFromOutage(io(async () => Promise.reject(new Error('busy'))))).rejects.toThrow('busy');
    const queue = vi.fn(w.realQueue);
    const calls = io(queue);
    await Promise.all([w.recoverFromOutage(calls), w.recoverFromOutage(calls), w.recoverFromOutage(calls)]);
    expect(queue).toHaveBeenCalledTimes(1);
    expect(await w.outageReports()).toHaveLength(1);
  });
});
