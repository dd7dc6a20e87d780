/** The user's settings in browser storage, always read through the rules of settings-rules.ts. */
import { browser } from 'wxt/browser';
import { DEFAULT_SETTINGS, type Settings, SettingsSchema, checkEndpoint } from './settings-rules';

const STORAGE_KEY = 'settings';

export async function loadSettings(): Promise<Settings> {
  const stored = (await browser.storage.local.get(STORAGE_KEY))[STORAGE_KEY];
  const merged = SettingsSchema.safeParse({ ...DEFAULT_SETTINGS, ...(stored as object | undefined) });
  return merged.success ? merged.data : DEFAULT_SETTINGS;
}

export type SettingsUpdate = { ok: true; settings: Settings } | { ok: false; error: string };

export async function updateSettings(patch: Partial<Settings>): Promise<SettingsUpdate> {
  const next = { ...(await loadSettings()), ...patch };
  if (typeof patch.endpoint === 'string') {
    const endpoint = checkEndpoint(patch.endpoint);
    if (!endpoint.ok) return { ok: false, error: endpoint.error };
    next.endpoint = endpoint.value;
  }
  const parsed = SettingsSchema.safeParse(next);
  if (!parsed.success) return { ok: false, error: parsed.error.issues.map((i) => i.message).join('; ') };
  await browser.storage.local.set({ [STORAGE_KEY]: parsed.data });
  return { ok: true, settings: parsed.data };
}
