import { suspicionFromCandidate } from './blockpage';
import type { Suspicion } from './detection';
import type { Handlers } from './messaging';
import { countByStatus, listReports } from './queue';
import { loadSettings, updateSettings } from './settings';

/** The background's answers to the extension's own pages. */
export function createHandlers(onSettingsSaved: () => void, onBlockpageCandidate: (s: Suspicion) => void = () => undefined): Handlers {
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
    // Only a suspicion: the background fetches the page itself before anything is reported.
    blockpageCandidate: async (_payload, sender) => {
      const suspicion = sender ? suspicionFromCandidate(sender) : null;
      if (suspicion) onBlockpageCandidate(suspicion);
      return { ok: true, data: { queued: suspicion !== null } };
    },
  };
}
