import { createHash } from 'node:crypto';
import type { REST } from '@discordjs/rest';
import { ChannelType } from 'discord-api-types/v10';
import { pickLocale } from '../i18n/locale.js';
import { messages } from '../i18n/messages.js';
import type {
  Attempt,
  Destination,
  FeedDisabledNotice,
  PauseReason,
  Publisher,
  PublishOutcome,
  UpdateOutcome,
} from '../ports/publisher.js';
import { disableNoticeText } from './feed-health.js';
import { createRestNotifier, type GuildNotifier } from './notice.js';
import { createRestPoster, type MessageBody, PostError, type Poster } from './poster.js';
import { feedColour, renderPost } from './render.js';
import { renderRoundup } from './roundup.js';
import { safeText } from './safe-text.js';
import { withStory } from './story-post.js';

/** What a Discord publisher is built on. */
export interface DiscordPublisherParts {
  /** Posts messages and starts forum posts. */
  poster: Poster;
  /** Tells a server's admins about a pause; absent or null: pause notices go nowhere. */
  notifier?: GuildNotifier | null;
}

/**
 * The {@link Publisher} over Discord: renders posts within Discord's limits in the server's language, posts to text
 * and announcement channels with a nonce (`enforce_nonce`), starts a forum post in a forum channel (adopting one an
 * earlier attempt started, since Discord takes no nonce there), and turns Discord's refusals into outcomes.
 */
export function createDiscordPublisher({ poster, notifier }: DiscordPublisherParts): Publisher {
  /** A message in a text or announcement channel, or a new post (thread) named `name` in a forum. */
  const send = (destination: Destination, attempt: Attempt, body: MessageBody, name: string, nonce: string) =>
    outcomeOf(() => {
      if (destination.channelType === ChannelType.GuildForum && poster.startThread) {
        const { earlierAttemptAt } = attempt;
        const earlier =
          earlierAttemptAt === null ? undefined : { guildId: destination.guildId, since: earlierAttemptAt };
        // A forum post's name shows as written: no Markdown, but feed text all the same.
        const title = safeText(name, { oneLine: true, plain: true, max: 100 });
        return poster.startThread(destination.channelId, title, body, earlier);
      }
      return poster.post(destination.channelId, body, nonce);
    });

  return {
    publishArticle({ destination, attempt, article, feed, summary, mentionRoleIds, layout, story }) {
      const post = renderPost({ article, feed, summary, mentionRoleIds, layout });
      const body = story ? withStory(post, story) : post;
      const name = summary.headline || article.title;
      return send(destination, attempt, body, name, `herald-${attempt.deliveryId}`);
    },
    async updateCoverage({ destination, messageId, publication }): Promise<UpdateOutcome> {
      const { article, feed, summary, mentionRoleIds, layout, story } = publication;
      const body = withStory(renderPost({ article, feed, summary, mentionRoleIds, layout }), story);
      if (!poster.edit) return { status: 'rejected', detail: 'this poster cannot edit messages' };
      // A forum post's starter message has the thread's id and lives in the thread.
      const channelId = destination.channelType === ChannelType.GuildForum ? messageId : destination.channelId;
      try {
        await poster.edit(channelId, messageId, body);
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
    publishRoundup({ destination, attempt, articles, feed, topic, language }) {
      const t = messages(pickLocale(language));
      const count = articles.length;
      const name =
        topic !== null
          ? t.roundupTopicTitle({ count, topic })
          : t.roundupTitle({ count, feed: feed.title ?? feed.url });
      const body = renderRoundup(articles, name, feedColour(feed));
      return send(destination, attempt, body, name, `herald-r-${attempt.deliveryId}`);
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

/** The publisher on one REST client, so posts and notices share Discord's rate-limit buckets. */
export function createRestPublisher(rest: REST): Publisher {
  return createDiscordPublisher({ poster: createRestPoster(rest), notifier: createRestNotifier(rest) });
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

/** Why a channel is lost, from Discord's code: 10003 Unknown Channel, 50001 Missing Access, else 50013 and the rest. */
function lostBecause(code: number | string | null): PauseReason {
  if (code === 10003) return 'channel-deleted';
  if (code === 50001) return 'missing-access';
  return 'missing-permissions';
}
