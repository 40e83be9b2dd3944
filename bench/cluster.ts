/**
 * What bench/fanout.ts and bench/soak.ts run against: the fake Discord and a fake feed server in this process, a
 * database (SQLite, or PostgreSQL with TEST_DATABASE_URL), Redis under a random key prefix, and `herald start --role
 * worker` processes, as production runs them.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { openStore } from '../src/store/open.js';
import type { Store } from '../src/store/store.js';
import { type FakeDiscord, startFakeDiscord } from '../test/fakes/discord/index.js';
import { type FeedServer, startFeedServer } from '../test/fakes/feed-server.js';
import { type HeraldProcess, runHerald } from '../test/support/herald-process.js';
import { createPgSchema } from '../test/support/pg-schema.js';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const TOKEN = 'fake-bot-token';
const APP_ID = '900000000000000077';
// Discord allows 500 channels per server.
const CHANNELS_PER_GUILD = 500;

export interface BenchCluster {
  discord: FakeDiscord;
  feeds: FeedServer;
  /** The benchmark's own connection to the database the workers use, for setting up feeds and subscriptions. */
  store: Store;
  /** Every channel, spread over as many guilds as Discord's 500-channel cap asks for. */
  channels: Array<{ guildId: string; channelId: string }>;
  prefix: string;
  workers: HeraldProcess[];
  /** Starts `count` worker processes and resolves once every one has started its workers. */
  startWorkers(count: number, env: Record<string, string>): Promise<void>;
  close(): Promise<void>;
}

export async function startCluster(options: { channels: number }): Promise<BenchCluster> {
  const channels = Array.from({ length: options.channels }, (_, i) => ({
    guildId: String(910000000000000000n + BigInt(Math.floor(i / CHANNELS_PER_GUILD))),
    channelId: String(920000000000000000n + BigInt(i)),
  }));
  const guildIds = [...new Set(channels.map((c) => c.guildId))];
  const discord = await startFakeDiscord({
    botToken: TOKEN,
    applicationId: APP_ID,
    guilds: guildIds.map((id, g) => ({
      id,
      name: `Bench ${g}`,
      channels: channels
        .filter((c) => c.guildId === id)
        .map((c, i) => ({ id: c.channelId, name: `news-${i}`, type: 0 })),
    })),
  });
  const feeds = await startFeedServer();
  const db = await openDatabase();
  const store = openStore(db.url);
  await store.migrate();
  for (const guildId of guildIds) {
    await store.putGuildSettings({ guildId, language: 'source', style: 'brief' }, Date.now());
  }
  const prefix = `herald-bench-${randomBytes(4).toString('hex')}`;
  const workers: HeraldProcess[] = [];

  return {
    discord,
    feeds,
    store,
    channels,
    prefix,
    workers,
    async startWorkers(count, env) {
      const started = Array.from({ length: count }, () =>
        runHerald(['start', '--role', 'worker'], {
          DISCORD_TOKEN: TOKEN,
          DISCORD_APPLICATION_ID: APP_ID,
          DISCORD_API_URL: discord.apiUrl,
          REDIS_URL,
          REDIS_KEY_PREFIX: prefix,
          DATABASE_URL: db.url,
          FEED_ALLOW_PRIVATE: 'true',
          ...env,
        }),
      );
      workers.push(...started);
      await Promise.all(started.map((w) => w.waitForLog('workers started', 60_000)));
    },
    async close() {
      await Promise.all(workers.map((w) => w.stop()));
      const redis = new Redis(REDIS_URL);
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
      await Promise.all([discord.close(), feeds.close(), store.close()]);
      await db.dispose();
    },
  };
}

async function openDatabase(): Promise<{ url: string; dispose(): Promise<void> }> {
  if (process.env.TEST_DATABASE_URL) {
    const schema = await createPgSchema(process.env.TEST_DATABASE_URL);
    return { url: schema.url, dispose: schema.drop };
  }
  const dir = mkdtempSync(join(tmpdir(), 'herald-bench-'));
  return { url: `sqlite:${join(dir, 'herald.db')}`, dispose: async () => rmSync(dir, { recursive: true }) };
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
