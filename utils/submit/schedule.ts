import { browser } from 'wxt/browser';
import { nextDueAt, releaseInterrupted, unreachableWaiting } from '../queue/queue';
import { refreshQueueWarning } from '../queue/warning';
import { loadSettings } from '../storage/settings';
import { flushQueue, type FlushSummary } from './submit';

export const FLUSH_ALARM = 'blockwatch-flush';
/** Chromium does not fire alarms sooner than 30 s; a wake-up also happens on every start. */
const MIN_ALARM_DELAY_MS = 30_000;
/**
 * While reports wait because the collector could not be reached, the alarm comes at least this
 * often to see whether the network is back (network-back.ts): an alarm that exists only while
 * something waits costs nothing, where watching every page load would wake the worker for each.
 */
export const NETWORK_CHECK_MS = 60_000;

let running: Promise<FlushSummary> | undefined;
let again = false;
let started: Promise<unknown> | undefined;

/**
 * The first flush of each service worker takes back what a stopped one left `sending`, before it
 * claims anything itself, so a restart does not wait out the lease.
 */
function takeOverFromStoppedWorker(): Promise<unknown> {
  started ??= releaseInterrupted();
  return started;
}

/**
 * Sends what is due now and sets an alarm for what is due later. Calls that arrive during a send
 * fold into one more pass, so a report queued mid-send is not left waiting for the alarm.
 */
export function requestFlush(): Promise<FlushSummary> {
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    let total: FlushSummary = { sent: 0, rejected: 0, retried: 0 };
    try {
      await takeOverFromStoppedWorker();
      do {
        again = false;
        const { endpoint } = await loadSettings();
        const summary = await flushQueue(endpoint);
        total = { sent: total.sent + summary.sent, rejected: total.rejected + summary.rejected, retried: total.retried + summary.retried };
      } while (again);
    } finally {
      running = undefined;
      await scheduleWakeUp().catch(() => undefined);
      await refreshQueueWarning().catch(() => undefined);
    }
    return total;
  })();
  return running;
}

export async function scheduleWakeUp(now = Date.now()): Promise<void> {
  const { endpoint } = await loadSettings();
  const due = endpoint ? await nextDueAt() : null;
  if (due === null) {
    await browser.alarms.clear(FLUSH_ALARM);
    return;
  }
  const check = due > now + NETWORK_CHECK_MS && (await unreachableWaiting(now)) ? now + NETWORK_CHECK_MS : due;
  await browser.alarms.create(FLUSH_ALARM, { when: Math.max(check, now + MIN_ALARM_DELAY_MS) });
}
