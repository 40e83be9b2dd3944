import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Many suites wait on child processes, Redis and timers rather than compute: on a 2-core machine Vitest's default
    // (cores − 1 = one file at a time) leaves a core idle for most of the run.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // Compiles dist/ once (incrementally) for the tests that start Herald processes.
    globalSetup: ['test/support/build-dist.ts'],
  },
});
