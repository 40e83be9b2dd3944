import { randomUUID } from 'node:crypto';
import type { Deps } from '../../deps.js';
import type { SummaryStyle } from '../../domain.js';
import type { SummaryRow } from '../../store/store.js';
import { noteStoryFacts } from '../stories/link-story.js';
import { assignStoryKey } from '../stories/story-key.js';

/** How long a second caller waits for the holder's summary before giving up (and its job retrying later). */
const CLAIM_WAIT_MS = 60_000;
const CLAIM_POLL_MS = 200;

/** Another process is summarizing this story and did not finish within the wait: try again later. */
export class SummaryPendingError extends Error {
  override name = 'SummaryPendingError';
}

/** What a summary is made from: an article row, or a page fetched for `/summarize`. */
export interface SummarySource {
  title: string;
  contentText: string;
  storyKey: string | null;
}

/**
 * The stored summary of the article's story in that language and style for the current summarizer (model and prompt
 * version), or null when the summarize stage has not made it: a lookup, never an LLM call.
 */
export async function findSummary(
  deps: Pick<Deps, 'store' | 'summarizer'>,
  article: { storyKey: string | null },
  language: string,
  style: SummaryStyle,
): Promise<SummaryRow | null> {
  if (article.storyKey === null) return null;
  return deps.store.stories.getSummary(article.storyKey, language, style, deps.summarizer.variant);
}

/**
 * The stored summary of the article's story in that language and style for the current summarizer (model and prompt
 * version), made if missing. Made once across processes: the maker holds a claim in the database while the others
 * wait for its result, so two copies of a story summarized at once cost one LLM call. The story's first summary
 * also gives it its facts, which link it to a report of the event in another language ({@link noteStoryFacts}).
 */
export async function ensureSummary(
  deps: Pick<Deps, 'store' | 'summarizer' | 'now' | 'config' | 'embedder'> & Partial<Pick<Deps, 'log'>>,
  article: SummarySource,
  language: string,
  style: SummaryStyle,
  /** True while the story may still wait for an unavailable LLM (transient LLM errors are thrown, not replaced). */
  waitForLlm = false,
): Promise<SummaryRow> {
  const { store, summarizer } = deps;
  const key = article.storyKey ?? (await assignStoryKey(store.stories, article, deps.now()));
  const variant = summarizer.variant;
  const lookup = () => store.stories.getSummary(key, language, style, variant);
  const cached = await lookup();
  if (cached) return cached;

  const cacheKey = `${key}|${language}|${style}|${variant}`;
  const owner = randomUUID();
  const giveUpAt = Date.now() + CLAIM_WAIT_MS;
  // A claim lasts JOB_LOCK_SECONDS and is renewed every half of that while the summarizer works (an LLM call with its
  // retries can take minutes), so the claim of a process that died frees when its job is taken over, not later.
  const ttlMs = deps.config.JOB_LOCK_SECONDS * 1000;
  while (!(await store.stories.claimSummary(cacheKey, owner, deps.now(), ttlMs))) {
    await new Promise((resolve) => setTimeout(resolve, CLAIM_POLL_MS));
    const made = await lookup();
    if (made) return made;
    if (Date.now() > giveUpAt) throw new SummaryPendingError(`story ${key} is being summarized elsewhere`);
  }
  const renewal = setInterval(() => {
    // A renewal that fails (the database is down) at worst lets a second process make the same summary.
    store.stories.claimSummary(cacheKey, owner, deps.now(), ttlMs).catch(() => undefined);
  }, ttlMs / 2);
  try {
    // The holder before us may have finished between our lookup and our claim.
    const made = await lookup();
    if (made) return made;
    const summary = await summarizer.summarize(
      { title: article.title, text: article.contentText, language: null },
      { language, style, waitForLlm },
    );
    const stored = await store.stories.putSummary(key, language, style, summary, deps.now(), variant);
    await noteStoryFacts(deps, key, article, summary);
    return stored;
  } finally {
    clearInterval(renewal);
    await store.stories.releaseSummaryClaim(cacheKey, owner);
  }
}
