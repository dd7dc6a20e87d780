import { suspicionFromCandidate } from './blockpage';
import type { Suspicion } from './detection';
import type { Handlers } from './messaging';
import { countByStatus, deleteAllReports, deleteReport, dismissRefused, listReports, queueStatus, resendReport } from './queue';
import { loadSettings, updateSettings } from './settings';

/**
 * The background's answers to the extension's own pages. `onQueueChanged` runs after the user
 * changed the queue (resend, delete, dismiss): the background sends what is due and updates the
 * toolbar warning. `onBlockpageCandidate` takes a content script's sighting of a block page.
 */
export function createHandlers(
  onSettingsSaved: () => void,
  onQueueChanged: () => void = () => undefined,
  onBlockpageCandidate: (s: Suspicion) => void = () => undefined,
): Handlers {
  return {
    getSettings: async () => ({ ok: true, data: await loadSettings() }),
    saveSettings: async (patch) => {
      const result = await updateSettings(patch);
      if (!result.ok) return { ok: false, error: result.error };
      onSettingsSaved();
      return { ok: true, data: result.settings };
    },
    listReports: async () => ({ ok: true, data: await listReports() }),
    countReports: async () => ({ ok: true, data: await countByStatus() }),
    resendReport: async ({ id }) => {
      const resent = await resendReport(id);
      if (resent) onQueueChanged();
      return { ok: true, data: resent };
    },
    deleteReport: async ({ id }) => {
      const deleted = await deleteReport(id);
      onQueueChanged();
      return { ok: true, data: deleted };
    },
    deleteAllReports: async () => {
      const deleted = await deleteAllReports();
      onQueueChanged();
      return { ok: true, data: deleted };
    },
    queueStatus: async () => ({ ok: true, data: await queueStatus() }),
    dismissQueueWarning: async () => {
      await dismissRefused();
      onQueueChanged();
      return { ok: true, data: await queueStatus() };
    },
    // Only a suspicion: the background fetches the page itself before anything is reported.
    blockpageCandidate: async (_payload, sender) => {
      const suspicion = sender ? suspicionFromCandidate(sender) : null;
      if (suspicion) onBlockpageCandidate(suspicion);
      return { ok: true, data: { queued: suspicion !== null } };
    },
  };
}
