import type { Deps } from '../deps.js';
import type { SummaryStyle } from '../domain.js';
import { DEFAULT_GUILD_SETTINGS } from '../store/store.js';
import { assignStoryKey } from './story-key.js';
import { ensureSummary } from './summaries.js';
import { articleBody } from './summarize-fulltext.js';
import { topicDeliveries } from './topics.js';

/**
 * Summarizes a new article once per (language, style) its subscribers read, then marks it ready for delivery.
 * Returns the channels with a pending delivery of it. A teaser-only item is summarized from its page's article.
 * The article joins the story of a near-duplicate already seen (another feed's copy, a re-published URL), whose
 * summaries are reused: a story costs one LLM call per output whatever the number of feeds and channels.
 * Running it again is harmless: summaries are cached by story and deliveries are unique per (article, channel).
 * While the article is younger than LLM_FALLBACK_WAIT_SECONDS, a transient LLM failure is thrown (an `LlmError`) so
 * the caller retries later; after that the extractive summary is used.
 */
export async function summarizeArticle(deps: Deps, articleId: number): Promise<{ channelIds: string[] }> {
  const { store } = deps;
  const article = await store.articles.get(articleId);
  if (!article || article.state === 'seen' || article.state === 'failed') return { channelIds: [] };

  const variants = new Map<string, { language: string; style: SummaryStyle }>();
  for (const sub of await store.subscriptions.activeForFeed(article.feedId)) {
    const settings = (await store.guilds.get(sub.guildId)) ?? DEFAULT_GUILD_SETTINGS;
    variants.set(`${settings.language}|${settings.style}`, { language: settings.language, style: settings.style });
  }
  const contentText =
    article.storyKey === null && variants.size > 0 ? await articleBody(deps, article) : article.contentText;
  const key =
    article.storyKey ?? (await assignStoryKey(store.stories, { title: article.title, contentText }, deps.now()));
  const source = { title: article.title, contentText, storyKey: key };
  const waitForLlm = deps.now() - article.createdAt < deps.config.LLM_FALLBACK_WAIT_SECONDS * 1000;
  for (const { language, style } of variants.values()) {
    await ensureSummary(deps, source, language, style, waitForLlm);
  }

  await topicDeliveries(deps, article.id, key);
  const channelIds = await store.deliveries.createForSubscriptions(article.id, deps.now());
  if (article.state === 'new') await store.articles.setState(article.id, 'summarized', key);
  return { channelIds };
}
