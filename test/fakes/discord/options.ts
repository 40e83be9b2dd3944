/** How the bot stands in a channel; the fake turns it into a member overwrite, so discord.js's cache agrees. */
export type ChannelAccess = 'ok' | 'missing-access' | 'missing-permissions' | 'no-manage-webhooks';

/** A channel as a test declares it. */
export interface FakeChannelInit {
  id: string;
  name: string;
  /** Discord channel type; 0 is GUILD_TEXT. */
  type: number;
  topic?: string | null;
  position?: number;
  parentId?: string | null;
  /** A forum's tags (`available_tags`); ids are made up when not given. */
  availableTags?: Array<{ id?: string; name: string; moderated?: boolean }>;
  /** Makes the channel a thread (type 10, 11 or 12, `parentId` its channel) someone else started. */
  thread?: { archived?: boolean; locked?: boolean };
}

/** A role as a test declares it; the `@everyone` role (id = guild id) is added when missing. */
export interface FakeRoleInit {
  id: string;
  name: string;
  permissions?: bigint | string;
  position?: number;
  mentionable?: boolean;
}

/** A guild the bot is in, as a test declares it. */
export interface FakeGuildInit {
  id: string;
  name: string;
  preferredLocale?: string;
  ownerId?: string;
  memberCount?: number;
  channels: FakeChannelInit[];
  roles?: FakeRoleInit[];
  /** The guild's system channel (where Discord posts join messages), null when unset. */
  systemChannelId?: string | null;
  /** Permissions of the bot's managed role (defaults to view, send, embed links, read history, attach files). */
  botPermissions?: bigint | string;
}

/** What `startFakeDiscord` takes. */
export interface FakeDiscordOptions {
  botToken: string;
  applicationId: string;
  botUsername?: string;
  guilds: FakeGuildInit[];
  /** Time source for timestamps, snowflakes, nonce windows and token expiry; defaults to `Date.now`. */
  clock?: () => number;
  /** Sent in HELLO; Discord sends 41,250 ms. */
  heartbeatIntervalMs?: number;
  /** How long a nonce sent with `enforce_nonce` deduplicates; Discord documents "the past few minutes". */
  nonceWindowMs?: number;
  /** Privileged intents switched on in the developer portal; identifying with others closes with 4014. */
  privilegedIntents?: number;
  /** Deadline for the first interaction callback (Discord: 3 s); `null` records the delay without enforcing. */
  interactionDeadlineMs?: number | null;
  /** The shard count `GET /gateway/bot` recommends (default 1; Discord: about one per 1,000 guilds). */
  shards?: number;
  /** `session_start_limit.max_concurrency`, the IDENTIFYs allowed per 5 s (Discord: 1, or 16+ for large bots). */
  maxConcurrency?: number;
}
