import type { Deps } from '../../deps.js';
import type { SummaryStyle } from '../../domain.js';
import type { ArticleRow, DeliveryRow, GuildSettings, SubscriptionSettings } from '../../store/store.js';
import { assignStoryKey } from '../stories/story-key.js';
import { effectiveSettings, guildSettings } from '../use-cases/settings.js';
import { fanOutArticle } from './fan-out.js';
import { ensureSummary, findSummary } from './summaries.js';
import { type ArticleBody, articleBody, fetchPageImage } from './summarize-fulltext.js';

/** One output a summary is made for: a language (or `source`) and a style. */
interface Variant {
  language: string;
  style: SummaryStyle;
}

/**
 * Summarizes an article once per (language, style) its readers need (each subscription's own, else its server's);
 * returns the channels with a pending delivery of it. This stage makes every summary the deliver stage posts, so every LLM call goes through the summarize queue.
 * - A `new` article (found by a poll) is summarized for each subscription to its feed, fanned out to its channels
 *   (topic matches, filters, age cutoffs and mentions decided there: see `fan-out.ts`), then marked ready
 *   (`summarized`).
 * - Any other article is only summarized for the subscriptions of its pending deliveries that lack their summary: a
 *   backfilled article (`seen`), or one whose server or subscription changed its language since (the deliver stage asks for these).
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

  const variantsOf = readerVariants(deps);
  const readers = await readersOf(deps, pending);
  if (fresh) {
    for (const sub of await store.subscriptions.activeForFeed(article.feedId)) {
      readers.push({ guildId: sub.guildId, own: sub });
    }
  }
  const variants = await variantsOf(readers);
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
  await make(await variantsOf(await readersOf(deps, fannedOut)));
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

/** Who reads a summary: a server, and the subscription's own settings (null: a delivery with no subscription left). */
interface Reader {
  guildId: string;
  own: Partial<SubscriptionSettings> | null;
}

/** The readers of deliveries: each delivery's server and its feed or topic subscription (each looked up once). */
async function readersOf(
  deps: Pick<Deps, 'store'>,
  deliveries: Array<Pick<DeliveryRow, 'guildId' | 'subscriptionId' | 'topicSubscriptionId'>>,
): Promise<Reader[]> {
  const owners = new Map<string, Promise<SubscriptionSettings | null>>();
  const readers: Reader[] = [];
  for (const d of deliveries) {
    const key = d.subscriptionId !== null ? `f${d.subscriptionId}` : `t${d.topicSubscriptionId}`;
    let owner = owners.get(key);
    if (!owner) {
      owner =
        d.subscriptionId !== null
          ? deps.store.subscriptions.get(d.subscriptionId)
          : d.topicSubscriptionId !== null
            ? deps.store.topics.get(d.topicSubscriptionId)
            : Promise.resolve(null);
      owners.set(key, owner);
    }
    readers.push({ guildId: d.guildId, own: await owner });
  }
  return readers;
}

/**
 * The effective (language, style) of each reader: its subscription's own, else its server's settings (defaults for a
 * server with none). Each server is read once, and each variant is answered once across calls.
 */
function readerVariants(deps: Pick<Deps, 'store'>): (readers: Reader[]) => Promise<Variant[]> {
  const guilds = new Map<string, GuildSettings>();
  const answered = new Set<string>();
  return async (readers) => {
    const variants: Variant[] = [];
    for (const { guildId, own } of readers) {
      let guild = guilds.get(guildId);
      if (!guild) {
        guild = await guildSettings(deps, guildId);
        guilds.set(guildId, guild);
      }
      const { language, style } = effectiveSettings(guild, own);
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
