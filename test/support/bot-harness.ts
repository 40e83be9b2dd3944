import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Events, GatewayIntentBits } from 'discord.js';
import { commands as allCommands } from '../../commands/index.js';
import { loadConfig } from '../../src/config.js';
import { buildDeps, type Deps } from '../../src/deps.js';
import type { Command } from '../../src/discord/command.js';
import { createInteractionRouter } from '../../src/discord/router.js';
import { createLogger } from '../../src/log.js';
import {
  type FakeDiscord,
  type FakeGuildInit,
  type InteractionResponseRecord,
  type SendInteractionInput,
  startFakeDiscord,
} from '../fakes/discord/index.js';
import { createPgSchema } from './pg-schema.js';
import { waitFor } from './wait.js';

export const HARNESS_APP_ID = '900000000000000001';
export const HARNESS_TOKEN = 'fake-bot-token';
/** The Manage Server permission bit, for `memberPermissions`. */
export const MANAGE_GUILD = 1n << 5n;

/** A database for one test: a fresh SQLite file, or a fresh PostgreSQL schema. */
export interface TestDatabase {
  name: 'sqlite' | 'postgres';
  url: string;
  dispose(): Promise<void>;
}

/** SQLite always; PostgreSQL too when TEST_DATABASE_URL is set (built at load time: nothing is skipped). */
export function databasesUnderTest(): { name: 'sqlite' | 'postgres'; open(): Promise<TestDatabase> }[] {
  const sqlite = {
    name: 'sqlite' as const,
    async open(): Promise<TestDatabase> {
      const dir = mkdtempSync(join(tmpdir(), 'herald-harness-'));
      return {
        name: 'sqlite',
        url: `sqlite:${join(dir, 'herald.db')}`,
        dispose: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  };
  const base = process.env.TEST_DATABASE_URL;
  if (!base) return [sqlite];
  const postgres = {
    name: 'postgres' as const,
    async open(): Promise<TestDatabase> {
      const { url, drop } = await createPgSchema(base);
      return { name: 'postgres', url, dispose: drop };
    },
  };
  return [sqlite, postgres];
}

/**
 * A `Deps` on the database at `databaseUrl` (migrated), with feeds on 127.0.0.1 allowed, logs silenced, extractive
 * summaries, a metrics registry of its own, and the Discord publisher when `env` names a DISCORD_TOKEN. `env`
 * overrides any setting.
 */
export async function testDeps(
  databaseUrl: string,
  env: Record<string, string> = {},
  overrides: Partial<Deps> = {},
): Promise<Deps> {
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    FEED_ALLOW_PRIVATE: 'true',
    LOG_LEVEL: 'silent',
    ...env,
  });
  // Every fake feed is on 127.0.0.1, one host: a test of the per-host limit passes its own.
  return buildDeps(config, { log: createLogger('silent'), hostLimit: null, ...overrides });
}

/** A real discord.js client logged in to a fake Discord, routing commands to Herald's command files. */
export interface BotHarness {
  discord: FakeDiscord;
  client: Client;
  deps: Deps;
  /** Sends an interaction and resolves with the app's final answer (the edit of a deferred reply, or the reply). */
  invoke(input: SendInteractionInput, timeoutMs?: number): Promise<InteractionResponseRecord>;
  close(): Promise<void>;
}

/** The text of a response's message body. */
export function responseText(response: InteractionResponseRecord): string {
  const body = response.body as { content?: string; data?: { content?: string } } | null;
  return body?.data?.content ?? body?.content ?? '';
}

/**
 * Starts a fake Discord with `guilds`, a discord.js client logged in to it with Herald's interaction router and
 * `commands` (default: all of Herald's), and a `Deps` on `databaseUrl` whose publisher talks to the fake. `close()`
 * stops the client, the fake and the store (the database itself belongs to the caller).
 */
export async function startBotHarness(options: {
  guilds: FakeGuildInit[];
  databaseUrl: string;
  env?: Record<string, string>;
  commands?: Map<string, Command>;
  now?: () => number;
}): Promise<BotHarness> {
  const discord = await startFakeDiscord({
    botToken: HARNESS_TOKEN,
    applicationId: HARNESS_APP_ID,
    guilds: options.guilds,
    interactionDeadlineMs: null,
  });
  const deps = await testDeps(
    options.databaseUrl,
    {
      DISCORD_TOKEN: HARNESS_TOKEN,
      DISCORD_APPLICATION_ID: HARNESS_APP_ID,
      DISCORD_API_URL: discord.apiUrl,
      ...options.env,
    },
    options.now ? { now: options.now } : {},
  );
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: discord.apiUrl } });
  const route = createInteractionRouter(options.commands ?? allCommands, deps);
  client.on(Events.InteractionCreate, (interaction) => void route(interaction));
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(HARNESS_TOKEN);
  await ready;

  return {
    discord,
    client,
    deps,
    async invoke(input, timeoutMs = 10_000) {
      const id = discord.sendInteraction(input);
      return waitFor(
        `the answer to interaction ${id}`,
        () => {
          const responses = discord.interactionResponses(id);
          const last = responses[responses.length - 1];
          // A deferral (callback type 5) is not an answer yet: wait for the edit that follows it.
          if (!last || (last.kind === 'callback' && last.callbackType === 5)) return undefined;
          return last;
        },
        timeoutMs,
        20,
      );
    },
    async close() {
      await client.destroy();
      await discord.close();
      await deps.discordLimit?.close();
      await deps.store.close();
    },
  };
}
