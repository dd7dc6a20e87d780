import { suspicionFromCandidate } from '../blockpage/evidence';
import { suspicionFromSlowPage } from '../observe/slow-page';
import type { Handlers, MessageSender, Result } from '../ui-api/messages';
import { countByStatus, deleteAllReports, deleteReport, dismissRefused, listReports, queueStatus, resendReport } from '../queue/queue';
import { othersStatus } from './others-status';
import { getReport } from '../ui-api/report-query';
import { loadSettings, updateSettings } from '../storage/settings';
import * as ui from './ui-handlers';
import type { Suspicion } from '../storage/records';

export interface HandlerEvents {
  onSettingsSaved?: () => void;
  onQueueChanged?: () => void;
  onBlockpageCandidate?: (s: Suspicion) => void;
  /** A collector's join page was clicked; answers whether the confirmation page opened. */
  onJoinCollector?: (sender: MessageSender | undefined) => Promise<boolean>;
  ui?: ui.UiDeps;
}

/**
 * The background's answers to the extension's own pages. `onQueueChanged` runs after the user
 * changed the queue (resend, delete, dismiss): the background sends what is due and updates the
 * toolbar warning. `onBlockpageCandidate` takes a content script's sighting of a block page.
 * `ui` gives the popup its tab and the one-click report its pipeline.
 */
export function createHandlers({
  onSettingsSaved = () => undefined,
  onQueueChanged = () => undefined,
  onBlockpageCandidate = () => undefined,
  onJoinCollector = async () => false,
  ui: uiDeps,
}: HandlerEvents = {}): Handlers {
  const withUi = async <T>(run: (deps: ui.UiDeps) => Promise<T>): Promise<Result<T>> =>
    uiDeps ? { ok: true, data: await run(uiDeps) } : { ok: false, error: 'not available here' };
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
    blockpageCandidate: async (payload, sender) => {
      // A page that is only slow carries no sign of a block page: it is a suspicion of throttling.
      const blockpageSigns = payload.signals.length > 0 || payload.status !== undefined;
      const suspicion = !sender
        ? null
        : blockpageSigns
          ? suspicionFromCandidate(sender, payload.status)
          : suspicionFromSlowPage(sender, payload.timing);
      if (suspicion) onBlockpageCandidate(suspicion);
      return { ok: true, data: { queued: suspicion !== null } };
    },
    joinCollector: async (_payload, sender) => ({ ok: true, data: { opened: await onJoinCollector(sender) } }),
    popupState: ({ tabId }) => withUi((deps) => ui.popupState(tabId, deps)),
    reportSite: ({ tabId, note }) => withUi((deps) => ui.reportTab(tabId, note, deps)),
    queryReports: async ({ filter, offset, limit }) => ({ ok: true, data: await ui.history(filter, offset, limit) }),
    getReport: async ({ id }) => ({ ok: true, data: await getReport(id) }),
    exportReports: async ({ filter }) => ({ ok: true, data: await ui.exportReports(filter) }),
    testEndpoint: async ({ endpoint }) => ({ ok: true, data: await ui.testCollector(endpoint) }),
    keyInfo: async () => ({ ok: true, data: await ui.keyInfo() }),
    rotateKey: async () => ({ ok: true, data: await ui.rotateKey() }),
    othersStatus: ({ tabId }) => withUi((deps) => othersStatus(tabId, deps)),
  };
}
