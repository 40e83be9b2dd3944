import type { REST } from '@discordjs/rest';
import {
  type APIChannel,
  type APIGuild,
  type APIGuildMember,
  type APIRole,
  ChannelType,
  PermissionFlagsBits,
  Routes,
} from 'discord-api-types/v10';
import type { BotPermission } from '../i18n/en.js';
import { UserError } from '../i18n/user-error.js';
import { permissionsIn } from './channel-permissions.js';

/**
 * Channel types Herald posts in: text and announcement channels and existing threads get messages, forums get one
 * post per article.
 */
export const POSTABLE_CHANNEL_TYPES = [
  ChannelType.GuildText,
  ChannelType.GuildAnnouncement,
  ChannelType.GuildForum,
  ChannelType.AnnouncementThread,
  ChannelType.PublicThread,
  ChannelType.PrivateThread,
] as const;

const THREAD_TYPES: readonly number[] = [
  ChannelType.AnnouncementThread,
  ChannelType.PublicThread,
  ChannelType.PrivateThread,
];

/**
 * Reads the channel from Discord itself (interaction data can be stale or forged) and checks it is in this guild and
 * a type Herald posts in.
 */
export async function channelOfGuild(rest: REST, guildId: string, channelId: string) {
  let channel: APIChannel & { guild_id?: string };
  try {
    channel = (await rest.get(Routes.channel(channelId))) as APIChannel & { guild_id?: string };
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    throw new UserError(code === 50001 ? 'channelUnreachable' : 'channelNotHere');
  }
  if (channel.guild_id !== guildId) throw new UserError('channelNotHere');
  if (!(POSTABLE_CHANNEL_TYPES as readonly ChannelType[]).includes(channel.type)) throw new UserError('channelType');
  return channel as APIChannel & { guild_id: string; permission_overwrites?: [] };
}

/** Checks the role exists in this guild. */
export async function roleOfGuild(rest: REST, guildId: string, roleId: string): Promise<APIRole> {
  const roles = (await rest.get(Routes.guildRoles(guildId))) as APIRole[];
  const role = roles.find((r) => r.id === roleId);
  if (!role || role.id === guildId) throw new UserError('roleNotHere');
  return role;
}

const NEEDED: Array<[bigint, BotPermission]> = [
  [PermissionFlagsBits.ViewChannel, 'view-channel'],
  [PermissionFlagsBits.SendMessages, 'send-messages'],
  [PermissionFlagsBits.EmbedLinks, 'embed-links'],
];
const NEEDED_IN_FORUMS: Array<[bigint, BotPermission]> = [
  [PermissionFlagsBits.ViewChannel, 'view-channel'],
  [PermissionFlagsBits.SendMessages, 'create-posts'],
  [PermissionFlagsBits.SendMessagesInThreads, 'send-messages-in-threads'],
  [PermissionFlagsBits.EmbedLinks, 'embed-links'],
];

const NEEDED_IN_THREADS: Array<[bigint, BotPermission]> = [
  [PermissionFlagsBits.ViewChannel, 'view-channel'],
  [PermissionFlagsBits.SendMessagesInThreads, 'send-messages-in-threads'],
  [PermissionFlagsBits.EmbedLinks, 'embed-links'],
];

/** A channel as `GET /channels/{id}` gives it, reduced to what a permission check reads. */
interface CheckedChannel {
  id: string;
  guild_id: string;
  type: number;
  permission_overwrites?: unknown;
  parent_id?: string | null;
  thread_metadata?: { locked?: boolean };
}

/**
 * The bot's permissions in the channel, computed from the guild's roles, its member and the channel's overwrites; in a
 * thread, its parent channel's.
 */
export async function botPermissions(rest: REST, botId: string, channel: CheckedChannel): Promise<bigint> {
  const inThread = THREAD_TYPES.includes(channel.type);
  const [guild, me, parent] = (await Promise.all([
    rest.get(Routes.guild(channel.guild_id)),
    rest.get(Routes.guildMember(channel.guild_id, botId)),
    inThread && channel.parent_id ? rest.get(Routes.channel(channel.parent_id)) : channel,
  ])) as [APIGuild, APIGuildMember, CheckedChannel];
  return permissionsIn(
    { id: guild.id, ownerId: guild.owner_id, roles: guild.roles },
    { userId: botId, roles: me.roles },
    (parent.permission_overwrites ?? []) as Parameters<typeof permissionsIn>[2],
  );
}

/**
 * The permissions Herald lacks in the channel to post there (empty when it has them all), for `botMissing`. In a
 * thread they are its parent channel's (and a locked thread takes Manage Threads); `threads`: Herald also starts a
 * thread on each post (Create Public Threads).
 */
export async function missingBotPermissions(
  rest: REST,
  botId: string,
  channel: CheckedChannel,
  { threads = false }: { threads?: boolean } = {},
): Promise<BotPermission[]> {
  const perms = await botPermissions(rest, botId, channel);
  const inThread = THREAD_TYPES.includes(channel.type);
  const needed = [
    ...(inThread ? NEEDED_IN_THREADS : channel.type === ChannelType.GuildForum ? NEEDED_IN_FORUMS : NEEDED),
  ];
  if (inThread && channel.thread_metadata?.locked) needed.push([PermissionFlagsBits.ManageThreads, 'manage-threads']);
  // Only a text or announcement channel's posts take threads; elsewhere `/subscribe` refuses the option itself.
  const threadable = channel.type === ChannelType.GuildText || channel.type === ChannelType.GuildAnnouncement;
  if (threads && threadable) needed.push([PermissionFlagsBits.CreatePublicThreads, 'create-public-threads']);
  return needed.filter(([bit]) => (perms & bit) !== bit).map(([, name]) => name);
}
