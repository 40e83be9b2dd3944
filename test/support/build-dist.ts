import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The compiled `herald` entry the tests start processes from: the same JavaScript `bin/herald.js` runs. Starting from
 * it instead of the TypeScript source through tsx saves about two seconds of loader work per process, and the suite
 * starts a hundred or so.
 */
export const HERALD_BIN = join(ROOT, 'dist', 'src', 'cli', 'bin.js');

/**
 * Vitest global setup: compiles src/, commands/ and workers/ into dist/ before any test runs, incrementally (a few
 * seconds when nothing changed), so a spawned Herald always runs the code under test, never a stale build. `npm ci`
 * and `npm run build` compile with the same build-info file, so after a fresh install this only checks the build.
 */
export default function setup(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const build = spawnSync(
    process.execPath,
    [tsc, '-p', 'tsconfig.build.json', '--incremental', '--tsBuildInfoFile', join('dist', '.tsbuildinfo')],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (build.status !== 0) {
    throw new Error(`the test build of dist/ failed (tsc -p tsconfig.build.json):\n${build.stdout}${build.stderr}`);
  }
}
