import type { Deps } from '../../deps.js';
import type { Destination, OutletReport, StoryCoverage, UpdateOutcome } from '../../ports/publisher.js';
import type {
  ArticleRow,
  DeliveryRow,
  StoryAlertRule,
  StoryArticle,
  StoryPostOwner,
  StoryPostRow,
  SubscriptionRow,
  TopicSubscriptionRow,
} from '../../store/store.js';
import { storyOf } from '../stories/story-of.js';
import { findSummary } from '../summarize/summaries.js';
import { effectiveSettings, guildSettings } from '../use-cases/settings.js';
import { perStoryOf } from '../use-cases/stories.js';
import { templateSource } from './post-options.js';

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
/** Another run took the post between our read and our write this many times: something is wrong. */
const MAX_TRIES = 3;

/** What the deliver stage does with a delivery once its story is looked at. */
export type StoryStep =
  /** Publish it; `story` (one post per story) makes the post the story's, with its coverage so far. */
  | { kind: 'post'; story?: StoryCoverage }
  /** Shown on the story's post already; the delivery is recorded as merged. */
  | { kind: 'merged' }
  /** The story's post could not be updated now, or its channel is lost: the caller handles it as a publication. */
  | { kind: 'failed'; outcome: Extract<UpdateOutcome, { status: 'retry-later' | 'destination-lost' }> };

/** A delivery about to be published, and where. */
export interface StoryCopy {
  delivery: DeliveryRow;
  article: ArticleRow;
  subscription: SubscriptionRow | null;
  /** The topic subscription that matched, for a delivery made by a topic rather than a feed subscription. */
  topic: TopicSubscriptionRow | null;
  destination: Destination;
  /** The language setting the channel's posts are in. */
  language: string;
}

/**
 * Decides whether a delivery makes a post or joins its story's post in the channel. With one post per story (a feed
 * subscription's setting, else its server's; a topic subscription's is its server's), the first copy of a story takes the story's post (one record per channel and story); a
 * later copy within the server's window is added to that post, which is edited to name it, and the delivery is
 * recorded as merged. Past the window, or when the post failed, was deleted or cannot be edited (Discord refuses the
 * edit), the copy takes the story's post and is posted anew. Every step is repeatable: a copy is recorded before the
 * edit, and the edit renders the post from the recorded copies, so a run cut short anywhere and run again leaves one
 * post, edited once.
 */
export async function placeInStory(deps: Deps, copy: StoryCopy): Promise<StoryStep> {
  const { store } = deps;
  const { delivery, article, subscription, topic, destination } = copy;
  const storyKey = await storyOf(deps, article);
  if (!storyKey || !(await perStory(deps, subscription, topic))) return { kind: 'post' };
  const { windowHours } = await store.storyPosts.guildSettings(delivery.guildId);
  for (let tries = 0; tries < MAX_TRIES; tries++) {
    const now = deps.now();
    const { post, owner } = await store.storyPosts.claim(
      { channelId: destination.channelId, guildId: delivery.guildId, storyKey, deliveryId: delivery.id },
      now,
    );
    const takeOver = async () =>
      owner.deliveryId === delivery.id || store.storyPosts.takeOver(post.id, owner.deliveryId, delivery.id, now);
    if (owner.deliveryId === delivery.id || isStale(post, owner, now - windowHours * HOUR_MS)) {
      if (!(await takeOver())) continue;
      return { kind: 'post', story: await coverageOf(deps, post, copy.language) };
    }
    await store.storyPosts.addArticle(post.id, article.id, now);
    // Its post is not made yet (a run cut short): it names this copy when it is.
    if (owner.state === 'pending' || owner.messageId === null) return merged(deps, delivery, null);
    const outcome = await refreshStoryPost(deps, post, owner, destination);
    if (outcome.status === 'updated') {
      await alertIfDue(deps, post, owner.messageId, destination, copy.language);
      return merged(deps, delivery, owner.messageId);
    }
    if (outcome.status !== 'post-gone' && outcome.status !== 'rejected') return { kind: 'failed', outcome };
    // Gone, not the bot's, or an edit the platform refuses: the copy is posted rather than lost.
    deps.log.info(
      { channelId: destination.channelId, storyPostId: post.id, outcome: outcome.status, detail: outcome.detail },
      'story post not editable, posting anew',
    );
    if (!(await takeOver())) continue;
    return { kind: 'post', story: await coverageOf(deps, post, copy.language) };
  }
  throw new Error(`story post of ${storyKey} in ${destination.channelId} kept changing hands`);
}

/**
 * After a story's post was published: when it named merged copies (copies recorded while its own publication was cut
 * short, whose retry answers the first message as it was), it is edited to be sure they show; then a breaking alert
 * that is due is sent.
 */
export async function afterStoryPost(
  deps: Deps,
  delivery: DeliveryRow,
  messageId: string,
  destination: Destination,
  published: StoryCoverage,
): Promise<void> {
  const post = await deps.store.storyPosts.ofDelivery(delivery.id);
  if (!post) return;
  if (published.alsoReportedBy.length > 0) {
    const owner: StoryPostOwner = {
      ...delivery,
      deliveryId: delivery.id,
      state: 'sent',
      messageId,
      sentAt: deps.now(),
    };
    const outcome = await refreshStoryPost(deps, post, owner, destination);
    if (outcome.status !== 'updated') {
      deps.log.warn({ storyPostId: post.id, outcome: outcome.status, detail: outcome.detail }, 'story post not edited');
    }
  }
  await alertIfDue(deps, post, messageId, destination, published.language);
}

async function perStory(
  deps: Deps,
  subscription: SubscriptionRow | null,
  topic: TopicSubscriptionRow | null,
): Promise<boolean> {
  if (subscription) return perStoryOf(deps, subscription);
  return topic !== null && (await deps.store.storyPosts.guildSettings(topic.guildId)).perStory;
}

function isStale(post: StoryPostRow, owner: StoryPostOwner, windowStart: number): boolean {
  if (owner.state === 'failed' || owner.state === 'skipped') return true;
  if (owner.state === 'sent') return owner.messageId === null || (owner.sentAt ?? 0) < windowStart;
  return post.createdAt < windowStart;
}

async function merged(deps: Deps, delivery: DeliveryRow, messageId: string | null): Promise<StoryStep> {
  await deps.store.deliveries.markSkipped(delivery.id, messageId ? `merged: ${messageId}` : 'merged');
  deps.metrics.deliveries.inc({ outcome: 'merged' });
  return { kind: 'merged' };
}

/** The post's coverage: every other outlet of its recorded copies, once per outlet, in the order they came. */
async function coverageOf(deps: Deps, post: StoryPostRow, language: string): Promise<StoryCoverage> {
  const [own, ...copies] = await deps.store.storyPosts.articles(post.id);
  return { storyKey: post.storyKey, alsoReportedBy: otherOutlets(own, copies), language };
}

/** One report per outlet (by feed, then by shown name), the post's own outlet left out. */
export function otherOutlets(own: StoryArticle | undefined, copies: StoryArticle[]): OutletReport[] {
  const seen = new Set<string>();
  const nameOf = (a: StoryArticle) => a.feedTitle?.trim() || hostOf(a.feedUrl);
  if (own) seen.add(`f${own.feedId}`).add(`n${nameOf(own)}`);
  const reports: OutletReport[] = [];
  for (const a of copies) {
    const name = nameOf(a);
    if (seen.has(`f${a.feedId}`) || seen.has(`n${name}`)) continue;
    seen.add(`f${a.feedId}`).add(`n${name}`);
    reports.push({ outlet: name, link: a.link });
  }
  return reports;
}

/** Renders the story's post again from its own article and its recorded copies. */
async function refreshStoryPost(
  deps: Deps,
  post: StoryPostRow,
  owner: StoryPostOwner,
  destination: Destination,
): Promise<UpdateOutcome> {
  const { store, publisher } = deps;
  if (!publisher) throw new Error('refreshStoryPost needs a publisher');
  const [article, delivery] = await Promise.all([
    store.articles.get(owner.articleId),
    store.deliveries.ofArticle(owner.articleId).then((all) => all.find((d) => d.id === owner.deliveryId) ?? null),
  ]);
  if (!article || !delivery || owner.messageId === null) return { status: 'post-gone', detail: 'post not recorded' };
  // The post was made for a feed subscription or for a topic: its settings render it again.
  const subscription =
    delivery.subscriptionId !== null
      ? await store.subscriptions.get(delivery.subscriptionId)
      : delivery.topicSubscriptionId !== null
        ? await store.topics.get(delivery.topicSubscriptionId)
        : null;
  const prefs = effectiveSettings(await guildSettings(deps, post.guildId), subscription);
  const [summary, feed] = await Promise.all([
    findSummary(deps, article, prefs.language, prefs.style),
    store.feeds.get(article.feedId),
  ]);
  if (!summary) return { status: 'post-gone', detail: 'summary of the post no longer stored' };
  return publisher.updateCoverage({
    destination,
    messageId: owner.messageId,
    publication: {
      article,
      feed: { id: article.feedId, title: feed?.title ?? null, url: feed?.url ?? '', siteLink: feed?.siteLink ?? null },
      summary,
      mentionRoleIds: delivery.mentionRoleIds ?? (subscription?.mentionRoleId ? [subscription.mentionRoleId] : []),
      layout: prefs.layout,
      template: await templateSource(deps, post.guildId, prefs),
      identity: subscription?.webhook ?? null,
      story: await coverageOf(deps, post, prefs.language),
    },
  });
}

/**
 * Replies to the story's post with a breaking alert once a rule of the channel's subscriptions is met (its story
 * reached N outlets within M minutes), once per post: claimed in the store, published with the post's id as its
 * idempotency key, so a run cut short and run again sends it once.
 */
async function alertIfDue(
  deps: Deps,
  post: StoryPostRow,
  messageId: string,
  destination: Destination,
  language: string,
): Promise<void> {
  const { store, publisher } = deps;
  if (!publisher || post.alertMessageId !== null) return;
  const rules = (await store.storyPosts.alertsOfGuild(post.guildId)).filter((r) => r.channelId === post.channelId);
  if (rules.length === 0) return;
  const articles = await store.storyPosts.articles(post.id);
  const due = rules.map((r) => r.rule).filter((rule) => reached(articles, rule));
  if (due.length === 0 || !(await store.storyPosts.claimAlert(post.id, deps.now()))) return;
  const outlets = Math.max(...due.map((r) => r.outlets));
  const minutes = Math.min(...due.map((r) => r.minutes));
  const outcome = await publisher.publishAlert({
    destination,
    messageId,
    alertId: post.id,
    roleIds: due.map((r) => r.roleId),
    outlets,
    minutes,
    language,
  });
  if (outcome.status === 'retry-later') throw new AlertUnavailable(outcome.detail);
  // A refused alert is not tried again on every later copy.
  await store.storyPosts.markAlerted(post.id, outcome.status === 'delivered' ? outcome.messageId : '');
  if (outcome.status !== 'delivered') {
    deps.log.warn({ storyPostId: post.id, outcome: outcome.status, detail: outcome.detail }, 'story alert failed');
  }
}

/** The alert could not be sent now: the delivery stays pending and its job retries. */
export class AlertUnavailable extends Error {
  override name = 'AlertUnavailable';
}

/** Whether `rule.outlets` distinct outlets first reported the story within `rule.minutes` of each other. */
export function reached(articles: readonly StoryArticle[], rule: StoryAlertRule): boolean {
  const first = new Map<number, number>();
  for (const a of articles) first.set(a.feedId, Math.min(first.get(a.feedId) ?? a.seenAt, a.seenAt));
  const times = [...first.values()].sort((a, b) => a - b);
  for (let i = 0; i + rule.outlets - 1 < times.length; i++) {
    if ((times[i + rule.outlets - 1] ?? 0) - (times[i] ?? 0) <= rule.minutes * MINUTE_MS) return true;
  }
  return false;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
