import { Client, Events, GatewayIntentBits, Options } from 'discord.js';
import type { Deps } from '../deps.js';
import { channelDeleted, guildRemoved } from '../pipeline/subscriptions.js';
import type { Command } from './command.js';
import { createInteractionRouter } from './router.js';

/**
 * The gateway client: only the Guilds intent (no privileged intents), no message or member caches, slash commands
 * routed to `commands/`. Resolves once the client is ready.
 */
export async function startBot(
  deps: Deps,
  commands: Map<string, Command>,
  { token, api }: { token: string; api: string },
): Promise<Client> {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api },
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
    guildRemoved(deps, guild.id).catch((err: unknown) =>
      deps.log.error({ err, guildId: guild.id }, 'guild removal failed'),
    );
  });
  client.on(Events.ChannelDelete, (channel) => {
    channelDeleted(deps, channel.id).catch((err: unknown) =>
      deps.log.error({ err, channelId: channel.id }, 'channel removal failed'),
    );
  });
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(token);
  await ready;
  deps.log.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, 'discord bot ready');
  return client;
}
