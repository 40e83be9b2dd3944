import { Client, type ClientOptions, Events, GatewayIntentBits, Options } from 'discord.js';
import type { Deps } from '../deps.js';
import type { Command } from './command.js';
import { createInteractionRouter } from './router.js';

/** What the bot hears from the gateway about its servers; the composition root decides what each one does. */
export interface GatewayEvents {
  /** The bot was removed from a server (an outage does not count). */
  guildRemoved(guildId: string): Promise<unknown>;
  /** A channel of one of the bot's servers was deleted. */
  channelDeleted(channelId: string): Promise<unknown>;
}

/**
 * The gateway client: only the Guilds intent (no privileged intents), no message or member caches, slash commands
 * routed to `commands/`. With `shards` (a count, or `auto` for the count `GET /gateway/bot` recommends), the client
 * runs every shard in this process, each with its own gateway connection. A removed server or a deleted channel is
 * handed to `events`. Resolves once every shard is ready.
 */
export async function startBot(
  deps: Deps,
  commands: Map<string, Command>,
  { token, api, shards, events }: { token: string; api: string; shards?: number | 'auto'; events?: GatewayEvents },
): Promise<Client> {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api },
    ...shardOptions(shards),
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: 0,
      GuildMemberManager: 0,
      PresenceManager: 0,
      ReactionManager: 0,
      VoiceStateManager: 0,
    }),
  });
  const route = createInteractionRouter(commands, deps);
  client.on(Events.InteractionCreate, (interaction) => void route(interaction));
  client.on(Events.Error, (err) => deps.log.error({ err }, 'discord client error'));
  // GuildDelete fires only when the bot was removed (an outage emits GuildUnavailable instead).
  client.on(Events.GuildDelete, (guild) => {
    events
      ?.guildRemoved(guild.id)
      .catch((err: unknown) => deps.log.error({ err, guildId: guild.id }, 'guild removal failed'));
  });
  client.on(Events.ChannelDelete, (channel) => {
    events
      ?.channelDeleted(channel.id)
      .catch((err: unknown) => deps.log.error({ err, channelId: channel.id }, 'channel removal failed'));
  });
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(token);
  await ready;
  deps.log.info(
    { user: client.user?.tag, guilds: client.guilds.cache.size, shards: client.ws.shards.size },
    'discord bot ready',
  );
  return client;
}

/**
 * Internal sharding: Herald's bot keeps no state of its own in memory (the database and Redis hold it), answers
 * interactions and watches two events, with its caches trimmed, so one process holds the shards of many thousands of
 * servers; separate shard processes would each need their own database pool, Redis connections and HTTP port.
 */
function shardOptions(shards: number | 'auto' | undefined): Pick<ClientOptions, 'shards' | 'shardCount'> {
  if (shards === undefined) return {};
  if (shards === 'auto') return { shards: 'auto' };
  return { shards: Array.from({ length: shards }, (_, id) => id), shardCount: shards };
}
