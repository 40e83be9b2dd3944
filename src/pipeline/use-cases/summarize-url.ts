import type { Deps } from '../../deps.js';
import type { SummaryStyle } from '../../domain.js';
import { isFeedError } from '../../feeds/errors.js';
import type { ArticleExtraction } from '../../html/extract-off-thread.js';
import { UserError } from '../../i18n/user-error.js';
import type { SummaryRow } from '../../store/store.js';
import { isCjkText } from '../../summarize/sentences.js';
import { assignStoryKey } from '../stories/story-key.js';
import { ensureSummary } from '../summarize/summaries.js';
import { fetchPageArticle } from '../summarize/summarize-fulltext.js';

/** What `/summarize url` asks for. */
export interface SummarizeUrlInput {
  url: string;
  guildId: string;
  userId: string;
  /** BCP 47 tag or `source` (the server's setting, usually). */
  language: string;
  style: SummaryStyle;
}

export interface SummarizeUrlResult {
  /** The URL as fetched (normalized, without fragment). */
  url: string;
  title: string;
  summary: SummaryRow;
  /** True when the story was already summarized in that language and style: no LLM call was made. */
  cached: boolean;
}

const USER_WINDOW_MS = 10 * 60_000;
const GUILD_WINDOW_MS = 60 * 60_000;

/** At least 40 CJK characters or 20 words: less than that is not an article. */
function isSummarizable(text: string): boolean {
  if (isCjkText(text)) return Array.from(text.replace(/\s+/g, '')).length >= 40;
  return (text.match(/\S+/g) ?? []).length >= 20;
}

function pageUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new UserError('pageUrlInvalid', { value: raw });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UserError('pageUrlScheme');
  }
  url.hash = '';
  return url.toString();
}

/**
 * Summarizes any article page for `/summarize url`: guarded fetch, Readability extraction, then the same story
 * grouping and summary cache as feed articles (a story already summarized costs no LLM call, and one summarized here
 * is reused when a feed brings it). Rate-limited per user (SUMMARIZE_URL_USER_LIMIT per 10 minutes) and per server
 * (SUMMARIZE_URL_SERVER_LIMIT per hour), counted in the database so every bot process shares the limits.
 * @throws UserError for a bad URL, a limit reached (with when to retry), a page without an article, or a page over
 *   the page limits (with which)
 */
export async function summarizeUrl(deps: Deps, input: SummarizeUrlInput): Promise<SummarizeUrlResult> {
  const url = pageUrl(input.url);
  const { config, store } = deps;
  if (config.SUMMARIZE_URL_USER_LIMIT === 0 || config.SUMMARIZE_URL_SERVER_LIMIT === 0) {
    throw new UserError('summarizeOff');
  }
  const slot = await store.usage.takeSummarizeSlot(
    { guildId: input.guildId, userId: input.userId, now: deps.now() },
    {
      user: { max: config.SUMMARIZE_URL_USER_LIMIT, windowMs: USER_WINDOW_MS },
      guild: { max: config.SUMMARIZE_URL_SERVER_LIMIT, windowMs: GUILD_WINDOW_MS },
    },
  );
  if (!slot.ok) {
    if (slot.scope === 'user') {
      throw new UserError('summarizeUserLimit', { max: config.SUMMARIZE_URL_USER_LIMIT, retryAt: slot.retryAt });
    }
    throw new UserError('summarizeServerLimit', { max: config.SUMMARIZE_URL_SERVER_LIMIT, retryAt: slot.retryAt });
  }

  let extraction: ArticleExtraction;
  try {
    extraction = await fetchPageArticle(deps, url);
  } catch (err) {
    if (!isFeedError(err)) throw err;
    throw new UserError('pageNotFetched', { url, problem: err.problem });
  }
  if (!extraction.ok) {
    deps.log.info({ guildId: input.guildId, reason: extraction.reason, limit: extraction.limit }, 'page not read');
    throw new UserError('pageRefused', { url, reason: extraction.reason, limit: extraction.limit });
  }
  const page = extraction.article;
  // Readability returns whatever text a page has; a few words are a page without an article (a login wall, say).
  if (!page || !isSummarizable(page.text)) throw new UserError('pageWithoutArticle', { url });
  const title = page.title || url;
  const storyKey = await assignStoryKey(store.stories, { title, contentText: page.text }, deps.now());
  const before = await store.stories.getSummary(storyKey, input.language, input.style, deps.summarizer.variant);
  const summary =
    before ?? (await ensureSummary(deps, { title, contentText: page.text, storyKey }, input.language, input.style));
  return { url, title, summary, cached: before !== null };
}
