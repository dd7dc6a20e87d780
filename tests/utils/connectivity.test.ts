import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { NETWORK_BACK_MIN_INTERVAL_MS, NetworkWatch } from '../../utils/submit/network-back';
import { claimDue, enqueue, markForRetry } from '../../utils/queue/queue';
import { makeKeys, makeSigned, resetDb, type TestKeys } from '../support/fixtures';

const T0 = 1_700_000_000_000;
let keys: TestKeys;

beforeAll(async () => {
  keys = await makeKeys();
});

beforeEach(resetDb);

describe('NetworkWatch', () => {
  async function unreachableReport(now: number): Promise<string> {
    const signed = await makeSigned(keys, { host: `site${now}.example.kz` });
    await enqueue(signed, { now });
    await markForRetry([signed.report.id], 'the collector could not be reached', { now, failure: 'unreachable', random: () => 1 });
    return signed.report.id;
  }

  it('makes unreachable reports due when the network is back, and wakes the sender', async () => {
    const id = await unreachableReport(T0);
    const onDue = vi.fn();
    const watch = new NetworkWatch(onDue);
    expect(await watch.networkIsBack(T0 + 1_000)).toBe(1);
    expect(onDue).toHaveBeenCalledTimes(1);
    expect((await claimDue(10, T0 + 1_000)).map((e) => e.id)).toEqual([id]);
  });

  it('does not wake the sender when nothing was waiting', async () => {
    const onDue = vi.fn();
    expect(await new NetworkWatch(onDue).networkIsBack(T0 + 2_000)).toBe(0);
    expect(onDue).not.toHaveBeenCalled();
  });

  it('acts at most once a minute, so a down collector is not retried on every page', async () => {
    await unreachableReport(T0);
    const onDue = vi.fn();
    const watch = new NetworkWatch(onDue);
    expect(await watch.networkIsBack(T0 + 1_000)).toBe(1);
    await claimDue(10, T0 + 1_000);
    const second = await unreachableReport(T0 + 50_000); // due at T0 + 65 s
    expect(await watch.networkIsBack(T0 + 50_500)).toBe(0);
    expect(await claimDue(10, T0 + 50_500)).toEqual([]);
    expect(await watch.networkIsBack(T0 + 1_000 + NETWORK_BACK_MIN_INTERVAL_MS)).toBe(1);
    expect((await claimDue(10, T0 + 1_000 + NETWORK_BACK_MIN_INTERVAL_MS)).map((e) => e.id)).toEqual([second]);
    expect(onDue).toHaveBeenCalledTimes(2);
  });
});
