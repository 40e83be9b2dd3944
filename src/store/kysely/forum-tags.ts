import type { Selectable } from 'kysely';
import type { ForumTagMapsTable } from '../schema.js';
import type { StoreContext } from './context.js';

/** A forum channel's mapping of an article's topic label to one of the forum's tag names. */
export interface ForumTagMapRow {
  id: number;
  guildId: string;
  channelId: string;
  /** The label as the admin wrote it. */
  topic: string;
  /** The label folded, as the caller folded it: an article's label matches when it folds the same. */
  topicKey: string;
  tag: string;
  createdAt: number;
}

export type NewForumTagMap = Omit<ForumTagMapRow, 'id' | 'createdAt'>;

/** Forum tag mappings (`/forum-tags`): one tag name per topic label and forum channel. */
export interface ForumTagRepository {
  /** Maps the label to the tag in the channel, replacing the tag the label had there; returns the mapping. */
  map(mapping: NewForumTagMap, now: number): Promise<ForumTagMapRow>;
  /** Removes the guild's mapping of the label (by key) in the channel; false when there is none. */
  remove(guildId: string, channelId: string, topicKey: string): Promise<boolean>;
  /** The guild's mappings, by channel, then label. */
  ofGuild(guildId: string): Promise<ForumTagMapRow[]>;
  /** One channel's mappings, by label. */
  ofChannel(channelId: string): Promise<ForumTagMapRow[]>;
}

function toMap(r: Selectable<ForumTagMapsTable>): ForumTagMapRow {
  return {
    id: Number(r.id),
    guildId: r.guild_id,
    channelId: r.channel_id,
    topic: r.topic,
    topicKey: r.topic_key,
    tag: r.tag,
    createdAt: Number(r.created_at),
  };
}

export function createKyselyForumTagRepository({ db }: StoreContext): ForumTagRepository {
  return {
    async map(m, now) {
      const row = await db
        .insertInto('forum_tag_maps')
        .values({
          guild_id: m.guildId,
          channel_id: m.channelId,
          topic: m.topic,
          topic_key: m.topicKey,
          tag: m.tag,
          created_at: now,
        })
        .onConflict((oc) =>
          oc.columns(['channel_id', 'topic_key']).doUpdateSet({ topic: m.topic, tag: m.tag, guild_id: m.guildId }),
        )
        .returningAll()
        .executeTakeFirstOrThrow();
      return toMap(row);
    },

    async remove(guildId, channelId, topicKey) {
      const result = await db
        .deleteFrom('forum_tag_maps')
        .where('guild_id', '=', guildId)
        .where('channel_id', '=', channelId)
        .where('topic_key', '=', topicKey)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async ofGuild(guildId) {
      const rows = await db
        .selectFrom('forum_tag_maps')
        .selectAll()
        .where('guild_id', '=', guildId)
        .orderBy('channel_id')
        .orderBy('topic_key')
        .execute();
      return rows.map(toMap);
    },

    async ofChannel(channelId) {
      const rows = await db
        .selectFrom('forum_tag_maps')
        .selectAll()
        .where('channel_id', '=', channelId)
        .orderBy('topic_key')
        .execute();
      return rows.map(toMap);
    },
  };
}
