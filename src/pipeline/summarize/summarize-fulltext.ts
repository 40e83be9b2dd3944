import type { Deps } from '../../deps.js';
import { isFeedError } from '../../feeds/errors.js';
import { fetchFeed } from '../../feeds/fetch.js';
import { type ArticleExtraction, extractArticleOffThread } from '../../html/extract-off-thread.js';
import { decodeHtml } from '../../html/readable.js';
import { isCjkText } from '../../summarize/sentences.js';

/** Below this a feed item is a teaser, not an article: too little to summarize well. */
export const TEASER_CJK_CHARS = 280;
export const TEASER_WORDS = 80;
/** Pages are smaller than feeds; a bigger one is not an article page. */
const PAGE_MAX_BYTES = 3 * 1024 * 1024;
const PAGE_TIMEOUT_MS = 15_000;

/** True when the text is shorter than {@link TEASER_CJK_CHARS} CJK characters or {@link TEASER_WORDS} words. */
export function isTeaser(text: string): boolean {
  if (isCjkText(text)) return Array.from(text.replace(/\s+/g, '')).length < TEASER_CJK_CHARS;
  return (text.match(/\S+/g) ?? []).length < TEASER_WORDS;
}

/**
 * Fetches a web page under the same network guard as feeds (address checks on every hop, redirects, timeout, size
 * cap) and extracts its article in a worker thread, within the page limits (see `extractArticleOffThread`). The
 * article is null when the page has none or does not answer 200; a page over a limit is counted by reason.
 * @throws FeedError when the page cannot be fetched
 */
export async function fetchPageArticle(
  deps: Pick<Deps, 'config' | 'metrics'>,
  url: string,
): Promise<ArticleExtraction> {
  const res = await fetchFeed(url, {
    allowPrivate: deps.config.FEED_ALLOW_PRIVATE,
    profiles: deps.config.fetchProfiles,
    maxBytes: PAGE_MAX_BYTES,
    timeoutMs: PAGE_TIMEOUT_MS,
  });
  if (res.status !== 'ok') return { ok: true, article: null };
  const extraction = await extractArticleOffThread(decodeHtml(res.body, res.contentType));
  if (!extraction.ok) deps.metrics.pageRefusals.inc({ reason: extraction.reason });
  return extraction;
}

/**
 * The text to summarize for a feed item: its own text, or, when that is only a teaser and the item links to a page,
 * the article extracted from the page if it is longer. Any failure keeps the teaser (logged, with why the page was
 * not read when it was over a limit): a summary of the teaser beats none.
 */
export async function articleBody(
  deps: Pick<Deps, 'config' | 'log' | 'metrics'>,
  article: { id: number; link: string | null; contentText: string },
): Promise<string> {
  if (!deps.config.ARTICLE_FETCH_FULL_TEXT || !article.link || !isTeaser(article.contentText)) {
    return article.contentText;
  }
  try {
    const page = await fetchPageArticle(deps, article.link);
    if (!page.ok) {
      deps.log.warn(
        { articleId: article.id, reason: page.reason, limit: page.limit },
        'article page not read; summarizing the teaser',
      );
    } else if (page.article && page.article.text.length > article.contentText.length) {
      return page.article.text;
    }
  } catch (err) {
    if (!isFeedError(err)) throw err;
    deps.log.info({ articleId: article.id, kind: err.kind }, 'article page fetch failed; summarizing the teaser');
  }
  return article.contentText;
}
