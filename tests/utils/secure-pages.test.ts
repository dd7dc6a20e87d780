import { beforeEach, describe, expect, it, vi } from 'vitest';
import { SECURE_PAGES_SCRIPT, securePagesScript, syncSecurePages, type ScriptingApi } from '../../utils/pipeline/secure-pages';

const chromiumManifest = [
  { matches: ['http://*/*', 'https://*.example.org/*', 'https://*.example.net/*'], js: ['blockpage-scan.js'] },
  { matches: ['https://*/join', 'http://localhost/join'], js: ['content-scripts/join-link.js'] },
];

/** A scripting API with the browser's rule: an id registered twice is an error. */
type Script = Awaited<ReturnType<ScriptingApi['getRegisteredContentScripts']>>[number];

function fakeScripting(): ScriptingApi & { ids: Set<string>; scripts: Map<string, Script> } {
  const scripts = new Map<string, Script>();
  return {
    get ids() {
      return new Set(scripts.keys());
    },
    scripts,
    getRegisteredContentScripts: vi.fn(async (filter?: { ids?: string[] }) =>
      [...scripts.values()].filter((s) => !filter?.ids || filter.ids.includes(s.id)),
    ),
    registerContentScripts: vi.fn(async (list: Script[]) => {
      await new Promise((r) => setTimeout(r, 5));
      for (const s of list) {
        if (scripts.has(s.id)) throw new Error(`Duplicate script ID '${s.id}'`);
        scripts.set(s.id, s);
      }
    }),
    unregisterContentScripts: vi.fn(async (filter?: { ids?: string[] }) => {
      for (const id of filter?.ids ?? [...scripts.keys()]) scripts.delete(id);
    }),
  };
}

describe('the secure-pages registration', () => {
  it('runs the scanner on every secure page except those the manifest already covers', () => {
    expect(securePagesScript(chromiumManifest)).toEqual({
      id: SECURE_PAGES_SCRIPT,
      matches: ['https://*/*'],
      excludeMatches: ['https://*.example.org/*', 'https://*.example.net/*'],
      js: ['blockpage-scan.js'],
      runAt: 'document_idle',
      allFrames: false,
      persistAcrossSessions: true,
    });
  });

  it('is not needed where the manifest already runs the scanner everywhere (Firefox)', () => {
    expect(securePagesScript([{ matches: ['<all_urls>'], js: ['blockpage-scan.js'] }])).toBeNull();
    expect(securePagesScript([{ matches: ['http://*/*', 'https://*/*'], js: ['blockpage-scan.js'] }])).toBeNull();
    expect(securePagesScript([])).toBeNull();
  });
});

describe('syncSecurePages', () => {
  let scripting: ReturnType<typeof fakeScripting>;
  let granted: boolean;
  const deps = () => ({ scripting, manifestScripts: chromiumManifest, deeperChecks: async () => granted });

  beforeEach(() => {
    scripting = fakeScripting();
    granted = false;
  });

  it('registers when the deeper checks are granted and removes it when they are withdrawn', async () => {
    expect(await syncSecurePages(deps())).toBe('unchanged');
    expect(scripting.ids.size).toBe(0);
    granted = true;
    expect(await syncSecurePages(deps())).toBe('registered');
    expect([...scripting.ids]).toEqual([SECURE_PAGES_SCRIPT]);
    expect(await syncSecurePages(deps())).toBe('unchanged');
    granted = false;
    expect(await syncSecurePages(deps())).toBe('unregistered');
    expect(scripting.ids.size).toBe(0);
  });

  it('registers once when install, start-up and the permission change ask together', async () => {
    granted = true;
    const results = await Promise.all([syncSecurePages(deps()), syncSecurePages(deps()), syncSecurePages(deps())]);
    expect(results.sort()).toEqual(['registered', 'unchanged', 'unchanged']);
    expect(scripting.registerContentScripts).toHaveBeenCalledTimes(1);
  });

  it('replaces a registration made for an older watch list', async () => {
    granted = true;
    await syncSecurePages(deps());
    const updated = [{ ...chromiumManifest[0]!, matches: ['http://*/*', 'https://*.example.org/*', 'https://*.example.com/*'] }];
    expect(await syncSecurePages({ ...deps(), manifestScripts: updated })).toBe('registered');
    expect(scripting.scripts.get(SECURE_PAGES_SCRIPT)?.excludeMatches).toEqual(['https://*.example.org/*', 'https://*.example.com/*']);
    expect(await syncSecurePages({ ...deps(), manifestScripts: updated })).toBe('unchanged');
    expect(scripting.registerContentScripts).toHaveBeenCalledTimes(2);
  });

  it('finds the scanner by its plain-page pattern, whatever the order of the entries', () => {
    const reversed = [...chromiumManifest].reverse();
    expect(securePagesScript(reversed)?.js).toEqual(['blockpage-scan.js']);
  });

  it('keeps going after a failed attempt', async () => {
    granted = true;
    vi.mocked(scripting.registerContentScripts).mockRejectedValueOnce(new Error('worker stopping'));
    await expect(syncSecurePages(deps())).rejects.toThrow(/worker stopping/);
    expect(await syncSecurePages(deps())).toBe('registered');
  });

  it('does nothing without a scripting API or where the manifest covers every page', async () => {
    granted = true;
    expect(await syncSecurePages({ ...deps(), scripting: undefined })).toBe('unchanged');
    expect(await syncSecurePages({ ...deps(), manifestScripts: [{ matches: ['<all_urls>'], js: ['blockpage-scan.js'] }] })).toBe(
      'unchanged',
    );
    expect(scripting.registerContentScripts).not.toHaveBeenCalled();
  });
});
