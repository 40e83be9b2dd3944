import type { REST } from '@discordjs/rest';
import {
  type APIChannel,
  type APIGuild,
  type APIGuildMember,
  type APIUser,
  ChannelType,
  PermissionFlagsBits,
  Routes,
} from 'discord-api-types/v10';
import type { NoticeTarget } from '../ports/publisher.js';
import { type ChannelForPermissions, permissionsIn } from './channel-permissions.js';

/** Tells a server's admins something, wherever the bot can still speak (the publisher's pause notices). */
export interface GuildNotifier {
  /**
   * Posts `content` (no mentions parsed) to the guild's system channel, else the first text channel where the bot can
   * view and send, else a DM to the owner. Never throws for Discord refusals; answers where it went.
   */
  notify(guildId: string, content: string): Promise<NoticeTarget>;
}

const SPEAK = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages;
const TEXT_TYPES = new Set<number>([ChannelType.GuildText, ChannelType.GuildAnnouncement]);
/** A few tries at most: each refused post counts towards Discord's invalid-request limit. */
const MAX_CHANNEL_TRIES = 3;

/** A notifier over Discord REST, for the worker process (no gateway cache there). */
export function createRestNotifier(rest: REST): GuildNotifier {
  let botId: string | null = null;
  const post = async (channelId: string, content: string) => {
    await rest.post(Routes.channelMessages(channelId), { body: { content, allowed_mentions: { parse: [] } } });
  };

  return {
    async notify(guildId, content) {
      botId ??= ((await rest.get(Routes.user())) as APIUser).id;
      let guild: APIGuild;
      try {
        guild = (await rest.get(Routes.guild(guildId))) as APIGuild;
      } catch {
        return 'nowhere';
      }
      const candidates = await speakableChannels(rest, guild, botId).catch(() => []);
      for (const channelId of candidates.slice(0, MAX_CHANNEL_TRIES)) {
        try {
          await post(channelId, content);
          return channelId === guild.system_channel_id ? 'system-channel' : 'channel';
        } catch {
          // The cached view was stale or the channel refuses this payload: try the next one.
        }
      }
      try {
        const dm = (await rest.post(Routes.userChannels(), { body: { recipient_id: guild.owner_id } })) as APIChannel;
        await post(dm.id, content);
        return 'owner-dm';
      } catch {
        return 'nowhere';
      }
    },
  };
}

/** The guild's text channels where the bot may view and send, the system channel first, then by position. */
async function speakableChannels(rest: REST, guild: APIGuild, botId: string): Promise<string[]> {
  const [channels, me] = (await Promise.all([
    rest.get(Routes.guildChannels(guild.id)),
    rest.get(Routes.guildMember(guild.id, botId)),
  ])) as [ChannelForPermissions[], APIGuildMember];
  const g = { id: guild.id, ownerId: guild.owner_id, roles: guild.roles };
  const member = { userId: botId, roles: me.roles };
  return channels
    .filter((c) => TEXT_TYPES.has(c.type))
    .filter((c) => (permissionsIn(g, member, c.permission_overwrites ?? []) & SPEAK) === SPEAK)
    .sort((a, b) => rank(a, guild) - rank(b, guild) || a.position - b.position)
    .map((c) => c.id);
}

function rank(channel: ChannelForPermissions, guild: APIGuild): number {
  return channel.id === guild.system_channel_id ? 0 : 1;
}
