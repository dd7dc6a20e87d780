/**
 * Where a dataset's files came from: the commit and commit date of the local checkout (read with
 * git, so the data names exactly what it was made from) and the licence its repository states.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FingerprintProvenance } from '../../utils/blockpage/fingerprint-types';

function git(dir: string, args: string[]): string {
  return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** The commit a checkout is at; refuses a checkout whose read files differ from that commit. */
export function revision(dir: string, files: readonly string[]): { commit: string; date: string } {
  let log: string;
  try {
    log = git(dir, ['log', '-1', '--format=%H%n%cI']);
  } catch {
    throw new Error(`${dir} is not a git checkout: give a clone, so its commit can be recorded`);
  }
  const changed = git(dir, ['status', '--porcelain', '--', ...files]);
  if (changed) throw new Error(`${dir} has local changes to the files read:\n${changed}`);
  const [commit = '', date = ''] = log.split('\n');
  return { commit, date };
}

const LICENCE_FILES = ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'LICENCE', 'COPYING'];

/** An SPDX identifier for the licence texts these repositories use; NOASSERTION when none is stated. */
export function identifyLicence(text: string): string {
  if (/Apache License\s+Version 2\.0/i.test(text)) return 'Apache-2.0';
  if (/Redistribution and use in source and binary forms/i.test(text)) {
    return /Neither the name/i.test(text) ? 'BSD-3-Clause' : 'BSD-2-Clause';
  }
  if (/Permission is hereby granted, free of charge/i.test(text)) return 'MIT';
  if (/Creative Commons Attribution 4\.0/i.test(text)) return 'CC-BY-4.0';
  if (/GNU GENERAL PUBLIC LICENSE\s+Version 3/i.test(text)) return 'GPL-3.0';
  return 'NOASSERTION';
}

export function licenceOf(dir: string): Pick<FingerprintProvenance, 'licence' | 'licenceFile'> {
  const file = LICENCE_FILES.find((f) => existsSync(join(dir, f)));
  if (!file) return { licence: 'NOASSERTION', licenceFile: null };
  return { licence: identifyLicence(readFileSync(join(dir, file), 'utf8')), licenceFile: file };
}
