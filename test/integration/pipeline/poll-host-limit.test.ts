import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Deps } from '../../../src/deps.js';
import { createLogger } from '../../../src/log.js';
import { addFeed } from '../../../src/pipeline/use-cases/add-feed.js';
import type { HostLimit } from '../../../src/ports/host-limit.js';
import { createRedis } from '../../../src/queue/connection.js';
import { createRedisHostLimit, type HostLimitOptions } from '../../../src/queue/host-limit.js';
import { createQueues, type Queues } from '../../../src/queue/queues.js';
import { runWorkers } from '../../../src/queue/run-workers.js';
import { runnable } from '../../../src/queue/worker-def.js';
import poll from '../../../workers/poll.js';
import { type FeedServer, startFeedServer } from '../../fakes/feed-server.js';
import { databasesUnderTest, type TestDatabase, testDeps } from '../../support/bot-harness.js';
import { waitFor } from '../../support/wait.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const log = createLogger('silent');
const HOLDER = fileURLToPath(new URL('../../fixtures/hold-host-slot.ts', import.meta.url));

describe('per-host fetch slots shared through a real Redis', () => {
  let prefix: string;
  const opened: HostLimit[] = [];
  // Each limit has a connection of its own, as each worker process has.
  const limit = (options: Omit<HostLimitOptions, 'prefix'>) => {
    const made = createRedisHostLimit(() => createRedis(REDIS_URL, 'producer', log), { prefix, ...options });
    opened.push(made);
    return made;
  };

  beforeEach(() => {
    prefix = `herald-host-${randomBytes(4).toString('hex')}`;
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((l) => l.close()));
  });

  it('grants at most N fetches of one host at once across two workers, and another when one ends', async () => {
    const [a, b] = [limit({ maxConcurrent: 2, maxPerMinute: 100 }), limit({ maxConcurrent: 2, maxPerMinute: 100 })];
    const asked = await Promise.all([a, b, a, b, a].map((l) => l.take('feeds.example')));
    const granted = asked.filter((s) => s.granted);
    expect(granted).toHaveLength(2);
    expect(asked.filter((s) => !s.granted).every((s) => s.retryInMs > 0 && s.retryInMs <= 3000)).toBe(true);
    // Another host is counted apart.
    expect((await b.take('other.example')).granted).toBe(true);
    expect((await b.take('feeds.example')).granted).toBe(false);
    await granted[0]!.release();
    expect((await b.take('feeds.example')).granted).toBe(true);
  });

  it('grants at most M requests to one host in a minute across two workers, then says when one leaves it', async () => {
    const [a, b] = [limit({ maxConcurrent: 5, maxPerMinute: 3 }), limit({ maxConcurrent: 5, maxPerMinute: 3 })];
    for (const l of [a, b, a]) {
      const slot = await l.take('feeds.example');
      if (!slot.granted) throw new Error('refused within the limit');
      await slot.release();
    }
    const refused = await b.take('feeds.example');
    expect(refused.granted).toBe(false);
    // The first request leaves the minute about a minute after it was made (plus up to a second of spread).
    expect(!refused.granted && refused.retryInMs).toBeGreaterThan(50_000);
    expect(!refused.granted && refused.retryInMs).toBeLessThanOrEqual(61_000);
  });

  it('frees the slot of a worker killed while fetching once its lease ends', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', HOLDER, REDIS_URL, prefix, 'feeds.example', '1500'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [line] = (await once(child.stdout!, 'data')) as [Buffer];
    expect(String(line)).toBe('held\n');
    child.kill('SIGKILL');
    await once(child, 'exit');
    const survivor = limit({ maxConcurrent: 1, maxPerMinute: 100 });
    expect((await survivor.take('feeds.example')).granted).toBe(false);
    await waitFor('the dead worker slot to expire', async () => (await survivor.take('feeds.example')).granted, 10_000);
  }, 20_000);
});

const [sqlite] = databasesUnderTest();

describe('a poll whose host is busy', () => {
  let feeds: FeedServer;
  let db: TestDatabase;
  let deps: Deps;
  let producer: ReturnType<typeof createRedis>;
  let workerConnection: ReturnType<typeof createRedis>;
  let queues: Queues;
  let running: { close(): Promise<void> } | null = null;
  let other: HostLimit;
  const prefix = `herald-host-${randomBytes(4).toString('hex')}`;
  const hostLimit = (): HostLimit =>
    createRedisHostLimit(() => createRedis(REDIS_URL, 'producer', log), {
      prefix,
      maxConcurrent: 1,
      maxPerMinute: 60,
    });

  beforeAll(async () => {
    feeds = await startFeedServer();
    db = await sqlite!.open();
    deps = await testDeps(db.url, {}, { hostLimit: hostLimit() });
    other = hostLimit();
    producer = createRedis(REDIS_URL, 'producer', log);
    workerConnection = createRedis(REDIS_URL, 'worker', log);
    queues = createQueues(producer, prefix);
  });
  afterAll(async () => {
    await running?.close();
    await queues.queue('poll').obliterate({ force: true });
    await queues.close();
    const keys = await producer.keys(`${prefix}:*`);
    if (keys.length > 0) await producer.del(...keys);
    producer.disconnect();
    workerConnection.disconnect();
    await Promise.all([deps.hostLimit?.close(), other.close()]);
    await deps.store.close();
    await feeds.close();
    await db.dispose();
  });

  it('waits without failing and runs once the host is free', async () => {
    feeds.setRss('/news.xml', { title: 'News', link: 'https://news.example/', items: [{ guid: 'a', title: 'A' }] });
    const { feed } = await addFeed(deps, {
      url: feeds.url('/news.xml'),
      guildId: '1',
      guildLocale: null,
      channelId: '2',
    });
    // Another worker is fetching from the same host, which allows one fetch at once.
    const held = await other.take(new URL(feed.url).hostname);
    if (!held.granted) throw new Error('the other worker found the host busy');
    const fetches = () => feeds.requests.filter((r) => r.path === '/news.xml').length;
    // Adding the feed fetched it once already.
    const before = fetches();
    const added = (await deps.store.feeds.get(feed.id))!;
    running = runWorkers([runnable(poll)], { deps, queues, connection: workerConnection, prefix });
    await queues.enqueuePolls([feed.id]);

    await waitFor('the poll to be put back for later', async () => {
      const delayed = await queues.queue('poll').getDelayedCount();
      return delayed === 1;
    });
    expect(fetches()).toBe(before);
    expect(await deps.store.feeds.get(feed.id)).toMatchObject({ lastPolledAt: added.lastPolledAt, failureCount: 0 });

    await held.release();
    const polled = await waitFor('the deferred poll', async () => {
      const row = await deps.store.feeds.get(feed.id);
      return row?.lastPolledAt !== added.lastPolledAt && row;
    });
    expect(polled).toMatchObject({ failureCount: 0, lastError: null });
    expect(fetches()).toBe(before + 1);
    expect(await queues.queue('poll').getFailedCount()).toBe(0);
    const history = await deps.store.pollHistory.recent(feed.id, 10);
    // The first poll when the feed was added, the deferred one now: no failure in between.
    expect(history).toHaveLength(2);
    expect(history.map((p) => p.status)).not.toContain('failed');
  }, 30_000);
});
