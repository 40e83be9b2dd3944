import { z } from 'zod';
import type { Deps } from '../../deps.js';
import { FeedError } from '../../feeds/errors.js';
import { fetchFeed } from '../../feeds/fetch.js';
import { jsonNestsDeeperThan } from '../../feeds/json-depth.js';
import { UserError } from '../../i18n/user-error.js';
import { MAX_MENTION_RULES } from './filters.js';

/** The version this Herald writes; it reads this one and older ones. */
export const BACKUP_VERSION = 1;

export const BACKUP_LIMITS = {
  /** A backup of 1,000 subscriptions with long filters stays well under this. */
  maxBytes: 1024 * 1024,
  /** The document nests 5 levels deep; anything far deeper is not a backup. */
  maxDepth: 16,
  maxSubscriptions: 1000,
  maxTopics: 1000,
  maxForumTags: 1000,
  maxBriefings: 100,
};

const snowflake = z.string().regex(/^\d{1,20}$/);
const text = (max: number) => z.string().max(max);

/** A channel or role: its id where it was exported, and its name, by which another server's is found. */
const ref = z.object({ id: snowflake, name: text(100).nullable() });

const mention = z.object({ role: ref, filter: text(500).nullable() });

/**
 * A subscription's own settings. Values are checked as `/subscribe` checks them when they are restored; a key this
 * Herald does not know (one a newer Herald wrote) is skipped and named in the report.
 */
const topicOptions = z.object({
  language: text(35).nullable().optional(),
  style: text(20).nullable().optional(),
  layout: text(20).nullable().optional(),
  maxPerHour: z.number().int().min(1).max(60).nullable().optional(),
  maxAgeHours: z.number().int().min(1).max(8760).nullable().optional(),
  thread: z.literal('per-article').nullable().optional(),
  threadArchiveMinutes: z
    .number()
    .refine((m) => [60, 1440, 4320, 10080].includes(m))
    .nullable()
    .optional(),
  publish: z.boolean().optional(),
  /** The name of one of the server's templates (in `templates`); null: the preset `layout`. */
  template: text(32).nullable().optional(),
  /** Posts through the channel's webhook under this name and avatar; null: as the bot. */
  webhook: z
    .object({ name: text(80).nullable(), avatarUrl: text(2048).nullable() })
    .nullable()
    .optional(),
});
const feedOptions = topicOptions.extend({ filter: text(500).nullable().optional() });

const feedSubscription = z.object({
  feed: z.object({ url: text(2048), title: text(300).nullable().optional() }),
  channel: ref,
  mentionRole: ref.nullable(),
  options: feedOptions,
  mentions: z.array(mention).max(MAX_MENTION_RULES),
});

const topicSubscription = z.object({
  query: text(200).min(1),
  /** Null: every feed the server follows. */
  feed: z.object({ url: text(2048) }).nullable(),
  channel: ref,
  mentionRole: ref.nullable(),
  options: topicOptions,
  mentions: z.array(mention).max(MAX_MENTION_RULES),
});

/** A forum's tag for a topic label (`/forum-tags map`), restored in the forum of the same id or name. */
const forumTagMap = z.object({ channel: ref, topic: text(100).min(1), tag: text(100).min(1) });

/**
 * A briefing (`/briefing add`): its channel, restored by id or name; its scope, a feed by address (one the server
 * follows) or a topic query, else every feed; its own language, style and time zone (null: the server's).
 */
const briefing = z.object({
  channel: ref,
  time: text(5),
  days: z.enum(['daily', 'weekdays', 'weekends']),
  feed: z.object({ url: text(2048) }).nullable(),
  topic: text(200).nullable(),
  language: text(35).nullable(),
  style: text(20).nullable(),
  timezone: text(60).nullable(),
});

const backup = z.object({
  format: z.literal('herald-backup'),
  version: z.number().int().min(1).max(BACKUP_VERSION),
  exportedAt: text(40),
  guild: z.object({ id: snowflake, name: text(100).nullable() }),
  settings: z.object({
    language: text(35).optional(),
    style: text(20).optional(),
    layout: text(20).optional(),
    template: text(32).nullable().optional(),
    timezone: text(60).optional(),
    filler: text(20).optional(),
  }),
  /** The server's message templates, restored before the settings and subscriptions that name them. */
  templates: z
    .array(z.object({ name: text(32), content: text(6000) }))
    .max(20)
    .optional(),
  subscriptions: z.array(feedSubscription).max(BACKUP_LIMITS.maxSubscriptions),
  topics: z.array(topicSubscription).max(BACKUP_LIMITS.maxTopics),
  forumTags: z.array(forumTagMap).max(BACKUP_LIMITS.maxForumTags).optional(),
  briefings: z.array(briefing).max(BACKUP_LIMITS.maxBriefings).optional(),
});

/** A server's setup as `/backup export` writes it. */
export type BackupDocument = z.infer<typeof backup>;
export type BackupRef = z.infer<typeof ref>;
export type BackupMention = z.infer<typeof mention>;
export type BackupFeedSubscription = z.infer<typeof feedSubscription>;
export type BackupTopicSubscription = z.infer<typeof topicSubscription>;
export type BackupBriefing = z.infer<typeof briefing>;

/** A parsed backup and the keys it carried that this Herald does not know (JSON paths such as `topics[0].options.x`). */
export interface ReadBackup {
  document: BackupDocument;
  unknownKeys: string[];
}

/**
 * Reads a backup file: size and nesting are checked before it is parsed, then its shape; values (languages, filters,
 * queries, feed addresses) are checked one by one when they are restored.
 * @throws UserError naming the first problem: too large, not JSON, a newer version, or the path of a bad value
 */
export function readBackup(bytes: Uint8Array): ReadBackup {
  if (bytes.byteLength > BACKUP_LIMITS.maxBytes) throw backupTooLarge();
  const source = new TextDecoder('utf-8', { fatal: false }).decode(bytes).replace(/^\uFEFF/, '');
  if (jsonNestsDeeperThan(source, BACKUP_LIMITS.maxDepth)) throw new UserError('backupNotBackup');
  let raw: unknown;
  try {
    raw = JSON.parse(source);
  } catch {
    throw new UserError('backupNotJson');
  }
  const version = (raw as { version?: unknown } | null)?.version;
  if ((raw as { format?: unknown } | null)?.format !== 'herald-backup') throw new UserError('backupNotBackup');
  if (typeof version === 'number' && version > BACKUP_VERSION) {
    throw new UserError('backupNewer', { max: BACKUP_VERSION });
  }
  const parsed = backup.safeParse(raw);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    throw new UserError('backupInvalid', { name: pathText(issue?.path ?? []) });
  }
  return { document: parsed.data, unknownKeys: unknownKeys(backup, raw, '') };
}

/**
 * Downloads a backup file (a Discord attachment's CDN address) under the feed network guard, with the backup size cap,
 * and reads it.
 * @throws UserError when it cannot be downloaded or is not a usable backup
 */
export async function fetchBackup(deps: Pick<Deps, 'config'>, url: string): Promise<ReadBackup> {
  let body: Uint8Array;
  try {
    const res = await fetchFeed(url, {
      allowPrivate: deps.config.FEED_ALLOW_PRIVATE,
      profiles: deps.config.fetchProfiles,
      maxBytes: BACKUP_LIMITS.maxBytes,
    });
    if (res.status !== 'ok') throw new UserError('opmlNotModified');
    body = res.body;
  } catch (err) {
    if (!(err instanceof FeedError)) throw err;
    if (err.kind === 'too-large') throw backupTooLarge();
    throw new UserError('opmlNotDownloaded', { problem: err.problem });
  }
  return readBackup(body);
}

export function backupTooLarge(): UserError {
  return new UserError('backupTooLarge', { max: BACKUP_LIMITS.maxBytes / 1024 });
}

function pathText(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>(
    (s, key) => (typeof key === 'number' ? `${s}[${key}]` : `${s}${s ? '.' : ''}${String(key)}`),
    '',
  );
}

/** The keys of `value` that `schema` does not declare, at any depth (the schema already accepted `value`). */
function unknownKeys(schema: z.ZodType, value: unknown, path: string): string[] {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable) {
    return value == null ? [] : unknownKeys(schema.unwrap() as z.ZodType, value, path);
  }
  if (schema instanceof z.ZodArray && Array.isArray(value)) {
    return value.flatMap((v, i) => unknownKeys(schema.element as z.ZodType, v, `${path}[${i}]`));
  }
  if (schema instanceof z.ZodObject && value !== null && typeof value === 'object') {
    const shape = schema.shape as Record<string, z.ZodType>;
    return Object.entries(value).flatMap(([key, v]) => {
      const at = path ? `${path}.${key}` : key;
      const known = Object.hasOwn(shape, key) ? shape[key] : undefined;
      return known ? unknownKeys(known, v, at) : [at];
    });
  }
  return [];
}
