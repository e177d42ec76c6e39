import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    // Real models on 2 cores: one file at a time, generous per-test limits (no timing assertions).
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
