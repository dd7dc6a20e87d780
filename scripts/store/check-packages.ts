/**
 * Checks the store packages `npm run zip:firefox` made: addons-linter finds no error and no
 * warning that is not explained below, and the sources archive addons.mozilla.org asks for holds
 * what rebuilds the extension and nothing private. `npm run lint:firefox`; CI runs it.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { zipEntries } from './zip-entries';

export interface LinterMessage {
  code: string;
  message: string;
  file?: string;
}
export interface LinterOutput {
  errors: LinterMessage[];
  warnings: LinterMessage[];
  notices: LinterMessage[];
}

/**
 * Warnings accepted, by code, each with the reason a reviewer can check. Empty: the bundles carry
 * no `Function`, `eval` or `innerHTML` (scripts/build/no-code-generation.ts) and the manifest
 * declares what it transmits.
 */
export const EXPLAINED_WARNINGS: Readonly<Record<string, string>> = {};

export function linterProblems(output: LinterOutput, explained: Readonly<Record<string, string>> = EXPLAINED_WARNINGS): string[] {
  const line = (kind: string, m: LinterMessage) => `${kind} ${m.code}${m.file ? ` in ${m.file}` : ''}: ${m.message}`;
  return [
    ...output.errors.map((m) => line('error', m)),
    ...output.warnings.filter((m) => !(m.code in explained)).map((m) => line('warning', m)),
  ];
}

/** What rebuilds the extension: a reviewer runs `npm ci` and `npm run zip:firefox` in it. */
export const SOURCES_REQUIRED = [
  'package.json',
  'package-lock.json',
  'wxt.config.ts',
  'tsconfig.json',
  'docs/releasing.md',
  'scripts/build/no-code-generation.ts',
  'entrypoints/background/index.ts',
  'assets/icon.svg',
  'public/_locales/en/messages.json',
];
/** Never in the sources archive: the collector (and its database), tests, results, dot-files. */
const SOURCES_FORBIDDEN = /^(collector|tests|bench|test-results|bench-results|node_modules|\.output)\/|(^|\/)\.[^/]/;

export function sourcesProblems(names: readonly string[]): string[] {
  const present = new Set(names);
  return [
    ...SOURCES_REQUIRED.filter((name) => !present.has(name)).map((name) => `sources archive lacks ${name}`),
    ...names.filter((name) => SOURCES_FORBIDDEN.test(name)).map((name) => `sources archive must not contain ${name}`),
  ];
}

async function lint(zipPath: string): Promise<LinterOutput> {
  const { default: addonsLinter } = await import('addons-linter');
  const linter = addonsLinter.createInstance({
    config: {
      _: [zipPath],
      logLevel: 'fatal',
      stack: false,
      pretty: false,
      warningsAsErrors: false,
      metadata: false,
      output: 'none',
      boring: false,
      selfHosted: false,
    },
    runAsBinary: false,
  });
  return linter.run();
}

async function main(): Promise<number> {
  const root = resolve(import.meta.dirname, '../..');
  const { name, version } = JSON.parse(await readFile(resolve(root, 'package.json'), 'utf8')) as { name: string; version: string };
  const extensionZip = resolve(root, `.output/${name}-${version}-firefox.zip`);
  const sourcesZip = resolve(root, `.output/${name}-${version}-sources.zip`);
  const output = await lint(extensionZip);
  const problems = [...linterProblems(output), ...sourcesProblems(zipEntries(await readFile(sourcesZip)))];
  console.log(
    `addons-linter on ${name}-${version}-firefox.zip: ${output.errors.length} errors, ${output.warnings.length} warnings, ${output.notices.length} notices`,
  );
  for (const warning of output.warnings.filter((m) => m.code in EXPLAINED_WARNINGS))
    console.log(`  explained ${warning.code}: ${EXPLAINED_WARNINGS[warning.code]}`);
  for (const notice of output.notices) console.log(`  notice ${notice.code}: ${notice.message}`);
  for (const problem of problems) console.error(`  ${problem}`);
  return problems.length === 0 ? 0 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main();
}
