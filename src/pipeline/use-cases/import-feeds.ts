import type { Deps } from '../../deps.js';
import { FeedError } from '../../feeds/errors.js';
import { fetchFeed } from '../../feeds/fetch.js';
import { OPML_LIMITS, type OpmlDocument, type OpmlFeed, opmlTooLarge, parseOpml } from '../../feeds/opml.js';
import { UserError } from '../../i18n/user-error.js';
import { addFeed } from './add-feed.js';

/** Feeds fetched at the same time during an import: quick on a long list, gentle on the servers and the database. */
export const IMPORT_CONCURRENCY = 4;

/** How one feed of an import went. */
export interface ImportOutcome {
  url: string;
  /** The feed's title as stored, else the file's, else null. */
  title: string | null;
  /**
   * `added`: the channel follows it now; `already`: it did before; `failed`: it could not be added (`error` says
   * why); `skipped`: not tried because the deadline passed.
   */
  status: 'added' | 'already' | 'failed' | 'skipped';
  error: UserError | null;
}

/** Where an import stands, after each feed. */
export interface ImportProgress {
  done: number;
  total: number;
  failed: number;
  /** The feed just finished. */
  last: ImportOutcome;
}

export interface ImportFeedsInput {
  guildId: string;
  guildLocale: string | null;
  channelId: string;
  /** The channel's Discord type when known (15: forum). */
  channelType?: number | null;
  feeds: readonly OpmlFeed[];
  /** No feed is started after this time (`deps.now()` milliseconds); the rest are `skipped`. */
  deadline?: number;
  onProgress?: (progress: ImportProgress) => void;
}

export interface ImportFeedsResult {
  /** One per input feed, in the file's order. */
  outcomes: ImportOutcome[];
  added: number;
  already: number;
  failed: number;
  skipped: number;
}

/**
 * Adds each feed to the server and subscribes the channel, exactly as `/feed add` does one (fetched and checked,
 * current items marked seen so nothing already published is posted), {@link IMPORT_CONCURRENCY} at a time. A feed
 * that cannot be added is reported in its outcome, never fatal; re-running an import is harmless.
 */
export async function importFeeds(
  deps: Pick<Deps, 'config' | 'store' | 'now' | 'log'>,
  input: ImportFeedsInput,
): Promise<ImportFeedsResult> {
  const { feeds } = input;
  const outcomes: ImportOutcome[] = new Array(feeds.length);
  let next = 0;
  let done = 0;
  let failed = 0;
  const importOne = async (feed: OpmlFeed): Promise<ImportOutcome> => {
    if (input.deadline !== undefined && deps.now() >= input.deadline) {
      return { url: feed.url, title: feed.title, status: 'skipped', error: null };
    }
    try {
      const result = await addFeed(deps, {
        url: feed.url,
        guildId: input.guildId,
        guildLocale: input.guildLocale,
        channelId: input.channelId,
        channelType: input.channelType ?? null,
      });
      const title = result.feed.title ?? feed.title;
      return { url: feed.url, title, status: result.subscribed ? 'added' : 'already', error: null };
    } catch (err) {
      if (err instanceof UserError) return { url: feed.url, title: feed.title, status: 'failed', error: err };
      deps.log.warn({ err, url: feed.url }, 'feed import failed');
      const error = new UserError('feedNotAddedUnexpected', { url: feed.url });
      return { url: feed.url, title: feed.title, status: 'failed', error };
    }
  };
  const worker = async () => {
    while (next < feeds.length) {
      const index = next++;
      const outcome = await importOne(feeds[index] as OpmlFeed);
      outcomes[index] = outcome;
      done += 1;
      if (outcome.status === 'failed') failed += 1;
      input.onProgress?.({ done, total: feeds.length, failed, last: outcome });
    }
  };
  await Promise.all(Array.from({ length: Math.min(IMPORT_CONCURRENCY, feeds.length) }, worker));
  const count = (status: ImportOutcome['status']) => outcomes.filter((o) => o.status === status).length;
  return { outcomes, added: count('added'), already: count('already'), failed, skipped: count('skipped') };
}

/**
 * Fetches an OPML file (a Discord attachment's CDN address) under the feed network guard, with the OPML size cap,
 * and parses it, decoded by its BOM or XML declaration.
 * @throws UserError when it cannot be fetched or is not a usable OPML file
 */
export async function fetchOpml(deps: Pick<Deps, 'config'>, url: string): Promise<OpmlDocument> {
  try {
    const res = await fetchFeed(url, {
      allowPrivate: deps.config.FEED_ALLOW_PRIVATE,
      profiles: deps.config.fetchProfiles,
      maxBytes: OPML_LIMITS.maxBytes,
    });
    if (res.status !== 'ok') throw new UserError('opmlNotModified');
    // The CDN's charset is its guess about an uploaded file; the file's own BOM or XML declaration says better.
    return await parseOpml(res.body, null);
  } catch (err) {
    if (err instanceof FeedError) {
      if (err.kind === 'too-large') throw opmlTooLarge();
      throw new UserError('opmlNotDownloaded', { problem: err.problem });
    }
    throw err;
  }
}
