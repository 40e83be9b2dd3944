import { createHash } from 'node:crypto';
import type { REST } from '@discordjs/rest';
import { ChannelType } from 'discord-api-types/v10';
import { pickLocale } from '../i18n/locale.js';
import { messages } from '../i18n/messages.js';
import type {
  Destination,
  FeedDisabledNotice,
  FeedRef,
  PauseReason,
  PostIdentity,
  Publisher,
  PublishOutcome,
  UpdateOutcome,
} from '../ports/publisher.js';
import type { WebhookRepository } from '../store/store.js';
import { briefingNonce, renderBriefing } from './briefing-post.js';
import { disableNoticeText } from './feed-health.js';
import { createRestNotifier, type GuildNotifier } from './notice.js';
import { afterPost, createRestPostExtras, forumTagIds, type PostExtras } from './post-extras.js';
import { createRestPoster, type MessageBody, PostError, type Poster } from './poster.js';
import { faviconUrl, feedColour } from './render.js';
import { renderRoundup } from './roundup.js';
import { safeText } from './safe-text.js';
import { withStory } from './story-post.js';
import { renderArticle } from './templates.js';
import {
  createWebhookPoster,
  MISSING_MANAGE_WEBHOOKS,
  type WebhookAuthor,
  type WebhookPoster,
  webhookUsername,
} from './webhooks.js';

/** What a Discord publisher is built on. */
export interface DiscordPublisherParts {
  /** Posts messages and starts forum posts. */
  poster: Poster;
  /** Tells a server's admins about a pause; absent or null: pause notices go nowhere. */
  notifier?: GuildNotifier | null;
  /** Threads on posts, publishing, forum tags; absent or null: posts get none of them. */
  extras?: PostExtras | null;
  /** Posts under a subscription's own name; absent or null: every post is the bot's. */
  webhooks?: WebhookPoster | null;
}

/**
 * The {@link Publisher} over Discord: renders posts within Discord's limits in the server's language, posts to text
 * and announcement channels and threads with a nonce (`enforce_nonce`), starts a forum post in a forum channel
 * (adopting one an earlier attempt started, since Discord takes no nonce there) with the forum's tags, posts under a
 * subscription's own identity through the channel's webhook (see webhooks.ts), publishes and starts threads on posts
 * when asked, and turns Discord's refusals into outcomes.
 */
export function createDiscordPublisher({ poster, notifier, extras, webhooks }: DiscordPublisherParts): Publisher {
  /**
   * A message in a text or announcement channel or a thread, or a new post (thread) named `name` in a forum, with
   * the forum's tags `tags`; through the channel's webhook under `author` when given. `earlierAttemptAt`: when an
   * earlier attempt started (a forum or webhook post it made since then is adopted), null on the first.
   */
  const send = (
    destination: Destination,
    earlierAttemptAt: number | null,
    body: MessageBody,
    name: string,
    nonce: string,
    author: WebhookAuthor | null,
    tags: string[] = [],
  ) =>
    outcomeOf(() => {
      const forum = destination.channelType === ChannelType.GuildForum;
      // A forum post's name shows as written: no Markdown, but feed text all the same.
      const title = () => safeText(name, { oneLine: true, plain: true, max: 100 });
      if (author && webhooks) {
        const target = { ...destination, ...(forum && { threadName: title(), appliedTags: tags }) };
        return webhooks.post(target, body, author, earlierAttemptAt === null ? undefined : { since: earlierAttemptAt });
      }
      if (forum && poster.startThread) {
        const earlier =
          earlierAttemptAt === null ? undefined : { guildId: destination.guildId, since: earlierAttemptAt };
        return poster.startThread(destination.channelId, title(), body, earlier, tags);
      }
      return poster.post(destination.channelId, body, nonce);
    });

  return {
    async publishArticle({
      destination,
      attempt,
      article,
      feed,
      summary,
      mentionRoleIds,
      layout,
      template,
      identity,
      story,
      ...asked
    }) {
      const post = renderArticle({ article, feed, summary, mentionRoleIds, layout, template });
      const body = story ? withStory(post, story) : post;
      const name = summary.headline || article.title;
      const tags = await forumTagIds(extras, destination, asked.tags);
      const author = authorOf(identity, feed);
      const nonce = `herald-${attempt.deliveryId}`;
      const outcome = await send(destination, attempt.earlierAttemptAt, body, name, nonce, author, tags);
      return afterPost(extras, destination, outcome, { ...asked, headline: name });
    },
    async updateCoverage({ destination, messageId, publication }): Promise<UpdateOutcome> {
      const { article, feed, summary, mentionRoleIds, layout, template, story } = publication;
      const body = withStory(renderArticle({ article, feed, summary, mentionRoleIds, layout, template }), story);
      // A post under a subscription's own name is the webhook's: only the webhook may edit it.
      const byWebhook = webhooks && authorOf(publication.identity, feed);
      if (!byWebhook && !poster.edit) return { status: 'rejected', detail: 'this poster cannot edit messages' };
      // A forum post's starter message has the thread's id and lives in the thread.
      const channelId = destination.channelType === ChannelType.GuildForum ? messageId : destination.channelId;
      try {
        if (byWebhook) await webhooks.edit(destination, messageId, body);
        else await poster.edit?.(channelId, messageId, body);
        return { status: 'updated' };
      } catch (err) {
        if (err instanceof PostError && err.kind === 'message-gone')
          return { status: 'post-gone', detail: err.message };
        return failureOf(err);
      }
    },
    publishAlert({ destination, messageId, alertId, roleIds, outlets, minutes, language }) {
      const t = messages(pickLocale(language));
      const roles = [...new Set(roleIds)].filter((id) => /^\d{1,20}$/u.test(id)).slice(0, 100);
      const body: MessageBody = {
        content: `${roles.map((id) => `<@&${id}>`).join(' ')} ${t.storyAlert({ outlets, minutes })}`.trim(),
        allowed_mentions: { parse: [], roles, replied_user: false },
        message_reference: { message_id: messageId, fail_if_not_exists: false },
      };
      const channelId = destination.channelType === ChannelType.GuildForum ? messageId : destination.channelId;
      return outcomeOf(() => poster.post(channelId, body, `herald-a-${alertId}`));
    },
    async publishRoundup({ destination, attempt, articles, feed, topic, language, publish, identity }) {
      const t = messages(pickLocale(language));
      const count = articles.length;
      const name =
        topic !== null
          ? t.roundupTopicTitle({ count, topic })
          : t.roundupTitle({ count, feed: feed.title ?? feed.url });
      const body = renderRoundup(articles, name, feedColour(feed));
      const author = authorOf(identity, feed);
      const nonce = `herald-r-${attempt.deliveryId}`;
      const outcome = await send(destination, attempt.earlierAttemptAt, body, name, nonce, author);
      return afterPost(extras, destination, outcome, { publish });
    },
    async publishBriefing(publication, posted) {
      const { destination, briefingId, periodKey } = publication;
      const t = messages(pickLocale(publication.language));
      const bodies = renderBriefing(publication, t);
      const forum = destination.channelType === ChannelType.GuildForum;
      // The first part is a message, or in a forum a new post the others reply in.
      let thread = forum ? (publication.posted.get(0) ?? null) : null;
      let last: PublishOutcome = { status: 'delivered', messageId: publication.posted.get(0) ?? '' };
      const title = t.briefingTitle({ date: periodKey });
      for (const [part, body] of bodies.entries()) {
        if (publication.posted.has(part)) continue;
        const nonce = briefingNonce(briefingId, periodKey, part);
        const inThread = thread;
        last =
          inThread === null
            ? await send(destination, publication.earlierAttemptAt, body, title, nonce, null)
            : await outcomeOf(() => poster.post(inThread, body, nonce));
        if (last.status !== 'delivered') return last;
        if (forum) thread ??= last.messageId;
        await posted(part, last.messageId);
      }
      return last;
    },
    announceFeedDisabled(notice) {
      const content = disableNoticeText(notice, messages(pickLocale(notice.language)));
      const body = { content, allowed_mentions: { parse: [] } };
      return outcomeOf(() => poster.post(notice.channelId, body, disableNonce(notice)));
    },
    async announcePause({ guildId, channelId, reason, count, language }) {
      if (!notifier) return 'nowhere';
      return notifier.notify(guildId, messages(pickLocale(language)).noticePaused({ channelId, reason, count }));
    },
  };
}

/**
 * The publisher on one REST client, so posts and notices share Discord's rate-limit buckets; with `webhooks` (where
 * the channels' webhooks are kept), subscriptions with an identity of their own post through them.
 */
export function createRestPublisher(rest: REST, webhooks?: WebhookRepository | null): Publisher {
  return createDiscordPublisher({
    poster: createRestPoster(rest),
    notifier: createRestNotifier(rest),
    extras: createRestPostExtras(rest),
    webhooks: webhooks ? createWebhookPoster(rest, webhooks) : null,
  });
}

/**
 * The name and avatar a webhook post shows: the identity's own, else the feed's title (its address when it has none)
 * and its site's icon when served over https (Discord fetches avatars itself). Null: post as the bot.
 */
function authorOf(identity: PostIdentity | null | undefined, feed: FeedRef): WebhookAuthor | null {
  if (!identity) return null;
  const favicon = faviconUrl(feed);
  return {
    username: webhookUsername(identity.name ?? feed.title ?? URL.parse(feed.url)?.hostname ?? ''),
    avatarUrl: identity.avatarUrl ?? (favicon?.startsWith('https:') ? favicon : null),
  };
}

/**
 * The nonce of a disable notice, from the feed id, the disabling time and the channel: Discord deduplicates nonces
 * per author across channels, so each channel's notice needs its own. 25 characters at most.
 */
export function disableNonce(notice: Pick<FeedDisabledNotice, 'feed' | 'disabledAt' | 'channelId'>): string {
  const digest = createHash('sha256').update(`${notice.feed.id}:${notice.disabledAt}:${notice.channelId}`).digest();
  return `fd${digest.toString('base64url').slice(0, 23)}`;
}

/** The outcome of one post: what Discord said, in the pipeline's terms. Anything but a `PostError` propagates. */
async function outcomeOf(publish: () => Promise<string>): Promise<PublishOutcome> {
  try {
    return { status: 'delivered', messageId: await publish() };
  } catch (err) {
    return failureOf(err);
  }
}

function failureOf(err: unknown): Exclude<PublishOutcome, { status: 'delivered' }> {
  if (!(err instanceof PostError)) throw err;
  switch (err.kind) {
    case 'transient':
      return { status: 'retry-later', detail: err.message };
    case 'no-access':
      return { status: 'destination-lost', reason: lostBecause(err.code), detail: err.message };
    case 'rejected':
    case 'message-gone':
      return { status: 'rejected', detail: err.message };
  }
}

/**
 * Why a channel is lost, from Discord's code: 10003 Unknown Channel, 50001 Missing Access, 50083 and 160005 a locked
 * thread, 50013 where the channel's webhook is made (Manage Webhooks), else 50013 and the rest.
 */
function lostBecause(code: number | string | null): PauseReason {
  if (code === 10003) return 'channel-deleted';
  if (code === 50083 || code === 160005) return 'thread-locked';
  if (code === MISSING_MANAGE_WEBHOOKS) return 'missing-manage-webhooks';
  if (code === 50001) return 'missing-access';
  return 'missing-permissions';
}
