import { type JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';

export const QUEUE_NAMES = ['tick', 'poll', 'summarize', 'deliver', 'maintenance', 'briefing'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

const RETRIES: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 2_000 },
  // Deduplication ids only hold while a job is pending or running; the database's unique constraints are the
  // lasting guard.
  removeOnComplete: true,
  removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
};

/** The producer side of Herald's queues: what the tick, workers and commands enqueue. */
export interface Queues {
  enqueuePolls(feedIds: number[]): Promise<void>;
  /**
   * A poll a hub's notification asks for: deduplicated with the feed's other polls, but one asked for while a poll
   * runs is kept and runs after it, since the running poll may have fetched the feed before the update.
   */
  enqueuePushedPoll(feedId: number): Promise<void>;
  enqueueSummarize(articleIds: number[]): Promise<void>;
  enqueueDeliver(channelIds: string[]): Promise<void>;
  /** Posts of briefings' periods, one job per (briefing, period) while it is pending or running. */
  enqueueBriefings(jobs: Array<{ briefingId: number; periodKey: string; at: number }>): Promise<void>;
  /** Installs (or updates) the one job scheduler that runs the tick. */
  scheduleTick(everyMs: number): Promise<void>;
  /** Installs (or updates) the one job scheduler that runs retention and index maintenance (daily). */
  scheduleMaintenance(everyMs: number): Promise<void>;
  queue(name: QueueName): Queue;
  close(): Promise<void>;
}

export function createQueues(connection: Redis, prefix: string): Queues {
  const queues = new Map(QUEUE_NAMES.map((name) => [name, new Queue(name, { connection, prefix })]));
  const queue = (name: QueueName) => queues.get(name)!;

  return {
    queue,
    async enqueuePolls(feedIds) {
      await queue('poll').addBulk(
        feedIds.map((feedId) => ({
          name: 'poll',
          data: { feedId },
          // One poll per feed in flight, whoever asks for it.
          opts: { ...RETRIES, attempts: 1, deduplication: { id: `poll-${feedId}` } },
        })),
      );
    },
    async enqueuePushedPoll(feedId) {
      await queue('poll').add(
        'poll',
        { feedId },
        { ...RETRIES, attempts: 1, deduplication: { id: `poll-${feedId}`, keepLastIfActive: true } },
      );
    },
    async enqueueSummarize(articleIds) {
      await queue('summarize').addBulk(
        articleIds.map((articleId) => ({
          name: 'summarize',
          data: { articleId },
          // A deduplication id, not a job id: it is released when the job fails, so the next poll can enqueue the
          // article again (a failed job kept under its id would block that for as long as it is kept).
          opts: { ...RETRIES, deduplication: { id: `summarize-${articleId}` } },
        })),
      );
    },
    async enqueueDeliver(channelIds) {
      await queue('deliver').addBulk(
        channelIds.map((channelId) => ({
          name: 'deliver',
          data: { channelId },
          // One delivery run per channel at a time (posts stay in order); a request made while one runs is kept
          // and runs after it, so nothing that became ready meanwhile waits for the next poll.
          opts: { ...RETRIES, deduplication: { id: `deliver-${channelId}`, keepLastIfActive: true } },
        })),
      );
    },
    async enqueueBriefings(jobs) {
      await queue('briefing').addBulk(
        jobs.map((data) => ({
          name: 'briefing',
          data,
          // The period's record in the database is the lasting guard; this keeps two runs from racing for it.
          opts: { ...RETRIES, deduplication: { id: `briefing-${data.briefingId}-${data.periodKey}` } },
        })),
      );
    },
    async scheduleTick(everyMs) {
      await queue('tick').upsertJobScheduler('tick', { every: everyMs }, { name: 'tick', opts: { attempts: 1 } });
    },
    async scheduleMaintenance(everyMs) {
      await queue('maintenance').upsertJobScheduler(
        'maintenance',
        { every: everyMs },
        { name: 'maintenance', opts: { attempts: 1 } },
      );
    },
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()));
    },
  };
}
