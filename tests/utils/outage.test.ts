import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { closeDb, getDb } from '../../utils/storage/db';
import { admitSuspicion, pendingSuspicions } from '../../utils/observe/suspicion';
import { closeOutage, currentOutage, heldSuspicions, holdForOutage, OUTAGE_ALARM } from '../../utils/classify/outage';
import { queueOutageReport, recoverFromOutage, type RecoveryIo } from '../../utils/pipeline/outage-report';
import { listReports } from '../../utils/queue/queue';
import { SignedReportSchema } from '../../utils/protocol/report-schema';
import { verifyReport } from '../../utils/protocol/signing';
import { makeSuspicion, openVersion1Db, resetDb, TEST_CLIENT } from '../support/fixtures';
import type { CanaryCheck } from '../../utils/storage/records';

const T0 = Date.parse('2024-03-01T10:00:00.000Z');

const down: CanaryCheck = {
  checked: 2,
  reachable: 0,
  results: [
    { url: 'https://canary-one.example/', ok: false, error: 'net::ERR_CONNECTION_RESET', ms: 20 },
    { url: 'https://canary-two.example/', ok: false, error: 'net::ERR_CONNECTION_RESET', ms: 21 },
  ],
};
const up: CanaryCheck = {
  checked: 2,
  reachable: 1,
  results: [
    { url: 'https://canary-one.example/', ok: false, error: 'net::ERR_TIMED_OUT', ms: 5000 },
    { url: 'https://canary-two.example/', ok: true, status: 200, ms: 80 },
  ],
};

beforeEach(async () => {
  fakeBrowser.reset();
  await resetDb();
});

describe('holdForOutage', () => {
  it('moves the suspicion out of the pending ones and opens one outage from the earliest failure', async () => {
    const a = makeSuspicion({ host: 'a.example.kz', observedAt: T0 + 5_000 });
    const b = makeSuspicion({ host: 'b.example.kz', observedAt: T0 });
    await admitSuspicion(a);
    await admitSuspicion(b);
    await holdForOutage(a, down, T0 + 6_000);
    await holdForOutage(b, { ...down, checked: 9 }, T0 + 7_000);
    expect(await currentOutage()).toEqual({ id: 'current', startedAt: T0, canaries: down });
    expect((await heldSuspicions()).map((s) => s.host).sort()).toEqual(['a.example.kz', 'b.example.kz']);
    expect(await pendingSuspicions()).toEqual([]);
    expect(await fakeBrowser.alarms.get(OUTAGE_ALARM)).toMatchObject({ periodInMinutes: 1 });
  });
});

describe('closeOutage', () => {
  it('gives the outage to exactly one caller and puts the held suspicions back among the pending', async () => {
    await holdForOutage(makeSuspicion({ host: 'a.example.kz' }), down);
    const [first, second] = await Promise.all([closeOutage(), closeOutage()]);
    expect([first, second].filter(Boolean)).toHaveLength(1);
    expect((first ?? second)!.held.map((s) => s.host)).toEqual(['a.example.kz']);
    expect(await currentOutage()).toBeUndefined();
    expect(await heldSuspicions()).toEqual([]);
    expect((await pendingSuspicions()).map((s) => s.host)).toEqual(['a.example.kz']);
  });
});

describe('recoverFromOutage', () => {
  function io(check: CanaryCheck): RecoveryIo & { queueOutage: ReturnType<typeof vi.fn>; reprobe: ReturnType<typeof vi.fn> } {
    return {
      checkCanaries: vi.fn(async () => check),
      queueOutage: vi.fn(async () => undefined),
      reprobe: vi.fn(async () => undefined),
      now: () => T0 + 60_000,
    };
  }

  it('does nothing, not even a canary check, without an open outage', async () => {
    const calls = io(up);
    expect(await recoverFromOutage(calls)).toBe('none');
    expect(calls.checkCanaries).not.toHaveBeenCalled();
  });

  it('keeps holding while the canaries still fail', async () => {
    await holdForOutage(makeSuspicion(), down, T0);
    const calls = io(down);
    expect(await recoverFromOutage(calls)).toBe('still-down');
    expect(calls.queueOutage).not.toHaveBeenCalled();
    expect(await heldSuspicions()).toHaveLength(1);
  });

  it('reports the outage once with its period and probes every held site again', async () => {
    const a = makeSuspicion({ host: 'a.example.kz', observedAt: T0 });
    const b = makeSuspicion({ host: 'b.example.kz', observedAt: T0 + 1 });
    await holdForOutage(a, down, T0);
    await holdForOutage(b, down, T0 + 1);
    const calls = io(up);
    const results = await Promise.all([recoverFromOutage(calls), recoverFromOutage(calls)]);
    expect(results.sort()).toEqual(['none', 'recovered']);
    expect(calls.queueOutage).toHaveBeenCalledTimes(1);
    expect(calls.queueOutage).toHaveBeenCalledWith({ id: 'current', startedAt: T0, canaries: down }, T0 + 60_000, up, 2);
    expect(calls.reprobe.mock.calls.map(([s]) => s.host).sort()).toEqual(['a.example.kz', 'b.example.kz']);
    expect(await fakeBrowser.alarms.get(OUTAGE_ALARM)).toBeUndefined();
  });
});

describe('queueOutageReport', () => {
  it('queues one signed outage report naming the canary, never a visited site', async () => {
    const onQueued = vi.fn();
    const entry = await queueOutageReport({ id: 'current', startedAt: T0, canaries: down }, T0 + 90_000, up, 4, {
      client: { ...TEST_CLIENT },
      onQueued,
    });
    expect(SignedReportSchema.safeParse(entry.signed).success).toBe(true);
    expect(await verifyReport(entry.signed.report, entry.signed.signature)).toBe(true);
    expect(entry.signed.report).toMatchObject({
      url: 'https://canary-two.example/',
      host: 'canary-two.example',
      trigger: 'auto',
      createdAt: '2024-03-01T10:00:00.000Z',
      verdict: { kind: 'outage', confirmed: true },
      evidence: { canaries: down, outage: { start: '2024-03-01T10:00:00.000Z', end: '2024-03-01T10:01:30.000Z', held: 4 } },
    });
    expect(onQueued).toHaveBeenCalledWith(entry);
    expect((await listReports()).map((e) => e.status)).toEqual(['queued']);
  });
});

describe('the version 3 database', () => {
  it('upgrades a version 1 database without losing what it held', async () => {
    await closeDb();
    const old = await openVersion1Db();
    await old.put('recent', { key: '1|example.kz', at: 42 });
    old.close();
    const db = await getDb();
    expect(db.version).toBe(3);
    expect(await db.get('recent', '1|example.kz')).toEqual({ key: '1|example.kz', at: 42 });
    await holdForOutage(makeSuspicion(), down);
    expect(await heldSuspicions()).toHaveLength(1);
  });
});
