/**
 * What bench/fanout.ts and bench/soak.ts share: starting `herald start --role worker` processes on a
 * {@link WorkerCluster} (the fakes, a database and Redis, as the chaos tests use), reading their memory and CPU, and
 * printing figures.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { ClusterWorker, WorkerCluster } from '../test/support/worker-cluster.js';

/** Starts `count` workers with `env` and resolves once every one has started its workers. */
export async function startWorkers(
  cluster: WorkerCluster,
  count: number,
  env: Record<string, string>,
): Promise<ClusterWorker[]> {
  const started = await Promise.all(Array.from({ length: count }, () => cluster.startWorker(env)));
  await Promise.all(started.map((w) => w.process.waitForLog('workers started', 60_000)));
  return started;
}

/**
 * A process's resident memory now (`VmRSS`) and at its peak (`VmHWM`) in bytes, and the CPU time it has used
 * (user + system) in milliseconds, from /proc (Linux).
 */
export function processStats(pid: number | 'self'): { rss: number; peak: number; cpuMs: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  // Fields 14 and 15 of /proc/<pid>/stat, after the parenthesized command name, in clock ticks (100 per second).
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuMs = (Number(fields[11]) + Number(fields[12])) * 10;
  return { rss: kb('VmRSS') * 1024, peak: kb('VmHWM') * 1024, cpuMs };
}

/** The numeric `--name N` options of a benchmark, each with its default. */
export function numericFlags<T extends Record<string, number>>(defaults: T): T {
  const { values } = parseArgs({
    options: Object.fromEntries(Object.keys(defaults).map((name) => [name, { type: 'string' as const }])),
  });
  const parsed = { ...defaults };
  for (const [name, raw] of Object.entries(values)) {
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} expects a positive number, not "${raw}"`);
    (parsed as Record<string, number>)[name] = value;
  }
  return parsed;
}

export const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

/** The value at quantile `q` (0–1) of `values`, nearest rank. */
export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}

/** Prints one `label  value` line, labels aligned. */
export function report(label: string, value: string): void {
  process.stdout.write(`${label.padEnd(34)} ${value}\n`);
}
