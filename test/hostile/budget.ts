import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { HERALD_BIN } from '../support/build-dist.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const RSS_MARK = 'HOSTILE_MAX_RSS_KB=';

/** What a `herald` run under a budget did. */
export interface BudgetedRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Peak resident set of the process (its own `process.resourceUsage().maxRSS`), in MiB. */
  peakRssMb: number;
  /** True when the run was killed for exceeding its time budget. */
  timedOut: boolean;
}

/**
 * Runs `herald <args>` (the test build of the source) with a time budget (the process is killed past it) and reports its peak RSS, as
 * measured by the process itself when it exits. The hostile suite asserts on both: a case that needs more than its
 * budget is a case Herald does not bound.
 */
export function runHeraldWithBudget(
  args: string[],
  opts: { timeoutMs: number; env?: Record<string, string>; cwd?: string },
): Promise<BudgetedRun> {
  const reporter = `process.on('exit',()=>process.stderr.write('\\n${RSS_MARK}'+process.resourceUsage().maxRSS+'\\n'))`;
  const child = spawn(
    process.execPath,
    ['--import', `data:text/javascript,${encodeURIComponent(reporter)}`, HERALD_BIN, ...args],
    {
      cwd: opts.cwd ?? ROOT,
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => {
    stdout += c;
  });
  child.stderr.setEncoding('utf8').on('data', (c: string) => {
    stderr += c;
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, opts.timeoutMs);
  return new Promise((resolve) => {
    child.once('close', (code) => {
      clearTimeout(timer);
      const kb = Number(new RegExp(`${RSS_MARK}(\\d+)`).exec(stderr)?.[1] ?? Number.NaN);
      resolve({
        code,
        stdout,
        stderr: stderr.replace(new RegExp(`\\n?${RSS_MARK}\\d+\\n`), ''),
        peakRssMb: kb / 1024,
        timedOut,
      });
    });
  });
}
