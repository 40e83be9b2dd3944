import {
  type APIAllowedMentions,
  type APIApplicationCommand,
  type APIGuildForumTag,
  type APIMessage,
  type APIOverwrite,
  type APIRole,
  type APIUser,
  OverwriteType,
  PermissionFlagsBits,
  type RoleFlags,
  type UserFlags,
} from 'discord-api-types/v10';
import type { StoredFile } from './attachments.js';
import type { ChannelAccess, FakeDiscordOptions, FakeGuildInit } from './options.js';

export type { ChannelAccess } from './options.js';

/** A message as the fake stored it: Discord's message object plus the `allowed_mentions` it was sent with. */
export type FakeMessage = APIMessage & { allowed_mentions: APIAllowedMentions | null };

/** One HTTP request the fake answered. */
export interface RecordedRequest {
  method: string;
  /** Path below `/api/v10`, without the query string. */
  path: string;
  query: string;
  body: unknown;
  status: number;
  at: number;
}

/** One answer an app gave to an interaction: the callback, an edit of the original, or a follow-up. */
export interface InteractionResponseRecord {
  kind: 'callback' | 'edit-original' | 'followup' | 'edit-followup' | 'delete';
  /** The callback type (4, 5, 6, 7, 8, 9) for `kind: 'callback'`. */
  callbackType: number | null;
  body: unknown;
  ephemeral: boolean;
  at: number;
  /** Milliseconds since the interaction was dispatched. */
  delayMs: number;
  message: FakeMessage | null;
}

/** An interaction the fake dispatched and what the app did with it. */
export interface InteractionRecord {
  id: string;
  token: string;
  type: number;
  guildId: string;
  channelId: string;
  userId: string;
  createdAt: number;
  acknowledged: boolean;
  ephemeral: boolean;
  original: FakeMessage | null;
  /** For a component interaction, the message the component is on (callback 7 edits it). */
  message: FakeMessage | null;
  followups: FakeMessage[];
  /** Sent to the app's interactions endpoint rather than over the gateway. */
  http?: boolean;
  /** Why Discord showed "The application did not respond" for an HTTP interaction (its answer was refused). */
  httpFailure?: string;
  responses: InteractionResponseRecord[];
  waiters: Array<(response: InteractionResponseRecord) => void>;
}

export interface ChannelRecord {
  id: string;
  guildId: string;
  name: string;
  type: number;
  topic: string | null;
  position: number;
  parentId: string | null;
  overwrites: APIOverwrite[];
  access: ChannelAccess;
  deleted: boolean;
  lastMessageId: string | null;
  /** Set on a thread (a forum post): who started it, when, and whether it is archived. */
  thread?: ThreadRecord;
  /** A forum's tags. */
  availableTags?: APIGuildForumTag[];
}

/** What a thread channel has beyond a channel. */
export interface ThreadRecord {
  ownerId: string;
  /** Epoch ms, the fake's clock. */
  createdAt: number;
  archived: boolean;
  /** Only members with Manage Threads may post in (or unarchive) a locked thread. */
  locked?: boolean;
  /** Minutes without activity before Discord archives it (default 4320). */
  autoArchiveMinutes?: number;
  /** A forum post's tag ids. */
  appliedTags?: string[];
}

export interface GuildRecord {
  id: string;
  name: string;
  ownerId: string;
  preferredLocale: string;
  memberCount: number;
  roles: APIRole[];
  botRoleId: string;
  joinedAt: string;
  systemChannelId: string | null;
}

/** A channel webhook (type 1, incoming) the bot created. */
export interface WebhookRecord {
  id: string;
  token: string;
  channelId: string;
  guildId: string;
  name: string;
  /** Who created it: the bot. */
  creatorId: string;
}

/** A direct-message channel the bot opened with a user. */
export interface DmChannelRecord {
  id: string;
  recipientId: string;
}

const DISCORD_EPOCH = 1_420_070_400_000n;
const F = PermissionFlagsBits;
const DEFAULT_EVERYONE = F.ViewChannel | F.SendMessages | F.EmbedLinks | F.ReadMessageHistory | F.AddReactions;
const DEFAULT_BOT = F.ViewChannel | F.SendMessages | F.EmbedLinks | F.ReadMessageHistory | F.AttachFiles;
const ALL_PERMISSIONS = Object.values(F).reduce((all, bit) => all | bit, 0n);

/** Everything the fake knows; the REST routes and the gateway read and write it. */
export class FakeState {
  readonly bot: APIUser;
  readonly guilds = new Map<string, GuildRecord>();
  readonly channels = new Map<string, ChannelRecord>();
  /** DM channels by id; users in `closedDms` do not accept DMs from the bot (50007). */
  readonly dmChannels = new Map<string, DmChannelRecord>();
  readonly closedDms = new Set<string>();
  readonly messages = new Map<string, FakeMessage[]>();
  readonly nonces = new Map<string, { message: FakeMessage; at: number }>();
  /** When each announcement channel's messages were published (crossposted), for its hourly limit. */
  readonly crossposts = new Map<string, number[]>();
  /** Channel webhooks by id (interaction webhooks are the `interactions`). */
  readonly webhooks = new Map<string, WebhookRecord>();
  readonly globalCommands: APIApplicationCommand[] = [];
  readonly guildCommands = new Map<string, APIApplicationCommand[]>();
  readonly interactions = new Map<string, InteractionRecord>();
  readonly interactionsByToken = new Map<string, InteractionRecord>();
  readonly requests: RecordedRequest[] = [];
  /** Files on the fake's CDN by path (uploads and attachments users send with commands). */
  readonly files = new Map<string, StoredFile>();
  /** `http://127.0.0.1:PORT`, where the CDN paths are served; set once the server listens. */
  cdnBase = '';
  /** Set by the gateway: sends a dispatch to every session whose intents include `intent` (when given). */
  dispatch: (event: string, data: unknown, intent?: number) => void = () => {};
  private increment = 0;

  constructor(readonly options: FakeDiscordOptions) {
    this.bot = {
      id: options.applicationId,
      username: options.botUsername ?? 'Herald',
      discriminator: '0',
      global_name: null,
      avatar: null,
      bot: true,
      flags: 0 as UserFlags,
      public_flags: 0 as UserFlags,
    };
    for (const init of options.guilds) this.addGuild(init);
  }

  now(): number {
    return (this.options.clock ?? Date.now)();
  }

  /** A fresh snowflake for the current time (worker 1, increasing increment). */
  snowflake(): string {
    const increment = BigInt(this.increment++ & 0xfff);
    return (((BigInt(this.now()) - DISCORD_EPOCH) << 22n) | (1n << 17n) | increment).toString();
  }

  /** The bot's permissions in a channel, computed the way Discord does (base, then overwrites; a thread's parent's). */
  botPermissionsIn(target: ChannelRecord): bigint {
    const parent = target.thread ? this.channels.get(target.parentId ?? '') : undefined;
    const channel = parent ?? target;
    const guild = this.guilds.get(channel.guildId);
    if (!guild) return 0n;
    const memberRoles = new Set([guild.id, guild.botRoleId]);
    let perms = guild.roles.filter((r) => memberRoles.has(r.id)).reduce((p, r) => p | BigInt(r.permissions), 0n);
    if (perms & F.Administrator) return ALL_PERMISSIONS;
    const apply = (o: APIOverwrite | undefined) => {
      if (o) perms = (perms & ~BigInt(o.deny)) | BigInt(o.allow);
    };
    apply(channel.overwrites.find((o) => o.id === guild.id));
    let deny = 0n;
    let allow = 0n;
    for (const o of channel.overwrites) {
      if (o.type === OverwriteType.Role && o.id !== guild.id && memberRoles.has(o.id)) {
        deny |= BigInt(o.deny);
        allow |= BigInt(o.allow);
      }
    }
    perms = (perms & ~deny) | allow;
    apply(channel.overwrites.find((o) => o.type === OverwriteType.Member && o.id === this.bot.id));
    return perms;
  }

  /** Sets the bot's member overwrite on a channel to match `access`. */
  setAccess(channel: ChannelRecord, access: ChannelAccess): void {
    channel.access = access;
    channel.overwrites = channel.overwrites.filter((o) => !(o.type === OverwriteType.Member && o.id === this.bot.id));
    const denied = { ok: 0n, 'missing-access': F.ViewChannel, 'missing-permissions': F.SendMessages };
    const deny = access === 'no-manage-webhooks' ? F.ManageWebhooks : denied[access];
    if (deny) channel.overwrites.push({ id: this.bot.id, type: OverwriteType.Member, allow: '0', deny: String(deny) });
  }

  liveChannel(id: string): ChannelRecord | undefined {
    const channel = this.channels.get(id);
    return channel && !channel.deleted ? channel : undefined;
  }

  private addGuild(init: FakeGuildInit): void {
    const role = (id: string, name: string, permissions: bigint, position: number, managed = false): APIRole => ({
      id,
      name,
      color: 0,
      colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
      hoist: false,
      icon: null,
      unicode_emoji: null,
      position,
      permissions: String(permissions),
      managed,
      mentionable: false,
      flags: 0 as RoleFlags,
      ...(managed ? { tags: { bot_id: this.bot.id } } : {}),
    });
    const roles = (init.roles ?? []).map((r, i) => ({
      ...role(r.id, r.name, BigInt(r.permissions ?? 0n), r.position ?? i + 1),
      mentionable: r.mentionable ?? false,
    }));
    if (!roles.some((r) => r.id === init.id)) roles.unshift(role(init.id, '@everyone', DEFAULT_EVERYONE, 0));
    const botRoleId = this.snowflake();
    roles.push(role(botRoleId, this.bot.username, BigInt(init.botPermissions ?? DEFAULT_BOT), roles.length, true));
    this.guilds.set(init.id, {
      id: init.id,
      name: init.name,
      ownerId: init.ownerId ?? this.snowflake(),
      preferredLocale: init.preferredLocale ?? 'en-US',
      memberCount: init.memberCount ?? 2,
      roles,
      botRoleId,
      joinedAt: new Date(this.now()).toISOString(),
      systemChannelId: init.systemChannelId ?? null,
    });
    init.channels.forEach((c, i) => {
      this.channels.set(c.id, {
        id: c.id,
        guildId: init.id,
        name: c.name,
        type: c.type,
        topic: c.topic ?? null,
        position: c.position ?? i,
        parentId: c.parentId ?? null,
        overwrites: [],
        access: 'ok',
        deleted: false,
        lastMessageId: null,
        ...(c.thread && {
          thread: { ownerId: init.ownerId ?? this.snowflake(), createdAt: this.now(), archived: false, ...c.thread },
        }),
        ...(c.availableTags && {
          availableTags: c.availableTags.map((t) => ({
            id: t.id ?? this.snowflake(),
            name: t.name,
            moderated: t.moderated ?? false,
            emoji_id: null,
            emoji_name: null,
          })),
        }),
      });
    });
  }
}
