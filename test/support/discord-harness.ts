import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from 'discord.js';
import { commands } from '../../commands/index.js';
import { loadConfig } from '../../src/config.js';
import type { Deps } from '../../src/deps.js';
import { startBot } from '../../src/discord/bot.js';
import { deployCommands } from '../../src/discord/deploy.js';
import { createRestNotifier } from '../../src/discord/notice.js';
import { createRest, createRestPoster } from '../../src/discord/poster.js';
import { createLogger } from '../../src/log.js';
import { createMetrics } from '../../src/metrics.js';
import { createSqliteStore } from '../../src/store/sqlite.js';
import type { FeedRow, NewArticle } from '../../src/store/store.js';
import { createSummarizer, type Summarizer } from '../../src/summarize/summarizer.js';
import {
  type FakeDiscord,
  type FakeDiscordOptions,
  type InteractionResponseRecord,
  type SendInteractionInput,
  startFakeDiscord,
} from '../fakes/discord/index.js';
import { waitFor } from './wait.js';

export const TOKEN = 'fake.bot-token.for-harness';
export const APP = '1100000000000000009';
export const GUILD_A = '1200000000000000001';
export const GUILD_B = '1200000000000000002';
export const NEWS = '1300000000000000001';
export const SPORTS = '1300000000000000002';
export const FORUM = '1300000000000000003';
export const OTHER_NEWS = '1300000000000000009';
export const ADMIN = '1400000000000000001';
export const MEMBER = '1400000000000000002';
export const OWNER_A = '1400000000000000099';
export const ROLE_A = '1500000000000000001';
export const ROLE_B = '1500000000000000002';
export const MANAGE_GUILD = 1n << 5n;
export const T0 = Date.UTC(2026, 10, 26, 8, 0, 0);

/** Two servers: A (news, sports, a forum; role ROLE_A) and B (other-news; role ROLE_B). */
export function twoGuilds(): FakeDiscordOptions['guilds'] {
  return [
    {
      id: GUILD_A,
      name: 'Newsroom',
      ownerId: OWNER_A,
      systemChannelId: NEWS,
      channels: [
        { id: NEWS, name: 'news', type: 0 },
        { id: SPORTS, name: 'sports', type: 0 },
        { id: FORUM, name: 'stories', type: 15 },
      ],
      roles: [{ id: ROLE_A, name: 'readers', mentionable: true }],
    },
    {
      id: GUILD_B,
      name: 'Elsewhere',
      channels: [{ id: OTHER_NEWS, name: 'other-news', type: 0 }],
      roles: [{ id: ROLE_B, name: 'others' }],
    },
  ];
}

/** A fake Discord, a fresh SQLite store, the real poster/notifier over REST, and (optionally) the real bot. */
export interface DiscordHarness {
  discord: FakeDiscord;
  deps: Deps;
  client: Client | null;
  /** Adds a feed with `subscribeTo` channels (`[guildId, channelId]`) subscribed. */
  feed(url: string, title: string, subscribeTo: Array<[string, string]>, siteLink?: string | null): Promise<FeedRow>;
  /** Stores a summarized article with its deliveries pending (the summary itself is made, extractive, on delivery). */
  article(feedId: number, item: Partial<NewArticle> & { key: string; title: string }): Promise<number>;
  /** Sends an interaction and resolves with the app's first answer to it. */
  interact(
    input: Omit<SendInteractionInput, 'guildId' | 'channelId' | 'userId'> & Partial<SendInteractionInput>,
  ): Promise<{
    id: string;
    first: InteractionResponseRecord;
  }>;
  /** The app's last answer with message content (the edit after a defer, or the reply itself). */
  final(id: string): Promise<InteractionResponseRecord & { content: string }>;
  close(): Promise<void>;
}

export async function startHarness(
  options: {
    bot?: boolean;
    guilds?: FakeDiscordOptions['guilds'];
    now?: () => number;
    /** Extractive by default; an LLM summarizer against the fake OpenAI server for what only a model judges. */
    summarizer?: Summarizer;
  } = {},
): Promise<DiscordHarness> {
  const discord = await startFakeDiscord({
    botToken: TOKEN,
    applicationId: APP,
    guilds: options.guilds ?? twoGuilds(),
  });
  const dir = mkdtempSync(join(tmpdir(), 'herald-discord-'));
  const store = createSqliteStore(join(dir, 'herald.db'));
  await store.migrate();
  const log = createLogger('silent');
  const rest = createRest(TOKEN, discord.apiUrl);
  const deps: Deps = {
    config: loadConfig({ FEED_ALLOW_PRIVATE: 'true' }),
    log,
    store,
    summarizer: options.summarizer ?? createSummarizer({ llm: null, log }),
    poster: createRestPoster(rest),
    notifier: createRestNotifier(rest),
    now: options.now ?? Date.now,
    metrics: createMetrics(),
  };
  let client: Client | null = null;
  if (options.bot) {
    for (const guildId of [GUILD_A, GUILD_B]) {
      await deployCommands(commands.values(), { token: TOKEN, api: discord.apiUrl, applicationId: APP, guildId });
    }
    client = await startBot(deps, commands, { token: TOKEN, api: discord.apiUrl });
  }

  const contentOf = (r: InteractionResponseRecord) => {
    const body = r.body as { content?: string; data?: { content?: string } } | null;
    return body?.content ?? body?.data?.content;
  };

  return {
    discord,
    deps,
    client,
    async feed(url, title, subscribeTo, siteLink = null) {
      const feed = await store.upsertFeed({
        url,
        title,
        siteLink,
        language: 'en',
        intervalSeconds: 600,
        nextPollAt: 0,
      });
      for (const [guildId, channelId] of subscribeTo) {
        await store.subscribe({ guildId, channelId, feedId: feed.id, mentionRoleId: null }, deps.now());
      }
      return feed;
    },
    async article(feedId, item) {
      const [row] = await store.insertArticles(
        feedId,
        [
          {
            guid: null,
            link: `https://news.example/${item.key}`,
            publishedAt: T0,
            author: null,
            imageUrl: null,
            contentText: `${item.title}. Officials said more would follow. The story continues.`,
            categories: [],
            ...item,
          },
        ],
        'new',
        deps.now(),
      );
      if (!row) throw new Error(`article ${item.key} already stored`);
      // What the summarize stage leaves behind: a story key, the article ready, deliveries pending.
      await store.setArticleState(row.id, 'summarized', `story-${feedId}-${item.key}`);
      await store.createDeliveries(row.id, deps.now());
      return row.id;
    },
    async interact(input) {
      const id = discord.sendInteraction({ guildId: GUILD_A, channelId: NEWS, userId: ADMIN, ...input });
      const first = await discord.waitForInteractionResponse(id);
      return { id, first };
    },
    async final(id) {
      return waitFor(`a final answer to ${id}`, () => {
        const answers = discord.interactionResponses(id).filter((r) => contentOf(r) !== undefined);
        const last = answers.at(-1);
        return last ? { ...last, content: contentOf(last) as string } : undefined;
      });
    },
    async close() {
      await client?.destroy();
      await store.close();
      await discord.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
