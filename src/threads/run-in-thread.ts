import { type ResourceLimits, Worker } from 'node:worker_threads';

/** How a thread started by {@link runInThread} ended. */
export type ThreadOutcome =
  /** The thread posted its answer (not yet validated: the caller parses it). */
  | { kind: 'message'; message: unknown }
  /** The thread ran past its time budget and was terminated. */
  | { kind: 'timeout' }
  /** The thread threw, failed to load its module or ran out of memory (`code` `ERR_WORKER_OUT_OF_MEMORY`). */
  | { kind: 'error'; error: Error & { code?: string } }
  /** The thread stopped without answering. */
  | { kind: 'exit'; code: number };

/** One job for a worker thread: a module to run, its input, and what it may use. */
export interface ThreadTask {
  /** The thread's module: a `.js` file, or a `.ts` file when running from source (see {@link threadEntry}). */
  entry: URL;
  /** Handed to the module as `workerData` (structured-cloned). */
  workerData: unknown;
  /** Heap (and stack) the thread may use; past them it fails instead of growing the process. */
  resourceLimits?: ResourceLimits;
  /** Wall-clock budget from the thread's start, start-up included; past it the thread is terminated. */
  timeoutMs: number;
  /** Called with the thread's id as soon as it is started. */
  onThread?: (threadId: number) => void;
}

/**
 * The URL of a worker module next to the calling module: `name.js` when the caller runs built, `name.ts` when it runs
 * from source (tsx, vitest), where only the TypeScript file exists.
 * @param name the module's path relative to the caller, without extension (`./parse-worker`)
 * @param from the caller's `import.meta.url`
 */
export function threadEntry(name: string, from: string): URL {
  return new URL(`${name}${from.endsWith('.ts') ? '.ts' : '.js'}`, from);
}

/** A thread can load a TypeScript module only after registering tsx's loader in that thread. */
function startWorker(task: ThreadTask): Worker {
  const options = { workerData: task.workerData, resourceLimits: task.resourceLimits ?? {} };
  if (!task.entry.pathname.endsWith('.ts')) return new Worker(task.entry, options);
  const tsx = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(task.entry.href)}); });`;
  return new Worker(code, { ...options, eval: true });
}

/**
 * Runs `task.entry` in a new worker thread and settles with the first thing that happens: its first message, an
 * error, its exit, or the end of its time budget. The thread is terminated as soon as the outcome is known, so a
 * module stuck in synchronous code (a parser on hostile input) costs at most `timeoutMs` and never blocks the calling
 * thread's event loop. Never rejects: every ending is a {@link ThreadOutcome}.
 */
export function runInThread(task: ThreadTask): Promise<ThreadOutcome> {
  const worker = startWorker(task);
  task.onThread?.(worker.threadId);
  return new Promise<ThreadOutcome>((resolve) => {
    let settled = false;
    const finish = (outcome: ThreadOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
      void worker.terminate();
    };
    const timer = setTimeout(() => finish({ kind: 'timeout' }), task.timeoutMs);
    worker.once('message', (message: unknown) => finish({ kind: 'message', message }));
    worker.once('error', (error) => finish({ kind: 'error', error }));
    worker.once('exit', (code) => finish({ kind: 'exit', code }));
  });
}
