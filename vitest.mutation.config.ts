import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

/**
 * The unit tests that exercise the modules under mutation testing (stryker.config.json), and only
 * those: every mutant runs the tests that cover it, so no database server or browser is needed.
 */
export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: [
      'tests/utils/{verdict,classify,classify-edges,net-errors,detection,pipeline,queue,queue-edges,queue-warning,submit,submit-edges,submit-storage-failure,sender,canaries}.test.ts',
      'tests/collector/{verify,verify-edges,ssrf-guard,ssrf-guard-edges,control}.test.ts',
    ],
    setupFiles: ['tests/setup-unit.ts'],
    environment: 'node',
  },
});
