import { once } from 'node:events';
import { createInflate } from 'node:zlib';
import { DiscordAPIError, type RateLimitData, REST } from '@discordjs/rest';
import {
  ChannelType,
  Client,
  DiscordAPIError as ClientDiscordAPIError,
  Events,
  GatewayIntentBits,
  type Interaction,
  MessageFlags,
  PermissionFlagsBits,
  Routes,
} from 'discord.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { type FakeDiscord, startFakeDiscord } from '../fakes/discord/index.js';

const TOKEN = 'fake.bot-token.for-tests';
const APP = '1100000000000000001';
const GUILD = '1200000000000000001';
const NEWS = '1300000000000000001';
const OTHER = '1300000000000000002';
const USER = '1400000000000000001';

let discord: FakeDiscord;
let client: Client;
let onInteraction: (interaction: Interaction) => Promise<void> = async () => {};

function rest(options: { retries?: number } = {}): REST {
  return new REST({ api: discord.apiUrl, retries: options.retries ?? 0 }).setToken(TOKEN);
}

async function apiError(promise: Promise<unknown>): Promise<DiscordAPIError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof DiscordAPIError)) throw new Error(`expected a DiscordAPIError, got ${String(err)}`);
  return err;
}

function raw(path: string, init: { method?: string; body?: unknown; auth?: boolean } = {}): Promise<Response> {
  return fetch(`${discord.apiUrl}/v10${path}`, {
    method: init.method ?? 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(init.auth === false ? {} : { Authorization: `Bot ${TOKEN}` }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

beforeAll(async () => {
  discord = await startFakeDiscord({
    botToken: TOKEN,
    applicationId: APP,
    guilds: [
      {
        id: GUILD,
        name: 'Newsroom',
        preferredLocale: 'de',
        channels: [
          { id: NEWS, name: 'news', type: 0 },
          { id: OTHER, name: 'other', type: 0 },
        ],
      },
    ],
  });
  client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: discord.apiUrl } });
  client.on(Events.InteractionCreate, (interaction) => void onInteraction(interaction));
  const ready = once(client, Events.ClientReady);
  await client.login(TOKEN);
  await ready;
});

afterAll(async () => {
  await client?.destroy();
  await discord?.close();
});

beforeEach(() => {
  discord.setRateLimit(null);
});

describe('gateway', () => {
  it('logs a discord.js client in and fills its cache from READY and GUILD_CREATE', () => {
    expect(client.user?.id).toBe(APP);
    expect(client.user?.bot).toBe(true);
    const guild = client.guilds.cache.get(GUILD);
    expect(guild?.available).toBe(true);
    expect(guild?.name).toBe('Newsroom');
    expect(guild?.preferredLocale).toBe('de');
    const channel = client.channels.cache.get(NEWS);
    expect(channel?.type).toBe(ChannelType.GuildText);
    expect(channel && 'name' in channel ? channel.name : null).toBe('news');
    expect(guild?.members.me?.permissionsIn(NEWS).has(PermissionFlagsBits.SendMessages)).toBe(true);
    expect(discord.identifies.map((i) => i.intents)).toEqual([GatewayIntentBits.Guilds]);
  });

  it('tells the client when the bot loses a permission in a channel', async () => {
    const updated = once(client, Events.ChannelUpdate);
    discord.setChannelAccess(OTHER, 'missing-permissions');
    await updated;
    const me = client.guilds.cache.get(GUILD)?.members.me;
    expect(me?.permissionsIn(OTHER).has(PermissionFlagsBits.SendMessages)).toBe(false);
    expect(me?.permissionsIn(OTHER).has(PermissionFlagsBits.ViewChannel)).toBe(true);
    discord.setChannelAccess(OTHER, 'ok');
  });

  it('resumes after a disconnect and replays the interaction it missed', async () => {
    const resumed = once(client, Events.ShardResume);
    let seen = '';
    onInteraction = async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      seen = interaction.commandName;
      await interaction.reply({ content: 'after resume' });
    };
    discord.disconnectAll();
    const id = discord.sendInteraction({ guildId: GUILD, channelId: NEWS, userId: USER, commandName: 'status' });
    await resumed;
    const response = await discord.waitForInteractionResponse(id, 5000);
    expect(seen).toBe('status');
    expect(response.message?.content).toBe('after resume');
    expect(discord.identifies).toHaveLength(1);
  });
});

describe('gateway protocol', () => {
  it('speaks zlib-stream when asked and acknowledges heartbeats', async () => {
    const socket = new WebSocket(`${discord.gatewayUrl}/?v=10&encoding=json&compress=zlib-stream`);
    const inflate = createInflate();
    const payloads: Array<{ op: number; d: unknown }> = [];
    let buffered = '';
    inflate.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      try {
        payloads.push(JSON.parse(buffered));
        buffered = '';
      } catch {}
    });
    socket.on('message', (data: Buffer) => inflate.write(data));
    await once(socket, 'open');
    await expect.poll(() => payloads[0]?.op).toBe(10);
    socket.send(JSON.stringify({ op: 1, d: null }));
    await expect.poll(() => payloads[1]?.op).toBe(11);
    socket.close();
  });

  it('closes with 4004 on a wrong token and 4014 on an unapproved privileged intent', async () => {
    const identify = async (token: string, intents: number) => {
      const socket = new WebSocket(`${discord.gatewayUrl}/?v=10&encoding=json`);
      await once(socket, 'message');
      socket.send(JSON.stringify({ op: 2, d: { token, intents, properties: {} } }));
      const [code] = (await once(socket, 'close')) as [number];
      return code;
    };
    expect(await identify('wrong', GatewayIntentBits.Guilds)).toBe(4004);
    expect(await identify(TOKEN, GatewayIntentBits.Guilds | GatewayIntentBits.MessageContent)).toBe(4014);
  });
});

describe('interaction deadlines', () => {
  it('forgets an interaction not answered within 3 s and expires its token after 15 minutes', async () => {
    let now = Date.UTC(2026, 0, 1);
    const timed = await startFakeDiscord({
      botToken: TOKEN,
      applicationId: APP,
      clock: () => now,
      guilds: [{ id: GUILD, name: 'Newsroom', channels: [{ id: NEWS, name: 'news', type: 0 }] }],
    });
    try {
      const call = (path: string, body: unknown) =>
        fetch(`${timed.apiUrl}/v10${path}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        });
      const late = timed.sendInteraction({ guildId: GUILD, channelId: NEWS, userId: USER, commandName: 'ping' });
      const lateToken = timed.interactionToken(late);
      now += 3001;
      const tooLate = await call(`/interactions/${late}/${lateToken}/callback`, { type: 4, data: { content: 'x' } });
      expect(tooLate.status).toBe(404);
      expect(await tooLate.json()).toEqual({ message: 'Unknown interaction', code: 10062 });

      const id = timed.sendInteraction({ guildId: GUILD, channelId: NEWS, userId: USER, commandName: 'ping' });
      const token = timed.interactionToken(id);
      const deferred = await call(`/interactions/${id}/${token}/callback`, { type: 5 });
      expect(deferred.status).toBe(204);
      expect(timed.interactionResponses(id)[0]?.delayMs).toBe(0);
      now += 15 * 60_000 + 1;
      const expired = await call(`/webhooks/${APP}/${token}`, { content: 'follow-up' });
      expect(expired.status).toBe(401);
      expect(await expired.json()).toEqual({ message: 'Invalid Webhook Token', code: 50027 });
    } finally {
      await timed.close();
    }
  });
});

describe('interactions', () => {
  it('delivers a chat input command and records an ephemeral reply', async () => {
    let query: string | null = null;
    onInteraction = async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      query = interaction.options.getString('query');
      await interaction.reply({ content: `results for ${query}`, flags: MessageFlags.Ephemeral });
    };
    const id = discord.sendInteraction({
      guildId: GUILD,
      channelId: NEWS,
      userId: USER,
      commandName: 'search',
      options: { query: 'climate' },
      locale: 'fr',
    });
    const response = await discord.waitForInteractionResponse(id, 5000);
    expect(query).toBe('climate');
    expect(response).toMatchObject({ kind: 'callback', callbackType: 4, ephemeral: true });
    expect(response.message?.content).toBe('results for climate');
    expect(discord.messages(NEWS).some((m) => m.id === response.message?.id)).toBe(false);
  });

  it('records a deferred reply and the edit that completes it', async () => {
    const edited = new Promise<void>((resolve) => {
      onInteraction = async (interaction) => {
        if (!interaction.isChatInputCommand()) return;
        await interaction.deferReply();
        await interaction.editReply({ content: 'summary ready' });
        resolve();
      };
    });
    const id = discord.sendInteraction({ guildId: GUILD, channelId: NEWS, userId: USER, commandName: 'summarize' });
    await edited;
    const [deferred, edit] = discord.interactionResponses(id);
    expect(deferred).toMatchObject({ kind: 'callback', callbackType: 5, ephemeral: false });
    expect(edit?.kind).toBe('edit-original');
    expect(edit?.message?.content).toBe('summary ready');
    expect((edit?.message?.flags ?? 0) & MessageFlags.Loading).toBe(0);
    expect(discord.messages(NEWS).find((m) => m.id === edit?.message?.id)?.content).toBe('summary ready');
  });

  it('answers a second callback with 40060', async () => {
    const second = new Promise<unknown>((resolve) => {
      onInteraction = async (interaction) => {
        if (!interaction.isChatInputCommand()) return;
        await interaction.reply({ content: 'first' });
        const again = client.rest.post(Routes.interactionCallback(interaction.id, interaction.token), {
          body: { type: 4, data: { content: 'second' } },
          auth: false,
        });
        resolve(await again.catch((e: unknown) => e));
      };
    });
    discord.sendInteraction({ guildId: GUILD, channelId: NEWS, userId: USER, commandName: 'ping' });
    const err = await second;
    // discord.js is CommonJS, so its errors come from @discordjs/rest's CJS build, not the ESM one imported above.
    expect(err).toBeInstanceOf(ClientDiscordAPIError);
    expect(err).toMatchObject({ status: 400, code: 40060 });
  });
});

describe('REST', () => {
  it('creates a message and answers with Discord message object', async () => {
    const message = (await rest().post(Routes.channelMessages(NEWS), {
      body: { content: 'hello', embeds: [{ title: 'Headline' }], allowed_mentions: { parse: [] } },
    })) as { id: string; channel_id: string; embeds: Array<{ type: string }>; author: { id: string } };
    expect(message.id).toMatch(/^\d{17,20}$/);
    expect(message.channel_id).toBe(NEWS);
    expect(message.author.id).toBe(APP);
    expect(message.embeds[0]?.type).toBe('rich');
    const stored = discord.messages(NEWS).find((m) => m.id === message.id);
    expect(stored?.allowed_mentions).toEqual({ parse: [] });
  });

  it('rejects an over-long embed title with 50035 and the field path', async () => {
    const before = discord.messages(NEWS).length;
    const err = await apiError(
      rest().post(Routes.channelMessages(NEWS), { body: { embeds: [{ title: 'x'.repeat(257) }] } }),
    );
    expect(err.status).toBe(400);
    expect(err.code).toBe(50035);
    expect(err.rawError).toMatchObject({
      message: 'Invalid Form Body',
      errors: { embeds: { 0: { title: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } } },
    });
    expect(discord.messages(NEWS)).toHaveLength(before);
  });

  it('counts lengths in code points, as Discord does', async () => {
    // 256 emoji are 512 UTF-16 code units but 256 code points: Discord accepts the title.
    await rest().post(Routes.channelMessages(NEWS), { body: { embeds: [{ title: '📰'.repeat(256) }] } });
    const err = await apiError(
      rest().post(Routes.channelMessages(NEWS), { body: { embeds: [{ title: '📰'.repeat(257) }] } }),
    );
    expect(err.code).toBe(50035);
  });

  it('rejects embeds whose combined text passes 6,000 characters', async () => {
    const embeds = [{ description: 'a'.repeat(4000) }, { description: 'b'.repeat(2001) }];
    const err = await apiError(rest().post(Routes.channelMessages(NEWS), { body: { embeds } }));
    expect(err.rawError).toMatchObject({ errors: { embeds: { _errors: [{ code: 'MAX_EMBED_SIZE_EXCEEDED' }] } } });
  });

  it('returns the original message for a repeated nonce with enforce_nonce', async () => {
    const body = { content: 'once', nonce: 'herald-delivery-42', enforce_nonce: true };
    const first = (await rest().post(Routes.channelMessages(NEWS), { body })) as { id: string };
    const second = (await rest().post(Routes.channelMessages(NEWS), { body })) as { id: string };
    expect(second.id).toBe(first.id);
    expect(discord.messages(NEWS).filter((m) => m.nonce === 'herald-delivery-42')).toHaveLength(1);
  });

  it('creates a second message for a repeated nonce without enforce_nonce', async () => {
    const body = { content: 'twice', nonce: 'herald-delivery-43' };
    await rest().post(Routes.channelMessages(NEWS), { body });
    await rest().post(Routes.channelMessages(NEWS), { body });
    expect(discord.messages(NEWS).filter((m) => m.nonce === 'herald-delivery-43')).toHaveLength(2);
  });

  it('sends a 429 with Discord headers, and @discordjs/rest waits and retries', async () => {
    discord.setRateLimit({ perChannelPerSecond: 1 });
    const first = await raw(Routes.channelMessages(OTHER), { body: { content: 'one' } });
    expect(first.headers.get('x-ratelimit-limit')).toBe('1');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(first.headers.get('x-ratelimit-bucket')).toMatch(/^[0-9a-f]{32}$/);
    const limited = await raw(Routes.channelMessages(OTHER), { body: { content: 'two' } });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(limited.headers.get('x-ratelimit-scope')).toBe('user');
    expect(limited.headers.has('x-ratelimit-global')).toBe(false);
    const body = (await limited.json()) as { retry_after: number; global: boolean };
    expect(body.global).toBe(false);
    expect(body.retry_after).toBeGreaterThan(0);

    const client2 = rest();
    const waits: RateLimitData[] = [];
    client2.on('rateLimited', (data) => waits.push(data));
    const posted = (await client2.post(Routes.channelMessages(OTHER), { body: { content: 'three' } })) as {
      content: string;
    };
    expect(posted.content).toBe('three');
    const attempts = discord.requests.filter((r) => (r.body as { content?: string } | undefined)?.content === 'three');
    expect(attempts.map((r) => r.status)).toEqual([429, 200]);
    expect(waits.length).toBeGreaterThan(0);
  });

  it('sends a global 429 with X-RateLimit-Global and no route headers', async () => {
    discord.setRateLimit({ globalPerSecond: 1 });
    await raw('/users/@me', { method: 'GET' });
    const limited = await raw('/users/@me', { method: 'GET' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-ratelimit-global')).toBe('true');
    expect(limited.headers.get('x-ratelimit-scope')).toBe('global');
    expect(limited.headers.has('x-ratelimit-bucket')).toBe(false);
    expect(await limited.json()).toMatchObject({ message: 'You are being rate limited.', global: true });
  });

  it('answers an unknown channel with 10003 and a hidden one with 50001', async () => {
    const unknown = await apiError(
      rest().post(Routes.channelMessages('1300000000000000999'), { body: { content: 'x' } }),
    );
    expect([unknown.status, unknown.code]).toEqual([404, 10003]);
    discord.setChannelAccess(OTHER, 'missing-access');
    const hidden = await apiError(rest().post(Routes.channelMessages(OTHER), { body: { content: 'x' } }));
    expect([hidden.status, hidden.code]).toEqual([403, 50001]);
    discord.setChannelAccess(OTHER, 'missing-permissions');
    const muted = await apiError(rest().post(Routes.channelMessages(OTHER), { body: { content: 'x' } }));
    expect([muted.status, muted.code]).toEqual([403, 50013]);
    discord.setChannelAccess(OTHER, 'ok');
  });

  it('requires a bot token', async () => {
    const res = await raw('/users/@me', { method: 'GET', auth: false });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ message: '401: Unauthorized', code: 0 });
  });

  it('answers 500 and 503 in turn during an outage, the 500 after writing the message', async () => {
    discord.setOutage([500, 503]);
    const first = await raw(`/channels/${NEWS}/messages`, { body: { content: 'outage 1' } });
    const second = await raw(`/channels/${NEWS}/messages`, { body: { content: 'outage 2' } });
    discord.setOutage(null);
    const after = await raw(`/channels/${NEWS}/messages`, { body: { content: 'outage over' } });
    expect([first.status, second.status, after.status]).toEqual([500, 503, 200]);
    expect(await first.json()).toEqual({ message: '500: Internal Server Error', code: 0 });
    expect(await second.json()).toEqual({ message: '503: Service Unavailable', code: 0 });
    const contents = discord.messages(NEWS).map((m) => m.content);
    expect(contents).toContain('outage 1');
    expect(contents).not.toContain('outage 2');
    expect(contents).toContain('outage over');
  });

  it('injects 503s that @discordjs/rest retries', async () => {
    discord.failNext('POST /channels/*/messages', 503, 2);
    await rest({ retries: 3 }).post(Routes.channelMessages(NEWS), { body: { content: 'after outage' } });
    const attempts = discord.requests.filter(
      (r) => (r.body as { content?: string } | undefined)?.content === 'after outage',
    );
    expect(attempts.map((r) => r.status)).toEqual([503, 503, 200]);
  });

  it('stores bulk-overwritten commands and rejects an invalid name', async () => {
    const commands = [
      {
        name: 'search',
        description: 'Search past articles',
        options: [{ type: 3, name: 'query', description: 'Words', required: true }],
      },
    ];
    const saved = (await rest().put(Routes.applicationGuildCommands(APP, GUILD), { body: commands })) as Array<{
      id: string;
    }>;
    expect(saved[0]?.id).toMatch(/^\d+$/);
    expect(discord.commands(GUILD).map((c) => c.name)).toEqual(['search']);
    const err = await apiError(
      rest().put(Routes.applicationGuildCommands(APP, GUILD), { body: [{ name: 'Bad Name', description: 'x' }] }),
    );
    expect(err.rawError).toMatchObject({
      errors: { 0: { name: { _errors: [{ code: 'APPLICATION_COMMAND_INVALID_NAME' }] } } },
    });
  });
});
