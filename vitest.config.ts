import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'examples/**/*.test.ts', 'bench/**/*.test.ts'],
    // Cold-safe: a test or hook that builds environments from nothing (npm, pip, images) must not time out.
    testTimeout: 900_000,
    hookTimeout: 900_000,
    pool: 'forks',
    reporters: ['default', './vitest.counts-reporter.ts'],
  },
});
