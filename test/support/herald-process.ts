import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { HERALD_BIN } from './build-dist.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A Herald process started from the test build of the source (see build-dist.ts), as `herald <args>` would run. */
export interface HeraldProcess {
  /** The process id (for reading its memory from /proc). */
  readonly pid: number;
  /** Parsed JSON log lines so far. */
  logs: Array<Record<string, unknown>>;
  /** Everything written to stderr that was not a JSON log line. */
  stderrText(): string;
  stdoutText(): string;
  waitForLog(msg: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
  /** Kills the process with SIGKILL (no shutdown at all) and resolves once it is gone. */
  kill(): Promise<void>;
  exited: Promise<number | null>;
}

/**
 * Starts `herald <args>` with only `env` (and PATH) set, in the repository (or `cwd`). The fake Discord has no global
 * rate limit until a test switches one on, so neither does the process unless `env` sets DISCORD_GLOBAL_RPS (as
 * bench/fanout does); nor is any feed host limited. `base: false` leaves out the LOG_LEVEL and DISCORD_GLOBAL_RPS defaults too, for a test of what
 * the process reads from elsewhere (`.env`).
 */
export function runHerald(
  args: string[],
  env: Record<string, string>,
  options: { cwd?: string; base?: boolean } = {},
): HeraldProcess {
  // Every fake feed server is on 127.0.0.1: one host, which the default per-host limits would hold to 60 polls a minute.
  const base =
    options.base === false
      ? {}
      : {
          LOG_LEVEL: 'info',
          DISCORD_GLOBAL_RPS: '10000',
          FEED_HOST_MAX_CONCURRENT: '100',
          FEED_HOST_MAX_PER_MINUTE: '6000',
        };
  const child: ChildProcess = spawn(process.execPath, [HERALD_BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { PATH: process.env.PATH ?? '', ...base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Array<Record<string, unknown>> = [];
  let other = '';
  let pending = '';
  const waiters: Array<() => void> = [];
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      try {
        logs.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        other += `${line}\n`;
      }
    }
    for (const w of waiters.splice(0)) w();
  });
  let stdout = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  return {
    pid: child.pid as number,
    logs,
    exited,
    stderrText: () => other,
    stdoutText: () => stdout,
    async waitForLog(msg, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = logs.find((l) => l.msg === msg);
        if (found) return found;
        if (child.exitCode !== null) throw new Error(`herald exited (${child.exitCode}) before "${msg}": ${other}`);
        if (Date.now() > deadline) throw new Error(`no "${msg}" log within ${timeoutMs} ms: ${other}`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 200);
        });
      }
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
