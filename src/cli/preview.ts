import { join } from 'node:path';
import { packageRoot } from '../app/paths.js';
import type { Config } from '../config.js';
import { buildDeps } from '../deps.js';
import type { Poster } from '../discord/poster.js';
import { createDiscordPublisher } from '../discord/publisher.js';
import type { MessageBody } from '../discord/render.js';
import { postToText } from '../discord/render-text.js';
import { loadFeed } from '../feeds/load.js';
import { deliverChannel } from '../pipeline/deliver/deliver.js';
import { toNewArticles } from '../pipeline/poll/articles.js';
import { summarizeArticle } from '../pipeline/summarize/summarize.js';
import { createSqliteStore } from '../store/sqlite.js';

/** The feed `herald preview` uses without an argument: the DW Chinese reference article and two more items. */
export const SAMPLE_FEED = join(packageRoot(), 'samples', 'dw-zh.xml');

const PREVIEW_GUILD = '1';
const PREVIEW_CHANNEL = '2';

/**
 * `herald preview [url-or-file]`: the real pipeline (normalize → store → summarize → render) on a throwaway in-memory
 * database, with the Discord publisher on a poster that prints instead of calling Discord. Uses the LLM when
 * OPENAI_API_KEY is set.
 */
export async function runPreview(
  config: Config,
  source: string | undefined,
  opts: { json: boolean; language: string | undefined; limit?: number },
): Promise<number> {
  const parsed = await loadFeed(source ?? SAMPLE_FEED, {
    allowPrivate: config.FEED_ALLOW_PRIVATE,
    profiles: config.fetchProfiles,
  });
  const posts: MessageBody[] = [];
  const printer: Poster = {
    async post(_channelId, body) {
      posts.push(body);
      return String(posts.length);
    },
  };
  const deps = await buildDeps(
    // The bundled sample must preview offline: no fetching of its articles' pages.
    {
      ...config,
      DATABASE_URL: undefined,
      ARTICLE_FETCH_FULL_TEXT: config.ARTICLE_FETCH_FULL_TEXT && source !== undefined,
    },
    { store: createSqliteStore(':memory:'), publisher: createDiscordPublisher({ poster: printer }), hostLimit: null },
  );
  try {
    const now = deps.now();
    const feed = await deps.store.feeds.upsert({
      url: source ?? 'sample:dw-zh',
      title: parsed.feed.title || null,
      siteLink: parsed.feed.link,
      language: parsed.feed.language,
      intervalSeconds: config.FEED_POLL_INTERVAL_SECONDS,
      nextPollAt: now,
    });
    await deps.store.guilds.put({ guildId: PREVIEW_GUILD, language: opts.language ?? 'source' }, now);
    await deps.store.subscriptions.create(
      { guildId: PREVIEW_GUILD, channelId: PREVIEW_CHANNEL, feedId: feed.id, mentionRoleId: null },
      now,
    );
    const newest = toNewArticles(parsed.items).slice(-(opts.limit ?? 3));
    const articles = await deps.store.articles.insert(feed.id, newest, 'new', now);
    for (const article of articles) {
      await deps.store.deliveries.createForSubscriptions(article.id, now);
      await summarizeArticle(deps, article.id);
    }
    await deliverChannel(deps, PREVIEW_CHANNEL);
  } finally {
    await deps.store.close();
  }
  const out = opts.json ? `${JSON.stringify(posts, null, 2)}\n` : posts.map(postToText).join('\n');
  process.stdout.write(out || 'The feed has no items.\n');
  return 0;
}
