import type { Deps } from '../../deps.js';
import type { Summary } from '../../domain.js';
import type { ArticlePublication } from '../../ports/publisher.js';
import { fold } from '../../search/normalize.js';
import type { ThreadOptions } from '../../store/store.js';

/**
 * Publishes a channel may make in an hour: Discord allows about 10 per announcement channel, so Herald counts its own
 * and stops short of it.
 */
export const PUBLISH_PER_HOUR = 10;
/** A thread's auto-archive when its subscription chose none: a day. */
export const DEFAULT_ARCHIVE_MINUTES = 1440;

const HOUR_MS = 3_600_000;

/** What a post asks beyond its message, for one subscription, and whether the channel's publishes are used up. */
export interface PostOptions {
  extras: Pick<ArticlePublication, 'thread' | 'publish' | 'tags'>;
  /** The subscription publishes and the channel published {@link PUBLISH_PER_HOUR} messages in the last hour. */
  publishSpent: boolean;
}

/**
 * The thread, publishing and forum tags of a post of `summary` by a subscription with `options` (null: none) in
 * `channelId`. The tags are the summary's topic labels and, before them, the tag names the channel maps them to.
 */
export async function postOptions(
  deps: Pick<Deps, 'store' | 'now'>,
  channelId: string,
  options: ThreadOptions | null,
  summary: Pick<Summary, 'topics'>,
): Promise<PostOptions> {
  const extras: PostOptions['extras'] = {};
  let publishSpent = false;
  if (options?.thread === 'per-article') {
    extras.thread = { archiveMinutes: options.threadArchiveMinutes ?? DEFAULT_ARCHIVE_MINUTES };
  }
  if (options?.publish) {
    const published = await deps.store.deliveries.countPublishedSince(channelId, deps.now() - HOUR_MS);
    publishSpent = published >= PUBLISH_PER_HOUR;
    extras.publish = !publishSpent;
  }
  if (summary.topics.length > 0) extras.tags = await tagNames(deps, channelId, summary.topics);
  return { extras, publishSpent };
}

/** The channel's mapped tag names for the labels, then the labels themselves, once each (folded). */
async function tagNames(deps: Pick<Deps, 'store'>, channelId: string, labels: readonly string[]): Promise<string[]> {
  const mapped = new Map((await deps.store.forumTags.ofChannel(channelId)).map((m) => [m.topicKey, m.tag]));
  const names = new Map<string, string>();
  const add = (name: string) => {
    const key = fold(name.trim());
    if (key && !names.has(key)) names.set(key, name.trim());
  };
  for (const label of labels) {
    const tag = mapped.get(fold(label.trim()));
    if (tag) add(tag);
  }
  for (const label of labels) add(label);
  return [...names.values()];
}

/**
 * The source of the custom template a post takes (the subscription's, else its server's: `prefs.template`), null for
 * a preset or a template removed since.
 */
export async function templateSource(
  deps: Pick<Deps, 'store'>,
  guildId: string,
  prefs: { template?: string | null },
): Promise<string | null> {
  if (!prefs.template) return null;
  return (await deps.store.templates.get(guildId, prefs.template))?.content ?? null;
}
