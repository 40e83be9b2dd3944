import type { Deps } from '../../deps.js';
import { isFeedError } from '../../feeds/errors.js';
import { fetchFeed } from '../../feeds/fetch.js';
import { type ArticleExtraction, extractArticleOffThread } from '../../html/extract-off-thread.js';
import { pageImageUrl } from '../../html/page-image.js';
import { decodeHtml } from '../../html/readable.js';
import { isCjkText } from '../../summarize/sentences.js';

/** Below this a feed item is a teaser, not an article: too little to summarize well. */
export const TEASER_CJK_CHARS = 280;
export const TEASER_WORDS = 80;
/** Pages are smaller than feeds; a bigger one is not an article page. */
const PAGE_MAX_BYTES = 3 * 1024 * 1024;
const PAGE_TIMEOUT_MS = 15_000;
/** An item with no picture has its page's head read for one: at most this much of the page, within this time. */
export const HEAD_MAX_BYTES = 64 * 1024;
export const HEAD_TIMEOUT_MS = 5_000;

/** True when the text is shorter than {@link TEASER_CJK_CHARS} CJK characters or {@link TEASER_WORDS} words. */
export function isTeaser(text: string): boolean {
  if (isCjkText(text)) return Array.from(text.replace(/\s+/g, '')).length < TEASER_CJK_CHARS;
  return (text.match(/\S+/g) ?? []).length < TEASER_WORDS;
}

/** What Herald read of a page: its article, and the picture its head declares for link previews. */
interface PageRead {
  extraction: ArticleExtraction;
  imageUrl: string | null;
}

/**
 * Fetches a web page under the same network guard as feeds (address checks on every hop, redirects, timeout, size
 * cap) and extracts its article in a worker thread, within the page limits (see `extractArticleOffThread`). The
 * article is null when the page has none or does not answer 200; a page over a limit is counted by reason.
 * @throws FeedError when the page cannot be fetched
 */
async function readPage(deps: Pick<Deps, 'config' | 'metrics'>, url: string): Promise<PageRead> {
  const res = await fetchFeed(url, {
    allowPrivate: deps.config.FEED_ALLOW_PRIVATE,
    profiles: deps.config.fetchProfiles,
    maxBytes: PAGE_MAX_BYTES,
    timeoutMs: PAGE_TIMEOUT_MS,
  });
  if (res.status !== 'ok') return { extraction: { ok: true, article: null }, imageUrl: null };
  const html = decodeHtml(res.body, res.contentType);
  const imageUrl = pageImageUrl(html, res.finalUrl);
  const extraction = await extractArticleOffThread(html);
  if (!extraction.ok) deps.metrics.pageRefusals.inc({ reason: extraction.reason });
  return { extraction, imageUrl };
}

/**
 * A web page's article; see {@link readPage}.
 * @throws FeedError when the page cannot be fetched
 */
export async function fetchPageArticle(
  deps: Pick<Deps, 'config' | 'metrics'>,
  url: string,
): Promise<ArticleExtraction> {
  return (await readPage(deps, url)).extraction;
}

/** The text to summarize for a feed item, and its page's picture when the page was read for the text. */
export interface ArticleBody {
  text: string;
  /** The page's `og:image`/`twitter:image` (null: it has none); absent when the page was not fetched. */
  pageImageUrl?: string | null;
}

/**
 * The text to summarize for a feed item: its own text, or, when that is only a teaser and the item links to a page,
 * the article extracted from the page if it is longer. Any failure keeps the teaser (logged, with why the page was
 * not read when it was over a limit): a summary of the teaser beats none.
 */
export async function articleBody(
  deps: Pick<Deps, 'config' | 'log' | 'metrics'>,
  article: { id: number; link: string | null; contentText: string },
): Promise<ArticleBody> {
  if (!deps.config.ARTICLE_FETCH_FULL_TEXT || !article.link || !isTeaser(article.contentText)) {
    return { text: article.contentText };
  }
  try {
    const page = await readPage(deps, article.link);
    const { extraction } = page;
    if (!extraction.ok) {
      deps.log.warn(
        { articleId: article.id, reason: extraction.reason, limit: extraction.limit },
        'article page not read; summarizing the teaser',
      );
    } else if (extraction.article && extraction.article.text.length > article.contentText.length) {
      return { text: extraction.article.text, pageImageUrl: page.imageUrl };
    }
    return { text: article.contentText, pageImageUrl: page.imageUrl };
  } catch (err) {
    if (!isFeedError(err)) throw err;
    deps.log.info({ articleId: article.id, kind: err.kind }, 'article page fetch failed; summarizing the teaser');
  }
  return { text: article.contentText, pageImageUrl: null };
}

/**
 * The picture of an item's page from its head alone: a fetch under the same guard that stops at `</head>` or
 * {@link HEAD_MAX_BYTES}, within {@link HEAD_TIMEOUT_MS}. Null when the page declares none or cannot be read (the
 * post goes out without a picture).
 */
export async function fetchPageImage(
  deps: Pick<Deps, 'config' | 'log'>,
  articleId: number,
  url: string,
): Promise<string | null> {
  try {
    const res = await fetchFeed(url, {
      allowPrivate: deps.config.FEED_ALLOW_PRIVATE,
      maxBytes: HEAD_MAX_BYTES,
      timeoutMs: HEAD_TIMEOUT_MS,
      headOnly: true,
    });
    return res.status === 'ok' ? pageImageUrl(decodeHtml(res.body, res.contentType), res.finalUrl) : null;
  } catch (err) {
    if (!isFeedError(err)) throw err;
    deps.log.info({ articleId, kind: err.kind }, 'article page head not read; posting without a picture');
    return null;
  }
}
