import type {
  APIApplication,
  APIChannel,
  APIGuild,
  APIGuildMember,
  ApplicationFlags,
  GatewayGuildCreateDispatchData,
  GuildMemberFlags,
  GuildSystemChannelFlags,
  Locale,
} from 'discord-api-types/v10';
import type { ChannelRecord, FakeState, GuildRecord, ThreadRecord } from './state.js';

type GuildChannel = GatewayGuildCreateDispatchData['channels'][number];

/** A guild channel object as `GET /channels/{id}` returns it (GUILD_CREATE leaves out `guild_id`). */
export function channelObject(channel: ChannelRecord, withGuildId = true): GuildChannel {
  return {
    id: channel.id,
    type: channel.type,
    ...(withGuildId ? { guild_id: channel.guildId } : {}),
    name: channel.name,
    position: channel.position,
    permission_overwrites: channel.overwrites,
    parent_id: channel.parentId,
    topic: channel.topic,
    nsfw: false,
    last_message_id: channel.lastMessageId,
    rate_limit_per_user: 0,
    flags: 0,
    ...(channel.thread ? threadFields(channel.thread) : {}),
    ...(channel.availableTags ? { available_tags: channel.availableTags } : {}),
  } as unknown as GuildChannel;
}

/** The fields a thread channel object adds: its owner and `thread_metadata`. */
function threadFields(thread: ThreadRecord) {
  return {
    owner_id: thread.ownerId,
    thread_metadata: {
      archived: thread.archived,
      auto_archive_duration: thread.autoArchiveMinutes ?? 4320,
      archive_timestamp: new Date(thread.createdAt).toISOString(),
      locked: thread.locked ?? false,
      create_timestamp: new Date(thread.createdAt).toISOString(),
    },
    ...(thread.appliedTags ? { applied_tags: thread.appliedTags } : {}),
  };
}

/** The guild object of `GET /guilds/{id}`. */
export function guildObject(guild: GuildRecord): APIGuild {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: guild.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: guild.roles,
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: guild.systemChannelId,
    system_channel_flags: 0 as GuildSystemChannelFlags,
    rules_channel_id: null,
    max_members: 500_000,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    vanity_url_code: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    preferred_locale: guild.preferredLocale as Locale,
    public_updates_channel_id: null,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    hub_type: null,
    safety_alerts_channel_id: null,
    incidents_data: null,
  };
}

/** The bot's own member object in a guild. */
export function botMember(state: FakeState, guild: GuildRecord): APIGuildMember {
  return {
    user: state.bot,
    nick: null,
    avatar: null,
    banner: null,
    roles: [guild.botRoleId],
    joined_at: guild.joinedAt,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0 as GuildMemberFlags,
    pending: false,
    communication_disabled_until: null,
  };
}

/** The GUILD_CREATE payload discord.js needs to mark a guild available: channels, roles and the bot's member. */
export function guildCreate(state: FakeState, guild: GuildRecord): GatewayGuildCreateDispatchData {
  const channels = [...state.channels.values()].filter((c) => c.guildId === guild.id && !c.deleted);
  return {
    ...guildObject(guild),
    joined_at: guild.joinedAt,
    large: false,
    unavailable: false,
    member_count: guild.memberCount,
    voice_states: [],
    members: [botMember(state, guild)],
    channels: channels.map((c) => channelObject(c, false)),
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

/** `GET /applications/@me`. */
export function applicationObject(state: FakeState): Partial<APIApplication> & { id: string } {
  return {
    id: state.bot.id,
    name: state.bot.username,
    icon: null,
    description: '',
    rpc_origins: [],
    bot_public: true,
    bot_require_code_grant: false,
    bot: state.bot,
    verify_key: '0'.repeat(64),
    team: null,
    flags: 0 as ApplicationFlags,
    approximate_guild_count: state.guilds.size,
    redirect_uris: [],
    interactions_endpoint_url: null,
  };
}

/** `GET /guilds/{id}/channels`. */
export function guildChannels(state: FakeState, guildId: string): APIChannel[] {
  return [...state.channels.values()].filter((c) => c.guildId === guildId && !c.deleted).map((c) => channelObject(c));
}
