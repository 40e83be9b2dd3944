import type { z } from 'zod';
import type { Config } from '../config.js';
import type { Deps } from '../deps.js';
import type { Logger } from '../log.js';
import type { QueueName, Queues } from './queues.js';

/**
 * Per-queue worker settings from the configuration: `limiter` caps jobs started per `duration` milliseconds across
 * every worker of the queue (BullMQ keeps the count in Redis).
 */
export interface WorkerOptions {
  concurrency?: number;
  limiter?: { max: number; duration: number };
}

/** What a processor gets besides its job data. */
export interface JobContext {
  deps: Deps;
  queues: Queues;
  log: Logger;
  /** Puts the job back to run again after `ms` without counting an attempt; the processor must return right after. */
  retryLater(ms: number): Promise<never>;
}

/** One BullMQ processor: a file in `workers/` default-exports one of these. */
export interface WorkerDef<T> {
  queue: QueueName;
  schema: z.ZodType<T>;
  /** Jobs processed at once by one worker process. */
  concurrency: number;
  /** Worker settings that depend on the configuration; they override `concurrency`. */
  options?: (config: Config) => WorkerOptions;
  process(data: T, ctx: JobContext): Promise<void>;
}

/** A worker definition with its data type erased behind its own schema check, so different ones share a list. */
export interface RunnableWorker {
  queue: QueueName;
  concurrency: number;
  options?: (config: Config) => WorkerOptions;
  /** Parses the raw job data with the definition's schema (throwing `InvalidJobData`), then processes it. */
  handle(raw: unknown, ctx: JobContext): Promise<void>;
}

/** Thrown for job data that does not match the worker's schema: retrying it cannot help. */
export class InvalidJobData extends Error {
  override name = 'InvalidJobData';
}

export function runnable<T>(def: WorkerDef<T>): RunnableWorker {
  return {
    queue: def.queue,
    concurrency: def.concurrency,
    ...(def.options ? { options: def.options } : {}),
    async handle(raw, ctx) {
      const parsed = def.schema.safeParse(raw);
      if (!parsed.success) throw new InvalidJobData(`invalid job data: ${parsed.error.message}`);
      await def.process(parsed.data, ctx);
    },
  };
}
