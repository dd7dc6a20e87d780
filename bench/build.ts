// The benchmarks measure the built extension. A fresh clone has none, and a build older than the
// source would measure the wrong code, so the runner builds when either is the case.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SOURCES = [
  'entrypoints',
  'utils',
  'components',
  'public',
  'assets',
  'wxt.config.ts',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
];

/** Whether a build made at `builtAt` (ms; undefined when there is none) predates any source. */
export function isStale(builtAt: number | undefined, sourceTimes: number[]): boolean {
  return builtAt === undefined || sourceTimes.some((t) => t > builtAt);
}

function mtimes(path: string): number[] {
  if (!existsSync(path)) return [];
  const stat = statSync(path);
  if (!stat.isDirectory()) return [stat.mtimeMs];
  return readdirSync(path).flatMap((entry) => mtimes(join(path, entry)));
}

/** The two Chromium builds the benchmarks load: the default one and the one with the deeper checks granted. */
const BUILDS = [
  { dir: 'chrome-mv3', env: {} },
  { dir: 'chrome-mv3-deeper', env: { BLOCKWATCH_DEEPER_CHECKS: '1' } },
];

/** Builds each of `.output/chrome-mv3` and `.output/chrome-mv3-deeper` unless it is newer than every source file. */
export function ensureBuilt(root: string): 'fresh' | 'built' {
  const sources = SOURCES.flatMap((s) => mtimes(join(root, s)));
  let built: 'fresh' | 'built' = 'fresh';
  for (const { dir, env } of BUILDS) {
    const manifest = join(root, '.output', dir, 'manifest.json');
    const builtAt = existsSync(manifest) ? statSync(manifest).mtimeMs : undefined;
    if (!isStale(builtAt, sources)) continue;
    console.error(`the ${dir} build is missing or older than its source: running wxt build …`);
    const result = spawnSync(join(root, 'node_modules', '.bin', 'wxt'), ['build'], {
      cwd: root,
      stdio: ['ignore', 2, 2],
      env: { ...process.env, ...env },
    });
    if (result.status !== 0) throw new Error(`wxt build failed (exit ${result.status ?? result.signal})`);
    built = 'built';
  }
  return built;
}
