/**
 * Runs the benchmarks (`bench/*.bench.ts`), prints measured value, budget and verdict, and writes
 * the results as JSON to bench-results/latest.json. Arguments filter modules by name:
 * `npm run bench -- delivery collector-ingest`.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { meetsBudget, type Benchmark, type BenchResult } from './types';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const modules = (await readdir(here))
    .filter((file) => file.endsWith('.bench.ts'))
    .map((file) => file.slice(0, -'.bench.ts'.length))
    .filter((name) => wanted.length === 0 || wanted.includes(name))
    .sort();
  const unknown = wanted.filter((name) => !modules.includes(name));
  if (unknown.length > 0) throw new Error(`no benchmark named ${unknown.join(', ')}`);

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

  printTable(results);
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, platform: process.platform };
  await mkdir(join(root, 'bench-results'), { recursive: true });
  const out = join(root, 'bench-results', 'latest.json');
  await writeFile(out, JSON.stringify({ date: new Date().toISOString(), machine, results: results.map((r) => ({ ...r, met: meetsBudget(r) })), failures }, null, 2));
  console.log(`\nresults written to bench-results/latest.json`);
  if (failures.length > 0) process.exitCode = 1;
}

function printTable(results: BenchResult[]): void {
  const rows = results.map((r) => [
    r.label,
    `${format(r.measured)} ${r.unit}`,
    `${r.direction === 'max' ? '≤' : '≥'} ${format(r.budget)} ${r.unit}`,
    meetsBudget(r) ? 'met' : 'MISSED',
  ]);
  const header = ['budget', 'measured', 'limit', 'verdict'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}

function format(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Math.abs(value) >= 100 ? Math.round(value).toLocaleString('en') : Number(value.toPrecision(3)).toString();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
