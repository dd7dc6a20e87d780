import { describe, expect, it } from 'vitest';
import { mergeReports, splitArgs } from '../../scripts/run-tests';

const report = (passed: number, failed: number, files: string[], success = failed === 0) => ({
  numTotalTestSuites: files.length,
  numPassedTestSuites: success ? files.length : 0,
  numFailedTestSuites: success ? 0 : files.length,
  numPendingTestSuites: 0,
  numTotalTests: passed + failed,
  numPassedTests: passed,
  numFailedTests: failed,
  numPendingTests: 0,
  numTodoTests: 0,
  startTime: 1_000 + passed,
  success,
  testResults: files.map((name) => ({ name, status: success ? 'passed' : 'failed', assertionResults: [{}] })),
});

describe('mergeReports', () => {
  it('adds up the counts of the projects and keeps every file', () => {
    const merged = mergeReports([
      { project: 'unit', report: report(10, 0, ['a', 'b']) },
      { project: 'timing', report: report(3, 1, ['c'], false) },
      { project: 'e2e', report: report(5, 0, ['d']) },
    ]);
    expect(merged).toMatchObject({ numPassedTests: 18, numFailedTests: 1, numTotalTests: 19, numTotalTestSuites: 4, success: false, startTime: 1_003 });
    expect(merged.testResults.map((f) => f.name)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('counts a project that wrote nothing as a failed file with no tests, so the CI line cannot hide it', () => {
    const merged = mergeReports([
      { project: 'unit', report: report(4, 0, ['a']) },
      { project: 'e2e', report: null },
    ]);
    expect(merged.success).toBe(false);
    const broken = merged.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0);
    expect(broken.map((f) => f.name)).toEqual(['(the e2e project wrote no results)']);
    expect(merged.numPassedTests).toBe(4);
  });
});

describe('splitArgs', () => {
  it('takes the JSON file the caller names as the merged output and passes the rest on', () => {
    expect(splitArgs(['--reporter=default', '--reporter=json', '--outputFile.json=out/all.json'])).toEqual({ passThrough: ['--reporter=default'], output: 'out/all.json' });
  });

  it('writes to test-results/vitest.json by default and keeps the default reporter on screen', () => {
    expect(splitArgs(['tests/utils/queue.test.ts'])).toEqual({ passThrough: ['tests/utils/queue.test.ts', '--reporter=default'], output: 'test-results/vitest.json' });
  });
});
