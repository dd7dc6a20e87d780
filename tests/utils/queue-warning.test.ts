import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { enqueue, QUEUE_CAP, type QueueStatus } from '../../utils/queue/queue';
import { queueWarning, refreshQueueWarning, showQueueWarning, WARNING_BADGE } from '../../utils/queue/warning';
import { makeKeys, makeSigned, resetDb, type TestKeys } from '../support/fixtures';

const counts = { held: 0, queued: 0, sending: 0, sent: 0, rejected: 0 };
const status = (overrides: Partial<QueueStatus>): QueueStatus => ({ counts, cap: 10_000, full: false, refused: 0, ...overrides });
let keys: TestKeys;

beforeAll(async () => {
  keys = await makeKeys();
});

beforeEach(async () => {
  fakeBrowser.reset();
  await resetDb();
});

describe('queueWarning', () => {
  it('says nothing when there is room and nothing was refused', () => {
    expect(queueWarning(status({}))).toBeNull();
  });

  it('explains a full queue, refused reports, or both', () => {
    expect(queueWarning(status({ full: true }))).toMatch(/10,000 reports are waiting.*cannot be saved/);
    expect(queueWarning(status({ refused: 3 }))).toMatch(/3 report\(s\) could not be saved because the queue was full/);
    expect(queueWarning(status({ full: true, refused: 2 }))).toMatch(/10,000.*2 new report\(s\) could not be saved/);
  });
});

describe('showQueueWarning', () => {
  it('shows "!" with the explanation as the button title, and clears both when resolved', async () => {
    await showQueueWarning(status({ full: true, refused: 1 }));
    expect(await fakeBrowser.action.getBadgeText({})).toBe(WARNING_BADGE);
    expect(await fakeBrowser.action.getTitle({})).toMatch(/could not be saved/);
    await showQueueWarning(status({}));
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
    expect(await fakeBrowser.action.getTitle({})).toBe('Blockwatch');
  });
});

describe('refreshQueueWarning', () => {
  it('reads the real queue: a refused report raises the warning', async () => {
    await refreshQueueWarning();
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
    await enqueue(await makeSigned(keys, { host: 'a.example.kz' }));
    await expect(enqueue(await makeSigned(keys, { host: 'b.example.kz' }), { cap: 1 })).rejects.toThrow();
    await refreshQueueWarning();
    expect(await fakeBrowser.action.getBadgeText({})).toBe(WARNING_BADGE);
    expect(QUEUE_CAP).toBeGreaterThan(1);
  });
});
