import { defineConfig } from 'vitest/config';

/**
 * Files that measure time or rates, or that start several Herald processes under a time budget: they run one at a
 * time, after the rest, so no other file competes with them for the machine's two cores. Two files side by side once
 * made the global-limit burst meet a 429; the 5-second limit on finding a page's article (page-limits, page-fetch), an
 * interaction's deferral and the hostile budgets are timings too.
 */
const ALONE = [
  'test/chaos/**/*.test.ts',
  'test/hostile/**/*.test.ts',
  'test/integration/discord/global-limit.test.ts',
  'test/integration/discord/http-interactions.test.ts',
  'test/integration/summarize/page-limits.test.ts',
  'test/integration/summarize/page-fetch.test.ts',
  'test/e2e/page-limits.test.ts',
  'test/integration/feeds/add-feed.test.ts',
  // Compute-bound under a deadline (thousands of feed items, a property test of every template): a file beside them
  // only slows them past their timeouts.
  'test/integration/pipeline/poll-limits.test.ts',
  'test/integration/pipeline/poll-identity.test.ts',
  'test/unit/discord/templates-property.test.ts',
];

const shared = {
  testTimeout: 20_000,
  hookTimeout: 30_000,
  pool: 'forks',
} as const;

export default defineConfig({
  test: {
    // Compiles dist/ once (incrementally) for the tests that start Herald processes.
    globalSetup: ['test/support/build-dist.ts'],
    projects: [
      {
        // Pure code, no servers or processes: one module graph per worker instead of one per file (most of a unit
        // file's time was importing it). No unit test mocks modules or stubs globals.
        test: {
          ...shared,
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          exclude: ALONE,
          isolate: false,
          maxWorkers: 2,
        },
      },
      {
        // Most of these wait on Redis, PostgreSQL, child processes and timers rather than compute: two at a time
        // keeps both cores busy. Each test has its own database (SQLite file or PostgreSQL schema), Redis key prefix,
        // fakes and ports, so files do not see each other.
        test: {
          ...shared,
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: ['test/unit/**', ...ALONE],
          maxWorkers: 2,
        },
      },
      {
        // maxWorkers 1 with isolation: Vitest runs these after the groups above, one file at a time.
        test: { ...shared, name: 'alone', include: ALONE, maxWorkers: 1 },
      },
    ],
  },
});
