/**
 * `npm test`: the vitest projects one after another (unit, then the timing-sensitive tests alone,
 * then the end-to-end tests), so PostgreSQL servers and browsers never share the CPU with tests
 * that measure time. Each run writes its JSON report; they are merged into one file, by default
 * test-results/vitest.json (or where `--outputFile.json=` says), with the counts added up.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const PROJECTS = ['unit', 'timing', 'e2e'] as const;

interface FileResult {
  name: string;
  status: string;
  assertionResults: unknown[];
  [key: string]: unknown;
}

interface JsonReport {
  numTotalTestSuites: number;
  numPassedTestSuites: number;
  numFailedTestSuites: number;
  numPendingTestSuites: number;
  numTotalTests: number;
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  startTime: number;
  success: boolean;
  testResults: FileResult[];
  [key: string]: unknown;
}

const COUNTS = [
  'numTotalTestSuites',
  'numPassedTestSuites',
  'numFailedTestSuites',
  'numPendingTestSuites',
  'numTotalTests',
  'numPassedTests',
  'numFailedTests',
  'numPendingTests',
  'numTodoTests',
] as const;

/** Adds the reports up; a project that wrote no report counts as one failed file, so it cannot hide. */
export function mergeReports(reports: { project: string; report: JsonReport | null }[]): JsonReport {
  const merged: JsonReport = {
    numTotalTestSuites: 0,
    numPassedTestSuites: 0,
    numFailedTestSuites: 0,
    numPendingTestSuites: 0,
    numTotalTests: 0,
    numPassedTests: 0,
    numFailedTests: 0,
    numPendingTests: 0,
    numTodoTests: 0,
    startTime: Number.POSITIVE_INFINITY,
    success: true,
    testResults: [],
  };
  for (const { project, report } of reports) {
    if (!report) {
      merged.success = false;
      merged.testResults.push({ name: `(the ${project} project wrote no results)`, status: 'failed', assertionResults: [] });
      continue;
    }
    for (const key of COUNTS) merged[key] += report[key] ?? 0;
    merged.startTime = Math.min(merged.startTime, report.startTime);
    merged.success &&= report.success;
    merged.testResults.push(...report.testResults);
  }
  if (!Number.isFinite(merged.startTime)) merged.startTime = Date.now();
  return merged;
}

/** Our own JSON reporter is added to each run; the caller's JSON options only name the merged file. */
export function splitArgs(args: string[]): { passThrough: string[]; output: string } {
  let output = 'test-results/vitest.json';
  const passThrough: string[] = [];
  for (const arg of args) {
    const named = /^--outputFile\.json=(.+)$/.exec(arg);
    if (named) output = named[1]!;
    else if (arg !== '--reporter=json') passThrough.push(arg);
  }
  if (!passThrough.some((a) => a.startsWith('--reporter'))) passThrough.push('--reporter=default');
  return { passThrough, output };
}

function main(): number {
  const { passThrough, output } = splitArgs(process.argv.slice(2));
  mkdirSync(dirname(output), { recursive: true });
  const reports: { project: string; report: JsonReport | null }[] = [];
  let status = 0;
  for (const project of PROJECTS) {
    const file = join(dirname(output), `vitest-${project}.json`);
    rmSync(file, { force: true });
    const run = spawnSync(
      'npx',
      ['vitest', 'run', '--project', project, '--passWithNoTests', ...passThrough, '--reporter=json', `--outputFile.json=${file}`],
      { stdio: 'inherit' },
    );
    if (run.status !== 0) status = 1;
    reports.push({ project, report: existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as JsonReport) : null });
  }
  const merged = mergeReports(reports);
  writeFileSync(output, JSON.stringify(merged));
  console.log(`\n${PROJECTS.join(', then ')}: ${merged.numPassedTests} passed, ${merged.numFailedTests} failed, ${merged.numPendingTests} skipped`);
  return merged.success ? status : 1;
}

if (process.argv[1] && import.meta.filename === process.argv[1]) process.exitCode = main();
