import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FingerprintRow } from '../../utils/blockpage/fingerprint-types';
import { compareRows, describeComparison } from '../../scripts/fingerprints/compare';
import { DATASET_SPECS } from '../../scripts/fingerprints/datasets';
import { generate, type DatasetPaths } from '../../scripts/fingerprints/generate';
import { countRows, countsTable, quotedCounts, serialise, withCounts } from '../../scripts/fingerprints/output';
import { identifyLicence, revision } from '../../scripts/fingerprints/provenance';
import { CL_DNS, CL_HTTP, CP_FALSE_POSITIVES, CP_SIGNATURES, OONI_DNS, OONI_HTTP } from './fingerprint-fixtures';

const git = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-C', dir, '-c', 'user.name=Test', '-c', 'user.email=test@example.org', ...args], {
    encoding: 'utf8',
    env: { ...process.env, GIT_COMMITTER_DATE: '2024-10-20T21:36:35+02:00', GIT_AUTHOR_DATE: '2024-10-20T21:36:35+02:00' },
  }).trim();

/** A throw-away git repository holding the given files, committed once. */
function checkout(root: string, name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  git(dir, 'init', '-q');
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'data');
  return dir;
}

let root = '';
let paths: DatasetPaths;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'fingerprint-datasets-'));
  const [ooniHttp, ooniDns] = DATASET_SPECS.ooni.files;
  const [cpSig, cpFp] = DATASET_SPECS.censoredplanet.files;
  const [clHttp, clDns] = DATASET_SPECS.citizenlab.files;
  paths = {
    ooni: checkout(root, 'ooni', { [ooniHttp!]: OONI_HTTP, [ooniDns!]: OONI_DNS }),
    censoredplanet: checkout(root, 'cp', {
      [cpSig!]: CP_SIGNATURES,
      [cpFp!]: CP_FALSE_POSITIVES,
      LICENSE: '                                 Apache License\n                           Version 2.0, January 2004\n',
    }),
    citizenlab: checkout(root, 'cl', {
      [clHttp!]: CL_HTTP,
      [clDns!]: CL_DNS,
      'LICENSE.md': 'Copyright (c) 2020\nRedistribution and use in source and binary forms ... 3. Neither the name of the copyright holder',
    }),
  };
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('generate', () => {
  it('records each checkout’s commit, date, files and licence', () => {
    const { file } = generate(paths);
    expect(file.provenance.ooni).toEqual({
      repository: 'https://github.com/ooni/blocking-fingerprints',
      commit: git(paths.ooni, 'rev-parse', 'HEAD'),
      date: '2024-10-20T21:36:35+02:00',
      files: ['fingerprints_http.csv', 'fingerprints_dns.csv'],
      licence: 'NOASSERTION',
      licenceFile: null,
    });
    expect(file.provenance.censoredplanet).toMatchObject({ licence: 'Apache-2.0', licenceFile: 'LICENSE' });
    expect(file.provenance.citizenlab).toMatchObject({ licence: 'BSD-3-Clause', licenceFile: 'LICENSE.md' });
  });

  it('writes rows and the counts of those rows', () => {
    const { file, reconciliation } = generate(paths);
    expect(file.rows).toHaveLength(13);
    expect(file.counts).toEqual({
      total: 13,
      countries: 8,
      dataset: { ooni: 6, censoredplanet: 4, citizenlab: 3 },
      family: { body: 7, header: 4, dns: 2 },
      scope: { injb: 1, inst: 1, isp: 3, nat: 5, prod: 1, vbw: 2 },
    });
    expect(reconciliation.unmerged).toContain('cp.e_unk_blk_10');
  });

  it('refuses a checkout whose files differ from its commit, or that is no checkout', () => {
    const file = join(paths.ooni, 'fingerprints_dns.csv');
    writeFileSync(file, `${OONI_DNS}ooni.new_0,nat,,dns,full,10.0.0.1,5,RU,,,\r\n`);
    try {
      expect(() => revision(paths.ooni, DATASET_SPECS.ooni.files)).toThrow(/local changes/);
    } finally {
      writeFileSync(file, OONI_DNS);
    }
    const bare = mkdtempSync(join(tmpdir(), 'not-a-checkout-'));
    try {
      expect(() => revision(bare, ['x'])).toThrow(/not a git checkout/);
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });
});

describe('the data file', () => {
  const rows: FingerprintRow[] = [
    ['ooni.a_0', 'body', '', 'contains', 'Заблокировано "x"', 'RU,KZ', 'ooni', 0.9, 'nat'],
    ['cp.b_nat_ir_national_1', 'dns', '', 'full', '10.10.34.35', 'IR', 'censoredplanet', 1, 'nat'],
  ];

  it('serialises to JSON with one row a line, and reads back the same', () => {
    const provenance = { ooni: null, censoredplanet: null, citizenlab: null } as never;
    const text = serialise({ provenance, counts: countRows(rows), rows });
    expect(JSON.parse(text)).toEqual({ provenance, counts: countRows(rows), rows });
    expect(text.split('\n').filter((l) => l.trimStart().startsWith('["'))).toHaveLength(2);
  });

  it('rewrites only the counts block of a README', () => {
    const counts = countRows(rows);
    const readme = 'intro\n<!-- fingerprint counts: written by npm run fingerprints -->\nold\n<!-- end of fingerprint counts -->\nafter\n';
    const next = withCounts(readme, counts);
    expect(quotedCounts(next)).toBe(countsTable(counts));
    expect(next.startsWith('intro\n')).toBe(true);
    expect(next.endsWith('-->\nafter\n')).toBe(true);
    expect(countsTable(counts)).toContain('| countries | 3 |');
    expect(withCounts('no markers', counts)).toBe('no markers');
  });

  it('compares two generations row by row', () => {
    const next: FingerprintRow[] = [
      ['cp.b_nat_ir_national_1', 'dns', '', 'full', '10.10.34.35', '', 'censoredplanet', 1, 'nat'],
      ['ooni.b_0', 'body', '', 'contains', 'x', '', 'ooni', 0.4, 'vbw'],
    ];
    const c = compareRows(rows, next);
    expect(c).toEqual({
      added: ['ooni.b_0'],
      removed: ['ooni.a_0'],
      changed: [{ id: 'cp.b_nat_ir_national_1', fields: [{ name: 'countries', before: 'IR', after: '' }] }],
      reordered: false,
    });
    expect(describeComparison(c)).toContain('~ cp.b_nat_ir_national_1: countries "IR" -> ""');
    expect(compareRows([...rows, next[1]!], [next[1]!, ...rows]).reordered).toBe(true);
  });

  it('names licences by their texts', () => {
    expect(identifyLicence('Permission is hereby granted, free of charge, to any person')).toBe('MIT');
    expect(identifyLicence('Redistribution and use in source and binary forms, with or without')).toBe('BSD-2-Clause');
    expect(identifyLicence('All rights reserved.')).toBe('NOASSERTION');
  });
});
