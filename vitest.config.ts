import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          // The unit tests first, then the browsers: heavy tests must not starve timing-sensitive ones.
          sequence: { groupOrder: 0 },
          include: ['tests/**/*.test.{ts,tsx}'],
          exclude: ['tests/e2e/**', 'tests/support/**', 'tests/**/*.e2e.test.ts'],
          setupFiles: ['tests/setup-unit.ts'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          sequence: { groupOrder: 1 },
          // The simulator's self-test drives real Chromium too.
          include: ['tests/e2e/**/*.test.ts', 'tests/support/**/*.test.ts', 'tests/**/*.e2e.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
