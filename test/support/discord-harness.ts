import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from 'discord.js';
import { commands } from '../../commands/index.js';
import { gatewayEvents } from '../../src/app/gateway-events.js';
import type { Deps } from '../../src/deps.js';
import { startBot } from '../../src/discord/bot.js';
import { deployCommands } from '../../src/discord/deploy.js';
import { createRest, createRestPoster, type Poster } from '../../src/discord/poster.js';
import { summarizeArticle } from '../../src/pipeline/summarize/summarize.js';
import type { FeedRow, NewArticle } from '../../src/store/store.js';
import type { Summarizer } from '../../src/summarize/summarizer.js';
import {
  type FakeDiscord,
  type FakeDiscordOptions,
  type InteractionResponseRecord,
  type SendInteractionInput,
  startFakeDiscord,
} from '../fakes/discord/index.js';
import { responseText, testDeps } from './bot-harness.js';
import { waitFor } from './wait.js';

export { MANAGE_GUILD } from './bot-harness.js';

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

/** A fake Discord, a fresh SQLite store, the real publisher over REST, and (optionally) the real bot. */
export interface DiscordHarness {
  discord: FakeDiscord;
  deps: Deps;
  client: Client | null;
  /** A REST poster on the fake, like the one the publisher posts through: for tests that interrupt a post. */
  poster: Poster;
  /** Adds a feed with `subscribeTo` channels (`[guildId, channelId]`) subscribed. */
  feed(url: string, title: string, subscribeTo: Array<[string, string]>, siteLink?: string | null): Promise<FeedRow>;
  /**
   * Stores an article as a poll would and runs the summarize stage on it (extractive summaries by default), with a
   * story of its own (or `story`, to make copies of one story; `null`: the summarize stage's story matching decides,
   * as after a poll): it leaves the article summarized, its summaries made and its deliveries pending.
   */
  article(
    feedId: number,
    item: Partial<NewArticle> & { key: string; title: string; story?: string | null },
  ): Promise<number>;
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
    /** Settings over the harness's own (which fetch no article page). */
    env?: Record<string, string>;
  } = {},
): Promise<DiscordHarness> {
  const discord = await startFakeDiscord({
    botToken: TOKEN,
    applicationId: APP,
    guilds: options.guilds ?? twoGuilds(),
  });
  const dir = mkdtempSync(join(tmpdir(), 'herald-discord-'));
  // The composition root's own wiring (the REST publisher on the fake), with extractive summaries by default. The
  // harness's articles link to pages that do not exist: none is fetched unless `env` asks for it.
  const deps = await testDeps(
    `sqlite:${join(dir, 'herald.db')}`,
    {
      DISCORD_TOKEN: TOKEN,
      DISCORD_APPLICATION_ID: APP,
      DISCORD_API_URL: discord.apiUrl,
      ARTICLE_FETCH_FULL_TEXT: 'false',
      ...options.env,
    },
    { ...(options.now && { now: options.now }), ...(options.summarizer && { summarizer: options.summarizer }) },
  );
  const { store } = deps;
  let client: Client | null = null;
  if (options.bot) {
    for (const guildId of [GUILD_A, GUILD_B]) {
      await deployCommands(commands.values(), { token: TOKEN, api: discord.apiUrl, applicationId: APP, guildId });
    }
    client = await startBot(deps, commands, { token: TOKEN, api: discord.apiUrl, events: gatewayEvents(deps) });
  }

  return {
    discord,
    deps,
    client,
    poster: createRestPoster(createRest(TOKEN, discord.apiUrl)),
    async feed(url, title, subscribeTo, siteLink = null) {
      const feed = await store.feeds.upsert({
        url,
        title,
        siteLink,
        language: 'en',
        intervalSeconds: 600,
        nextPollAt: 0,
      });
      for (const [guildId, channelId] of subscribeTo) {
        await store.subscriptions.create({ guildId, channelId, feedId: feed.id, mentionRoleId: null }, deps.now());
      }
      return feed;
    },
    async article(feedId, { story, ...item }) {
      const [row] = await store.articles.insert(
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
      // A story of its own: the harness's articles are alike enough to be taken for copies of one story.
      if (story !== null) await store.articles.setState(row.id, 'new', story ?? `story-${feedId}-${item.key}`);
      await summarizeArticle(deps, row.id);
      return row.id;
    },
    async interact(input) {
      const id = discord.sendInteraction({ guildId: GUILD_A, channelId: NEWS, userId: ADMIN, ...input });
      const first = await discord.waitForInteractionResponse(id);
      return { id, first };
    },
    async final(id) {
      return waitFor(`a final answer to ${id}`, () => {
        const last = discord.interactionResponses(id).findLast((r) => responseText(r) !== '');
        return last ? { ...last, content: responseText(last) } : undefined;
      });
    },
    async close() {
      await client?.destroy();
      await deps.discordLimit?.close();
      await store.close();
      await discord.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
