// The benchmarks measure the built extension. A fresh clone has none, and a build older than the
// source would measure the wrong code, so the runner builds when either is the case.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SOURCES = ['entrypoints', 'utils', 'components', 'public', 'assets', 'wxt.config.ts', 'package.json', 'package-lock.json', 'tsconfig.json'];

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

/** Builds `.output/chrome-mv3` with `wxt build` unless it is newer than every source file. */
export function ensureBuilt(root: string): 'fresh' | 'built' {
  const manifest = join(root, '.output', 'chrome-mv3', 'manifest.json');
  const builtAt = existsSync(manifest) ? statSync(manifest).mtimeMs : undefined;
  if (!isStale(builtAt, SOURCES.flatMap((s) => mtimes(join(root, s))))) return 'fresh';
  console.error('the extension build is missing or older than its source: running wxt build …');
  const result = spawnSync(join(root, 'node_modules', '.bin', 'wxt'), ['build'], { cwd: root, stdio: ['ignore', 2, 2] });
  if (result.status !== 0) throw new Error(`wxt build failed (exit ${result.status ?? result.signal})`);
  return 'built';
}
