import { defineConfig } from 'vitest/config';

/** End-to-end tests: the built extension in real browsers, one file at a time (two cores, two browsers). */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 90_000,
    retry: 0,
  },
});
