import { browser } from 'wxt/browser';
import { queueStatus, type QueueStatus } from './queue';

export const WARNING_BADGE = '!';
const WARNING_COLOR = '#b3261e';

/** The words behind the toolbar's "!" badge; null when there is nothing to warn about. */
export function queueWarning(status: QueueStatus): string | null {
  const cap = status.cap.toLocaleString('en');
  if (status.full && status.refused > 0) {
    return `Blockwatch: ${cap} reports are waiting to be sent, its limit. ${status.refused} new report(s) could not be saved. Open the report history.`;
  }
  if (status.full)
    return `Blockwatch: ${cap} reports are waiting to be sent, its limit. New reports cannot be saved until some are sent or deleted.`;
  if (status.refused > 0)
    return `Blockwatch: ${status.refused} report(s) could not be saved because the queue was full. Open the report history.`;
  return null;
}

/**
 * Shows or clears the toolbar warning. Without a toolbar button (no `action` in the manifest) the
 * warning is still available to the extension's pages through `queueStatus`.
 */
export async function showQueueWarning(status: QueueStatus): Promise<void> {
  const action = browser.action;
  if (!action) return;
  const warning = queueWarning(status);
  await action.setBadgeText({ text: warning ? WARNING_BADGE : '' });
  if (warning) await action.setBadgeBackgroundColor({ color: WARNING_COLOR });
  await action.setTitle({ title: warning ?? 'Blockwatch' });
}

/** Reads the queue and brings the toolbar warning up to date. */
export async function refreshQueueWarning(): Promise<void> {
  await showQueueWarning(await queueStatus());
}
