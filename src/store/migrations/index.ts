import type { Migration } from 'kysely';
import { initial } from './0001-initial.js';
import { feedHealth } from './0002-feed-health.js';
import { summaries } from './0003-summaries.js';
import { discord } from './0004-discord.js';
import { search } from './0005-search.js';
import { summaryEntities } from './0006-summary-entities.js';
import { searchWindows } from './0007-search-windows.js';
import { topicCap } from './0008-topic-cap.js';
import { storyWindow } from './0009-story-window.js';
import { failureLimit } from './0010-failure-limit.js';
import { websub } from './0011-websub.js';
import { feedCadence } from './0012-feed-cadence.js';
import { searchWindowsPostgres } from './0013-search-windows-postgres.js';
import { filters } from './0014-filters.js';
import { pollHistory } from './0015-poll-history.js';
import { subscriptionSettings } from './0016-subscription-settings.js';
import { webhooks } from './0017-webhooks.js';
import { threads } from './0018-threads.js';
import { templates } from './0019-templates.js';
import { storyPosts } from './0020-story-posts.js';
import { storyFacts } from './0021-story-facts.js';
import { searchPgDayIndex } from './0023-search-pg-day-index.js';
import { briefings } from './0024-briefings.js';
import { storyIdIndex } from './0025-story-id-index.js';
import { briefingContent } from './0026-briefing-content.js';
import { feedPreviousItem } from './0027-feed-previous-item.js';
import type { Dialect } from './columns.js';

export type { Dialect } from './columns.js';

/**
 * Every migration, by name; names sort in the order they must run. Add a new file and one line here; never edit a
 * migration that has shipped.
 */
export function migrations(dialect: Dialect): Record<string, Migration> {
  return {
    '0001_initial': initial(dialect),
    '0002_feed_health': feedHealth(),
    '0003_summaries': summaries(dialect),
    '0004_discord': discord(),
    '0005_search': search(dialect),
    '0006_summary_entities': summaryEntities(),
    '0007_search_windows': searchWindows(dialect),
    '0008_topic_cap': topicCap(),
    '0009_story_window': storyWindow(),
    '0010_failure_limit': failureLimit(),
    '0011_websub': websub(),
    '0012_feed_cadence': feedCadence(dialect),
    '0013_search_windows_postgres': searchWindowsPostgres(dialect),
    '0014_filters': filters(dialect),
    '0015_poll_history': pollHistory(dialect),
    '0016_subscription_settings': subscriptionSettings(),
    '0017_webhooks': webhooks(),
    '0018_threads': threads(dialect),
    '0019_templates': templates(),
    '0020_story_posts': storyPosts(dialect),
    '0021_story_facts': storyFacts(),
    '0023_search_pg_day_index': searchPgDayIndex(dialect),
    '0024_briefings': briefings(dialect),
    '0025_story_id_index': storyIdIndex(),
    '0026_briefing_content': briefingContent(),
    '0027_feed_previous_item': feedPreviousItem(),
  };
}
