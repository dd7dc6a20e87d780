/**
 * "Settled": nothing left in the extension that could still become a report, read from its own
 * IndexedDB through an extension page. A suspicion stays in the `suspicions` store from the moment
 * it is admitted until its probe, classification and queuing are done (utils/pipeline/pipeline.ts settles it
 * only after the report is queued), so an empty store means no probe is running for a page; an
 * open or closed outage means a report may still come when the network returns; a report in
 * `sending` is on its way to the collector. A manual report (the popup's button) is probed without
 * entering the store: a test that presses the button waits for its outcome itself.
 */
import type { Page } from 'playwright-core';

export interface PipelineState {
  /** Suspicions admitted and not yet settled: each is being probed and classified. */
  suspicions: number;
  /** Failures held back during an open outage. */
  held: number;
  /** Open outages, and closed ones whose report is not queued yet. */
  outages: number;
  /** Reports handed to the collector and not yet answered. */
  sending: number;
  /** Reports waiting for delivery (queued or held for review). */
  waiting: number;
}

/**
 * How long the stores must stay empty before the extension counts as settled. It must outlast the
 * longest way a page event can still turn into a stored suspicion after the stores were last seen
 * empty: a content script runs at document_idle, at most 200 ms after DOMContentLoaded in Chromium,
 * then messages the worker, which reads the settings, asks for the tab and writes the suspicion
 * (a few IndexedDB and storage calls, well under 100 ms on an idle machine). 3 s leaves ten times
 * that for two busy shared cores. A running probe (up to 15 s), the checks after it (5 s each) and
 * the minute-long recovery check need no wait of their own: they keep a suspicion, held failure or
 * outage in the stores for as long as they run.
 */
export const QUIET_MS = 3_000;

/** Reads the extension's pipeline state from inside one of its pages. */
export async function pipelineState(page: Page): Promise<PipelineState> {
  return page.evaluate(
    () =>
      new Promise<PipelineState>((resolve, reject) => {
        const request = indexedDB.open('blockwatch');
        // No database yet: nothing has happened. Creating one here would get in the extension's way.
        request.onupgradeneeded = () => request.transaction!.abort();
        request.onerror = () =>
          request.error?.name === 'AbortError'
            ? resolve({ suspicions: 0, held: 0, outages: 0, sending: 0, waiting: 0 })
            : reject(request.error);
        request.onsuccess = () => {
          const db = request.result;
          const tx = db.transaction(['suspicions', 'held', 'outage', 'reports'], 'readonly');
          const status = tx.objectStore('reports').index('status');
          const counts = {
            suspicions: tx.objectStore('suspicions').count(),
            held: tx.objectStore('held').count(),
            outages: tx.objectStore('outage').count(),
            sending: status.count('sending'),
            queued: status.count('queued'),
            reviewing: status.count('held'),
          };
          tx.oncomplete = () => {
            db.close();
            resolve({
              suspicions: counts.suspicions.result,
              held: counts.held.result,
              outages: counts.outages.result,
              sending: counts.sending.result,
              waiting: counts.queued.result + counts.reviewing.result,
            });
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

export interface SettleOptions {
  /** Continuous quiet required; QUIET_MS unless a test knows better. */
  quietMs?: number;
  timeoutMs?: number;
  /** Also wait until no report waits for delivery (when the collector is reachable). */
  delivered?: boolean;
}

/**
 * Waits until nothing is in flight (no suspicion, held failure, outage or send) and it stays so
 * for `quietMs`. Answers the state it ended on; fails with the last state seen.
 */
export async function settled(
  page: Page,
  { quietMs = QUIET_MS, timeoutMs = 120_000, delivered = false }: SettleOptions = {},
): Promise<PipelineState> {
  const deadline = Date.now() + timeoutMs;
  let quietSince: number | undefined;
  let last: PipelineState | undefined;
  for (;;) {
    last = await pipelineState(page);
    const busy = last.suspicions + last.held + last.outages + last.sending + (delivered ? last.waiting : 0) > 0;
    const now = Date.now();
    if (busy) quietSince = undefined;
    else if (quietSince === undefined) quietSince = now;
    else if (now - quietSince >= quietMs) return last;
    if (now > deadline) throw new Error(`the extension did not settle within ${timeoutMs} ms: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
