/**
 * Runs the benchmarks (`bench/*.bench.ts`), prints measured value, spread, budget and verdict, and
 * writes the results with the machine they came from to bench-results/latest.json. Arguments
 * filter modules by name: `npm run bench -- delivery collector-ingest`.
 *
 * Builds the extension first when the build is missing or older than the source. Exits non-zero
 * only when a benchmark could not run; a missed budget is a result, shown as MISSED.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CHROMIUM_PATH } from '../tests/support/browser';
import { ensureBuilt } from './build';
import { meetsBudget, spreadOf, verdictOf, type Benchmark, type BenchResult } from './types';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');

function quietly(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

function machine() {
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    platform: `${process.platform} ${release()}`,
    node: process.version,
    chromium: quietly(CHROMIUM_PATH, ['--version']),
    commit: quietly('git', ['rev-parse', '--short', 'HEAD']),
  };
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const modules = (await readdir(here))
    .filter((file) => file.endsWith('.bench.ts'))
    .map((file) => file.slice(0, -'.bench.ts'.length))
    .filter((name) => wanted.length === 0 || wanted.includes(name))
    .sort();
  const unknown = wanted.filter((name) => !modules.includes(name));
  if (unknown.length > 0) throw new Error(`no benchmark named ${unknown.join(', ')}`);

  const build = ensureBuilt(root);
  const loadBefore = loadavg();
  const started = new Date();
  const results: BenchResult[] = [];
  const failures: { module: string; error: string }[] = [];
  for (const name of modules) {
    console.error(`running ${name} …`);
    try {
      const run = (await import(pathToFileURL(join(here, `${name}.bench.ts`)).href)).default as Benchmark;
      results.push(...(await run()));
    } catch (error) {
      failures.push({ module: name, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      console.error(`${name} failed:`, error);
    }
  }

  const info = { ...machine(), loadAverageBefore: loadBefore.map(round2), loadAverageAfter: loadavg().map(round2) };
  console.log(`\n${info.cpus} × ${info.cpuModel}, ${info.memoryGiB} GiB, Node ${info.node}, ${info.chromium}`);
  console.log(
    `load average before ${info.loadAverageBefore.join(' ')}, after ${info.loadAverageAfter.join(' ')} (above ${info.cpus} the machine was busy)\n`,
  );
  printTable(results);
  for (const failure of failures) console.log(`${failure.module}: FAILED TO RUN (see above)`);
  await mkdir(join(root, 'bench-results'), { recursive: true });
  const out = join(root, 'bench-results', 'latest.json');
  const json = {
    date: started.toISOString(),
    durationS: Math.round((Date.now() - started.getTime()) / 1000),
    build,
    machine: info,
    results: results.map((r) => ({ ...r, spread: spreadOf(r), met: r.reference ? undefined : meetsBudget(r), verdict: verdictOf(r) })),
    failures,
  };
  await writeFile(out, `${JSON.stringify(json, null, 2)}\n`);
  console.log(`\nresults written to bench-results/latest.json`);
  if (failures.length > 0) process.exitCode = 1;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

function printTable(results: BenchResult[]): void {
  const rows = results.map((r) => {
    const spread = spreadOf(r);
    return [
      r.label,
      `${format(r.measured)} ${r.unit}`,
      spread ? `${format(spread[0])}–${format(spread[1])}` : '',
      String(r.samples?.length ?? ''),
      Number.isFinite(r.budget) ? `${r.direction === 'max' ? '≤' : '≥'} ${format(r.budget)} ${r.unit}` : '',
      verdictOf(r),
    ];
  });
  const header = ['budget', 'measured', 'p25–p75', 'n', 'limit', 'verdict'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}

function format(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en');
  // Ratios near a budget of 1.02 need the fourth digit.
  return Number(value.toPrecision(Math.abs(value) < 10 ? 4 : 3)).toString();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
