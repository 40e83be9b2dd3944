import type { Selectable } from 'kysely';
import type { StoryPostsTable } from '../schema.js';
import type { StoreContext } from './context.js';
import type { DeliveryState } from './deliveries.js';

/** The columns of a {@link StoryArticle}, selected from `articles` joined with `feeds` (briefings read them too). */
export const STORY_ARTICLE_COLUMNS = [
  'articles.id as articleId',
  'articles.feed_id as feedId',
  'feeds.title as feedTitle',
  'feeds.url as feedUrl',
  'articles.title as title',
  'articles.link as link',
  'articles.published_at as publishedAt',
  'articles.created_at as seenAt',
] as const;

/** A story's one post in a channel. */
export interface StoryPostRow {
  id: number;
  channelId: string;
  guildId: string;
  storyKey: string;
  /** The delivery whose post it is. */
  deliveryId: number;
  /** When that delivery took the story's post. */
  createdAt: number;
  /** When its breaking alert was claimed; null: none yet. */
  alertedAt: number | null;
  alertMessageId: string | null;
}

/** The delivery a story post belongs to, as far as merging cares. */
export interface StoryPostOwner {
  deliveryId: number;
  articleId: number;
  subscriptionId: number | null;
  state: DeliveryState;
  messageId: string | null;
  sentAt: number | null;
}

/** One outlet's article of a story. */
export interface StoryArticle {
  articleId: number;
  feedId: number;
  feedTitle: string | null;
  feedUrl: string;
  title: string;
  link: string | null;
  publishedAt: number | null;
  /** When Herald first stored it: when the story reached this outlet as far as Herald knows. */
  seenAt: number;
  /** Lower-case BCP 47 tag of its language when known (the search index's, else the feed's). */
  language: string | null;
}

/** A feed subscription's story settings as stored; null fields: the server's (alerts: none). */
export interface SubscriptionStorySettings {
  perStory: boolean | null;
  alert: StoryAlertRule | null;
}

/** "Mention `roleId` when a story reaches `outlets` outlets within `minutes` minutes." */
export interface StoryAlertRule {
  roleId: string;
  outlets: number;
  minutes: number;
}

/** A server's story settings. */
export interface GuildStorySettings {
  /** The setting of its subscriptions that have none of their own. */
  perStory: boolean;
  /** A copy arriving this long after the story's post is posted anew. */
  windowHours: number;
}

/** A server's story settings until it changes them. */
export const DEFAULT_GUILD_STORY_SETTINGS: Readonly<GuildStorySettings> = Object.freeze({
  perStory: true,
  windowHours: 48,
});

/**
 * One post per story per channel: the record of a story's post in a channel (unique per channel and story, so two
 * copies never make two posts), the later copies merged into it, its breaking alert, and the settings that govern
 * them (per feed subscription, per server).
 */
export interface StoryPostRepository {
  /**
   * The story's post in the channel, taken for `deliveryId` when none is recorded, with the delivery it belongs to.
   */
  claim(
    post: { channelId: string; guildId: string; storyKey: string; deliveryId: number },
    now: number,
  ): Promise<{ post: StoryPostRow; owner: StoryPostOwner }>;
  /**
   * Hands the post to delivery `to` (a new post: past the window, or the old one gone), forgetting the copies merged
   * into the old one and its alert; false when the post no longer belongs to `from` (another run took it).
   */
  takeOver(postId: number, from: number, to: number, now: number): Promise<boolean>;
  /** Records a copy merged into the post; a copy recorded already is left as it was. */
  addArticle(postId: number, articleId: number, now: number): Promise<void>;
  /** The post's articles: its own first, then the merged copies in the order they were recorded. */
  articles(postId: number): Promise<StoryArticle[]>;
  /** The post a delivery made, null when it made none. */
  ofDelivery(deliveryId: number): Promise<StoryPostRow | null>;
  /**
   * Claims the post's breaking alert: true when this call claimed it, or when it was claimed but no message recorded
   * (a try that died: the caller posts again with the same idempotency key).
   */
  claimAlert(postId: number, now: number): Promise<boolean>;
  markAlerted(postId: number, messageId: string): Promise<void>;
  /**
   * Every article of a story from the feeds a guild follows, oldest first, at most `limit`: the articles of `storyId`
   * (a story key) and of the stories linked to it (reports in another language, `stories.story_id`).
   */
  coverage(storyId: string, guildId: string, limit: number): Promise<StoryArticle[]>;
  /** A subscription's own settings (none stored: the server's, no alert). */
  subscriptionSettings(subscriptionId: number): Promise<SubscriptionStorySettings>;
  /** Changes a subscription's settings; absent fields keep their value. */
  configureSubscription(subscriptionId: number, change: Partial<SubscriptionStorySettings>): Promise<void>;
  /** The alert rules of a guild's feed subscriptions, by subscription id. */
  alertsOfGuild(guildId: string): Promise<Array<{ subscriptionId: number; channelId: string; rule: StoryAlertRule }>>;
  /** A guild's settings ({@link DEFAULT_GUILD_STORY_SETTINGS} when it stored none). */
  guildSettings(guildId: string): Promise<GuildStorySettings>;
  /** Changes a guild's settings; absent fields keep their value. Returns them as stored. */
  configureGuild(guildId: string, change: Partial<GuildStorySettings>): Promise<GuildStorySettings>;
}

function toPost(r: Selectable<StoryPostsTable>): StoryPostRow {
  return {
    id: r.id,
    channelId: r.channel_id,
    guildId: r.guild_id,
    storyKey: r.story_key,
    deliveryId: r.delivery_id,
    createdAt: r.created_at,
    alertedAt: r.alerted_at,
    alertMessageId: r.alert_message_id,
  };
}

const bool = (v: boolean | null | undefined) => (v === null || v === undefined ? null : v ? 1 : 0);

export function createKyselyStoryPostRepository({ db, write }: StoreContext): StoryPostRepository {
  const guildSettings = async (guildId: string): Promise<GuildStorySettings> => {
    const row = await db
      .selectFrom('guild_story_settings')
      .selectAll()
      .where('guild_id', '=', guildId)
      .executeTakeFirst();
    return row ? { perStory: row.per_story === 1, windowHours: row.window_hours } : { ...DEFAULT_GUILD_STORY_SETTINGS };
  };

  const articlesQuery = () =>
    db
      .selectFrom('articles')
      .innerJoin('feeds', 'feeds.id', 'articles.feed_id')
      .leftJoin('article_search', 'article_search.article_id', 'articles.id')
      .select(STORY_ARTICLE_COLUMNS)
      .select((eb) => eb.fn.coalesce('article_search.lang', 'feeds.language').as('language'));

  return {
    claim: (post, now) =>
      write(async (tx) => {
        await tx
          .insertInto('story_posts')
          .values({
            channel_id: post.channelId,
            guild_id: post.guildId,
            story_key: post.storyKey,
            delivery_id: post.deliveryId,
            created_at: now,
          })
          .onConflict((oc) => oc.columns(['channel_id', 'story_key']).doNothing())
          .execute();
        const row = await tx
          .selectFrom('story_posts')
          .innerJoin('deliveries', 'deliveries.id', 'story_posts.delivery_id')
          .selectAll('story_posts')
          .select([
            'deliveries.article_id',
            'deliveries.subscription_id',
            'deliveries.state',
            'deliveries.message_id',
            'deliveries.sent_at',
          ])
          .where('story_posts.channel_id', '=', post.channelId)
          .where('story_posts.story_key', '=', post.storyKey)
          .executeTakeFirstOrThrow();
        return {
          post: toPost(row),
          owner: {
            deliveryId: row.delivery_id,
            articleId: row.article_id,
            subscriptionId: row.subscription_id,
            state: row.state as DeliveryState,
            messageId: row.message_id,
            sentAt: row.sent_at,
          },
        };
      }),

    takeOver: (postId, from, to, now) =>
      write(async (tx) => {
        const moved = await tx
          .updateTable('story_posts')
          .set({ delivery_id: to, created_at: now, alerted_at: null, alert_message_id: null })
          .where('id', '=', postId)
          .where('delivery_id', '=', from)
          .executeTakeFirst();
        if (Number(moved.numUpdatedRows) === 0) return false;
        await tx.deleteFrom('story_post_articles').where('story_post_id', '=', postId).execute();
        return true;
      }),

    async addArticle(postId, articleId, now) {
      await db
        .insertInto('story_post_articles')
        .values({ story_post_id: postId, article_id: articleId, added_at: now })
        .onConflict((oc) => oc.columns(['story_post_id', 'article_id']).doNothing())
        .execute();
    },

    async articles(postId) {
      const own = await articlesQuery()
        .innerJoin('deliveries', 'deliveries.article_id', 'articles.id')
        .innerJoin('story_posts', 'story_posts.delivery_id', 'deliveries.id')
        .where('story_posts.id', '=', postId)
        .execute();
      const merged = await articlesQuery()
        .innerJoin('story_post_articles', 'story_post_articles.article_id', 'articles.id')
        .where('story_post_articles.story_post_id', '=', postId)
        .orderBy('story_post_articles.added_at')
        .orderBy('articles.id')
        .execute();
      return [...own, ...merged];
    },

    async ofDelivery(deliveryId) {
      const row = await db
        .selectFrom('story_posts')
        .selectAll()
        .where('delivery_id', '=', deliveryId)
        .executeTakeFirst();
      return row ? toPost(row) : null;
    },

    async claimAlert(postId, now) {
      await db
        .updateTable('story_posts')
        .set({ alerted_at: now })
        .where('id', '=', postId)
        .where('alerted_at', 'is', null)
        .execute();
      const row = await db
        .selectFrom('story_posts')
        .select(['alerted_at', 'alert_message_id'])
        .where('id', '=', postId)
        .executeTakeFirst();
      return row?.alerted_at !== null && row?.alert_message_id === null;
    },

    async markAlerted(postId, messageId) {
      await db.updateTable('story_posts').set({ alert_message_id: messageId }).where('id', '=', postId).execute();
    },

    async coverage(storyId, guildId, limit) {
      return articlesQuery()
        .where((eb) =>
          eb.or([
            eb('articles.story_key', '=', storyId),
            eb(
              'articles.story_key',
              'in',
              eb.selectFrom('stories').select('story_key').where('story_id', '=', storyId),
            ),
          ]),
        )
        .where('articles.feed_id', 'in', (eb) =>
          eb.selectFrom('subscriptions').select('subscriptions.feed_id').where('subscriptions.guild_id', '=', guildId),
        )
        .orderBy((eb) => eb.fn.coalesce('articles.published_at', 'articles.created_at'))
        .orderBy('articles.id')
        .limit(limit)
        .execute();
    },

    async subscriptionSettings(subscriptionId) {
      const row = await db
        .selectFrom('subscription_story_settings')
        .selectAll()
        .where('subscription_id', '=', subscriptionId)
        .executeTakeFirst();
      const alert =
        row?.alert_role_id && row.alert_outlets && row.alert_minutes
          ? { roleId: row.alert_role_id, outlets: row.alert_outlets, minutes: row.alert_minutes }
          : null;
      return { perStory: row?.per_story === null || row?.per_story === undefined ? null : row.per_story === 1, alert };
    },

    async configureSubscription(subscriptionId, change) {
      const given = {
        ...(change.perStory !== undefined && { per_story: bool(change.perStory) }),
        ...(change.alert !== undefined && {
          alert_role_id: change.alert?.roleId ?? null,
          alert_outlets: change.alert?.outlets ?? null,
          alert_minutes: change.alert?.minutes ?? null,
        }),
      };
      if (Object.keys(given).length === 0) return;
      await db
        .insertInto('subscription_story_settings')
        .values({ subscription_id: subscriptionId, ...given })
        .onConflict((oc) => oc.column('subscription_id').doUpdateSet(given))
        .execute();
    },

    async alertsOfGuild(guildId) {
      const rows = await db
        .selectFrom('subscription_story_settings')
        .innerJoin('subscriptions', 'subscriptions.id', 'subscription_story_settings.subscription_id')
        .select(['subscriptions.id', 'subscriptions.channel_id', 'alert_role_id', 'alert_outlets', 'alert_minutes'])
        .where('subscriptions.guild_id', '=', guildId)
        .where('alert_role_id', 'is not', null)
        .orderBy('subscriptions.id')
        .execute();
      return rows.map((r) => ({
        subscriptionId: r.id,
        channelId: r.channel_id,
        rule: { roleId: r.alert_role_id ?? '', outlets: r.alert_outlets ?? 0, minutes: r.alert_minutes ?? 0 },
      }));
    },

    guildSettings,

    async configureGuild(guildId, change) {
      const given = {
        ...(change.perStory !== undefined && { per_story: change.perStory ? 1 : 0 }),
        ...(change.windowHours !== undefined && { window_hours: change.windowHours }),
      };
      const defaults = {
        per_story: DEFAULT_GUILD_STORY_SETTINGS.perStory ? 1 : 0,
        window_hours: DEFAULT_GUILD_STORY_SETTINGS.windowHours,
      };
      const row = await db
        .insertInto('guild_story_settings')
        .values({ guild_id: guildId, ...defaults, ...given })
        .onConflict((oc) => (Object.keys(given).length ? oc.column('guild_id').doUpdateSet(given) : oc.doNothing()))
        .returningAll()
        .executeTakeFirst();
      return row ? { perStory: row.per_story === 1, windowHours: row.window_hours } : guildSettings(guildId);
    },
  };
}
