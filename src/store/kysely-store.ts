import { type Kysely, sql } from 'kysely';
import { createKyselyArticleRepository } from './kysely/articles.js';
import { createKyselyBriefingRepository } from './kysely/briefings.js';
import { storeContext } from './kysely/context.js';
import { createKyselyDeliveryRepository } from './kysely/deliveries.js';
import { createKyselyDisableNoticeRepository } from './kysely/disable-notices.js';
import { createKyselyFeedAdminRepository } from './kysely/feed-admin.js';
import { createKyselyFeedRepository } from './kysely/feeds.js';
import { createKyselyForumTagRepository } from './kysely/forum-tags.js';
import { createKyselyGuildRepository } from './kysely/guilds.js';
import { createKyselyMentionRepository } from './kysely/mentions.js';
import { createKyselyPollHistoryRepository } from './kysely/poll-history.js';
import { createKyselyRetentionRepository } from './kysely/retention.js';
import { createKyselySearchRepository } from './kysely/search.js';
import { createKyselyStoryRepository } from './kysely/stories.js';
import { createKyselyStoryPostRepository } from './kysely/story-posts.js';
import { createKyselySubscriptionRepository } from './kysely/subscriptions.js';
import { createKyselyTemplateRepository } from './kysely/templates.js';
import { createKyselyTopicRepository } from './kysely/topics.js';
import { createKyselyUsageRepository } from './kysely/usage.js';
import { createKyselyWebhookRepository } from './kysely/webhooks.js';
import { createKyselyWebSubRepository } from './kysely/websub.js';
import { type Dialect, migrateToLatest } from './migrate.js';
import type { Database } from './schema.js';
import type { Store } from './store.js';

/**
 * The one {@link Store} implementation, over Kysely, for both dialects. `close()` destroys `db`.
 *
 * On SQLite the connection must have the `herald_fold` function registered (see `createSqliteStore`).
 */
export function createKyselyStore(db: Kysely<Database>, dialect: Dialect): Store {
  const ctx = storeContext(db, dialect);
  return {
    migrate: () => migrateToLatest(db, dialect),
    close: () => db.destroy(),
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    feeds: createKyselyFeedRepository(ctx),
    disableNotices: createKyselyDisableNoticeRepository(ctx),
    articles: createKyselyArticleRepository(ctx),
    stories: createKyselyStoryRepository(ctx),
    usage: createKyselyUsageRepository(ctx),
    guilds: createKyselyGuildRepository(ctx),
    subscriptions: createKyselySubscriptionRepository(ctx),
    topics: createKyselyTopicRepository(ctx),
    mentions: createKyselyMentionRepository(ctx),
    deliveries: createKyselyDeliveryRepository(ctx),
    search: createKyselySearchRepository(ctx),
    retention: createKyselyRetentionRepository(ctx),
    websub: createKyselyWebSubRepository(ctx),
    pollHistory: createKyselyPollHistoryRepository(ctx),
    feedAdmin: createKyselyFeedAdminRepository(ctx),
    forumTags: createKyselyForumTagRepository(ctx),
    templates: createKyselyTemplateRepository(ctx),
    webhooks: createKyselyWebhookRepository(ctx),
    storyPosts: createKyselyStoryPostRepository(ctx),
    briefings: createKyselyBriefingRepository(ctx),
  };
}
