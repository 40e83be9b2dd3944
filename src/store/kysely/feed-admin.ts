import { sql } from 'kysely';
import type { ArticleRow } from './articles.js';
import { toArticle } from './articles.js';
import type { StoreContext } from './context.js';

/** A feed's new address and what its validating fetch returned (see {@link FeedAdminRepository.move}). */
export interface FeedMove {
  url: string;
  title: string | null;
  siteLink: string | null;
  etag: string | null;
  lastModified: string | null;
  bodyHash: string | null;
  /** When the new address was fetched. */
  movedAt: number;
  nextPollAt: number;
}

/** What to look an article up by: its link as given and normalized, its guid, its item keys. */
export interface ArticleProbe {
  links: string[];
  guids: string[];
  keys: string[];
}

/** The store side of the admin commands `/feed why`, `/feed interval` and `/feed move`. */
export interface FeedAdminRepository {
  /** The guilds with a subscription (paused or not) to the feed, sorted. */
  followingGuilds(feedId: number): Promise<string[]>;
  /**
   * Gives the feed a new address, keeping its id (so its subscriptions, articles and deliveries), with the
   * validators of the fetch that checked it; clears its failures and re-enables it. False, changing nothing, when
   * another feed already has that address.
   */
  move(feedId: number, move: FeedMove): Promise<boolean>;
  /** Articles of the given feeds whose link, guid or item key is one of the probe's, newest first, at most `limit`. */
  findArticles(feedIds: number[], probe: ArticleProbe, limit: number): Promise<ArticleRow[]>;
  /** How many deliveries in the channel were posted as the message (more than one: a roundup). */
  messageShare(channelId: string, messageId: string): Promise<number>;
}

/** Values per `IN (…)` list of a probe: an address has a handful of spellings, never more. */
const PROBE_MAX = 20;

export function createKyselyFeedAdminRepository({ db, write }: StoreContext): FeedAdminRepository {
  /** The move in one transaction: a free address is checked and taken together. */
  const moveIn = (feedId: number, move: FeedMove) =>
    write(async (tx) => {
      const taken = await tx
        .selectFrom('feeds')
        .select('id')
        .where('url', '=', move.url)
        .where('id', '!=', feedId)
        .executeTakeFirst();
      if (taken) return false;
      const result = await tx
        .updateTable('feeds')
        .set((eb) => ({
          url: move.url,
          ...(move.title !== null && { title: move.title }),
          ...(move.siteLink !== null && { site_link: move.siteLink }),
          etag: move.etag,
          last_modified: move.lastModified,
          body_hash: move.bodyHash,
          last_polled_at: eb.fn.coalesce('last_polled_at', eb.val(move.movedAt)),
          last_success_at: move.movedAt,
          next_poll_at: move.nextPollAt,
          last_error: null,
          last_error_kind: null,
          failure_count: 0,
          failure_limit: null,
          disabled_at: null,
        }))
        .where('id', '=', feedId)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    });

  return {
    async followingGuilds(feedId) {
      const rows = await db
        .selectFrom('subscriptions')
        .select('guild_id')
        .distinct()
        .where('feed_id', '=', feedId)
        .orderBy('guild_id')
        .execute();
      return rows.map((r) => r.guild_id);
    },

    async move(feedId, move) {
      try {
        return await moveIn(feedId, move);
      } catch (error) {
        // Another feed took the address between the check and the update (the unique index refused it).
        const taken = await db
          .selectFrom('feeds')
          .select('id')
          .where('url', '=', move.url)
          .where('id', '!=', feedId)
          .executeTakeFirst();
        if (taken) return false;
        throw error;
      }
    },

    async findArticles(feedIds, probe, limit) {
      const links = [...new Set(probe.links)].slice(0, PROBE_MAX);
      const guids = [...new Set(probe.guids)].slice(0, PROBE_MAX);
      const keys = [...new Set(probe.keys)].slice(0, PROBE_MAX);
      if (feedIds.length === 0 || limit <= 0 || links.length + guids.length + keys.length === 0) return [];
      const rows = await db
        .selectFrom('articles')
        .selectAll()
        .where('feed_id', 'in', feedIds)
        .where((eb) =>
          eb.or([
            ...(links.length > 0 ? [eb('link', 'in', links)] : []),
            ...(guids.length > 0 ? [eb('guid', 'in', guids)] : []),
            ...(keys.length > 0 ? [eb('item_key', 'in', keys)] : []),
          ]),
        )
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toArticle);
    },

    async messageShare(channelId, messageId) {
      const row = await db
        .selectFrom('deliveries')
        .select(sql<number>`count(*)`.as('n'))
        .where('channel_id', '=', channelId)
        .where('message_id', '=', messageId)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },
  };
}
