import type { Handlers } from './messaging';
import { countByStatus, listReports } from './queue';
import { loadSettings, updateSettings } from './settings';

/** The background's answers to the extension's own pages. */
export function createHandlers(onSettingsSaved: () => void): Handlers {
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
  };
}
