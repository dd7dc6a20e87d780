/**
 * With the deeper checks granted, Chromium's content script also runs on the secure pages that the
 * manifest leaves out (every https:// page not on the watch list); without them, it does not. A
 * content script costs a few per cent of every page it runs on, which is why that is a choice.
 */

/** The id of the registration; the manifest's own content script has none. */
export const SECURE_PAGES_SCRIPT = 'blockwatch-secure-pages';

const ALL_SECURE_PAGES = 'https://*/*';
/** The manifest pattern of the plain pages the scanner always runs on (scripts/build/content-script-matches.ts). */
export const PLAIN_PAGES = 'http://*/*';

interface ManifestScript {
  matches?: string[];
  js?: string[];
}

interface RegisteredScript {
  id: string;
  matches?: string[];
  excludeMatches?: string[];
  js?: string[];
  runAt?: 'document_start' | 'document_end' | 'document_idle';
  allFrames?: boolean;
  persistAcrossSessions?: boolean;
}

/** The parts of `browser.scripting` used here. */
export interface ScriptingApi {
  getRegisteredContentScripts(filter?: { ids?: string[] }): Promise<RegisteredScript[]>;
  registerContentScripts(scripts: RegisteredScript[]): Promise<unknown>;
  unregisterContentScripts(filter?: { ids?: string[] }): Promise<unknown>;
}

export interface SecurePagesDeps {
  /** Absent in Firefox, whose manifest already runs the content script everywhere. */
  scripting: ScriptingApi | undefined;
  /** The manifest's content scripts, the one statement of where the script already runs. */
  manifestScripts: readonly ManifestScript[];
  deeperChecks(): Promise<boolean>;
}

/** The registration the deeper checks add, or null when the manifest already covers every secure page. */
export function securePagesScript(manifestScripts: readonly ManifestScript[]): RegisteredScript | null {
  // The block-page scanner is the manifest entry that runs on every plain http:// page.
  const scanner = manifestScripts.find((s) => s.matches?.some((m) => m === '<all_urls>' || m === PLAIN_PAGES));
  if (!scanner?.js?.length || scanner.matches!.some((m) => m === '<all_urls>' || m === ALL_SECURE_PAGES)) return null;
  const watched = scanner.matches!.filter((m) => m.startsWith('https://'));
  return {
    id: SECURE_PAGES_SCRIPT,
    matches: [ALL_SECURE_PAGES],
    // The watched sites already run it from the manifest: never twice on one page.
    ...(watched.length > 0 && { excludeMatches: watched }),
    js: scanner.js,
    runAt: 'document_idle',
    allFrames: false,
    persistAcrossSessions: true,
  };
}

const sameList = (a: readonly string[] = [], b: readonly string[] = []) => a.length === b.length && a.every((x, i) => x === b[i]);

function sameTargets(a: RegisteredScript, b: RegisteredScript): boolean {
  return sameList(a.matches, b.matches) && sameList(a.excludeMatches, b.excludeMatches) && sameList(a.js, b.js);
}

export type SecurePagesState = 'registered' | 'unregistered' | 'unchanged';

async function apply(deps: SecurePagesDeps): Promise<SecurePagesState> {
  const script = securePagesScript(deps.manifestScripts);
  if (!deps.scripting || !script) return 'unchanged';
  const [wanted, [present]] = await Promise.all([
    deps.deeperChecks(),
    deps.scripting.getRegisteredContentScripts({ ids: [SECURE_PAGES_SCRIPT] }),
  ]);
  // An update can change the watch list or the script's file: a registration made before it is replaced.
  if (wanted && present && sameTargets(present, script)) return 'unchanged';
  if (!wanted && !present) return 'unchanged';
  if (present) await deps.scripting.unregisterContentScripts({ ids: [SECURE_PAGES_SCRIPT] });
  if (!wanted) return 'unregistered';
  await deps.scripting.registerContentScripts([script]);
  return 'registered';
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Brings the registration in line with the permission. Install, start-up and a permission change
 * can all ask at once: one at a time, so no registration is made twice.
 */
export function syncSecurePages(deps: SecurePagesDeps): Promise<SecurePagesState> {
  const next = queue.then(() => apply(deps));
  queue = next.catch(() => undefined);
  return next;
}
