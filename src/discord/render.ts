import type { RESTPostAPIChannelMessageJSONBody } from 'discord-api-types/v10';
import type { Summary } from '../domain.js';
import { escapeMarkdown, truncate } from './text.js';

/** Discord's documented embed limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits). */
export const EMBED_LIMITS = {
  title: 256,
  description: 4096,
  fieldName: 256,
  fieldValue: 1024,
  fields: 25,
  footer: 2048,
  author: 256,
  total: 6000,
} as const;

export interface PostInput {
  article: { title: string; link: string | null; imageUrl: string | null; publishedAt: number | null };
  feed: { title: string | null; url: string };
  summary: Summary;
  /** A role the subscription asked to ping; nothing else in the post can mention anyone. */
  mentionRoleId: string | null;
}

export type MessageBody = RESTPostAPIChannelMessageJSONBody;

/** Builds the message for one article: one embed within Discord's limits, mentions locked down. */
export function renderPost({ article, feed, summary, mentionRoleId }: PostInput): MessageBody {
  const title = truncate(escapeMarkdown(summary.headline || article.title), EMBED_LIMITS.title);
  const footer = truncate(
    [feed.title ?? hostOf(feed.url), summary.source === 'extractive' ? 'extractive summary' : null]
      .filter(Boolean)
      .join(' · '),
    EMBED_LIMITS.footer,
  );
  const points = summary.keyPoints.map((p) => `• ${p}`).join('\n');
  // Title and footer count towards the 6,000 total too; the description takes what remains.
  const room = Math.min(EMBED_LIMITS.description, EMBED_LIMITS.total - title.length - footer.length);
  const description = truncate(points ? `${summary.summary}\n\n${points}` : summary.summary, room);

  const embed: NonNullable<MessageBody['embeds']>[number] = { title, description, footer: { text: footer } };
  if (article.link && isHttpUrl(article.link)) embed.url = article.link;
  if (article.imageUrl && isHttpUrl(article.imageUrl)) embed.image = { url: article.imageUrl };
  if (article.publishedAt !== null) embed.timestamp = new Date(article.publishedAt).toISOString();

  return {
    ...(mentionRoleId ? { content: `<@&${mentionRoleId}>` } : {}),
    embeds: [embed],
    allowed_mentions: { parse: [], roles: mentionRoleId ? [mentionRoleId] : [] },
  };
}

function isHttpUrl(value: string): boolean {
  return /^https?:\/\//i.test(value) && value.length <= 2048;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
