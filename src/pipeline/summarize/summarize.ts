import type { Deps } from '../../deps.js';
import type { SummaryStyle } from '../../domain.js';
import type { ArticleRow } from '../../store/store.js';
import { assignStoryKey } from '../stories/story-key.js';
import { fanOutArticle } from './fan-out.js';
import { ensureSummary, findSummary } from './summaries.js';
import { type ArticleBody, articleBody, fetchPageImage } from './summarize-fulltext.js';

/** Settings used for a guild that has none stored. */
export const DEFAULT_SETTINGS = { language: 'source', style: 'standard' as SummaryStyle };

/** One output a summary is made for: a language (or `source`) and a style. */
interface Variant {
  language: string;
  style: SummaryStyle;
}

/**
 * Summarizes an article once per (language, style) its readers need; returns the channels with a pending delivery of
 * it. This stage makes every summary the deliver stage posts, so every LLM call goes through the summarize queue.
 * - A `new` article (found by a poll) is summarized for each server following its feed, fanned out to its channels
 *   (topic matches, filters, age cutoffs and mentions decided there: see `fan-out.ts`), then marked ready
 *   (`summarized`).
 * - Any other article is only summarized for the servers of its pending deliveries that lack their summary: a
 *   backfilled article (`seen`), or one whose server changed its language since (the deliver stage asks for these).
 *   Nothing is fanned out.
 *
 * A teaser-only item is summarized from its page's article. The article joins the story of a near-duplicate already
 * seen (another feed's copy, a re-published URL), whose summaries are reused: a story costs one LLM call per output
 * whatever the number of feeds and channels. Running it again is harmless: summaries are cached by story and
 * deliveries are unique per (article, channel). While the article (or, for a delivery asked for later, that delivery)
 * is younger than LLM_FALLBACK_WAIT_SECONDS, a transient LLM failure is thrown (an `LlmError`) so the caller retries
 * later; after that the extractive summary is used.
 */
export async function summarizeArticle(deps: Deps, articleId: number): Promise<{ channelIds: string[] }> {
  const { store } = deps;
  const article = await store.articles.get(articleId);
  if (!article || article.state === 'failed') return { channelIds: [] };
  const fresh = article.state === 'new';
  const pending = (await store.deliveries.ofArticle(article.id)).filter((d) => d.state === 'pending');
  if (!fresh && pending.length === 0) return { channelIds: [] };

  const variantsOf = guildVariants(deps);
  const guilds = pending.map((d) => d.guildId);
  if (fresh) guilds.push(...(await store.subscriptions.activeForFeed(article.feedId)).map((sub) => sub.guildId));
  const variants = await variantsOf(guilds);
  let body: Promise<ArticleBody> | undefined;
  const read = () => {
    body ??= articleBody(deps, article);
    return body;
  };
  const text = async () => (await read()).text;
  const contentText = article.storyKey === null && variants.length > 0 ? await text() : article.contentText;
  const key =
    article.storyKey ?? (await assignStoryKey(store.stories, { title: article.title, contentText }, deps.now()));
  const since = fresh ? article.createdAt : Math.min(...pending.map((d) => d.createdAt));
  const waitForLlm = deps.now() - since < deps.config.LLM_FALLBACK_WAIT_SECONDS * 1000;
  const make = makeSummaries(deps, article, key, text, waitForLlm);
  await make(variants);

  if (!fresh) {
    // It keeps its state: a `seen` article is never fanned out to its feed's subscribers.
    if (article.storyKey === null) await store.articles.setState(article.id, article.state, key);
    return { channelIds: [...new Set(pending.map((d) => d.channelId))] };
  }
  const channelIds = await fanOutArticle(deps, article, key);
  // A topic subscription may reach a server whose own subscription to the feed is paused.
  const fannedOut = (await store.deliveries.ofArticle(article.id)).filter((d) => d.state === 'pending');
  await make(await variantsOf(fannedOut.map((d) => d.guildId)));
  if (fannedOut.length > 0) await findPicture(deps, article, body);
  await store.articles.setState(article.id, 'summarized', key);
  return { channelIds };
}

/**
 * Gives an article that is about to be posted and has no picture its page's `og:image`/`twitter:image`: from the
 * page already read for a teaser's text, else from a fetch of the page's head. Only when Herald may fetch article
 * pages (`ARTICLE_FETCH_FULL_TEXT`); a page that cannot be read leaves the post without a picture.
 */
async function findPicture(deps: Deps, article: ArticleRow, body: Promise<ArticleBody> | undefined): Promise<void> {
  if (article.imageUrl !== null || !article.link || !deps.config.ARTICLE_FETCH_FULL_TEXT) return;
  const read = body ? (await body).pageImageUrl : undefined;
  const imageUrl = read !== undefined ? read : await fetchPageImage(deps, article.id, article.link);
  if (imageUrl) await deps.store.articles.setImageUrl(article.id, imageUrl);
}

/** The (language, style) of each server by its settings (defaults for one with none); each is answered once. */
function guildVariants(deps: Pick<Deps, 'store'>): (guildIds: string[]) => Promise<Variant[]> {
  const asked = new Set<string>();
  const answered = new Set<string>();
  return async (guildIds) => {
    const variants: Variant[] = [];
    for (const guildId of guildIds) {
      if (asked.has(guildId)) continue;
      asked.add(guildId);
      const { language, style } = (await deps.store.guilds.get(guildId)) ?? DEFAULT_SETTINGS;
      if (answered.has(`${language}|${style}`)) continue;
      answered.add(`${language}|${style}`);
      variants.push({ language, style });
    }
    return variants;
  };
}

/**
 * Makes the article's story's missing summaries among `variants`; `text` (the teaser's page, read at most once) is
 * only read when one is missing.
 */
function makeSummaries(
  deps: Deps,
  article: ArticleRow,
  storyKey: string,
  text: () => Promise<string>,
  waitForLlm: boolean,
): (variants: Variant[]) => Promise<void> {
  return async (variants) => {
    for (const { language, style } of variants) {
      if (await findSummary(deps, { storyKey }, language, style)) continue;
      const source = { title: article.title, contentText: await text(), storyKey };
      await ensureSummary(deps, source, language, style, waitForLlm);
    }
  };
}
