import type { RESTPostAPIChannelMessageJSONBody } from 'discord-api-types/v10';
import type { Summary } from '../domain.js';
import type { PostLayout } from '../store/store.js';
import { linkTarget, MAX_LINK, safeText } from './safe-text.js';
import { truncate } from './text.js';

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

/** Discord's limit for a message's content. */
const MAX_CONTENT = 2000;

export interface PostInput {
  article: {
    title: string;
    link: string | null;
    imageUrl: string | null;
    publishedAt: number | null;
    author?: string | null;
  };
  /** `id` picks the embed colour; `siteLink` (else `url`) the favicon. */
  feed: { title: string | null; url: string; id?: number; siteLink?: string | null };
  summary: Summary;
  /** The roles the pipeline decided to ping; nothing else in the post can mention anyone. */
  mentionRoleIds: readonly string[];
  /** `full` (default): one embed; `compact`: one line with the link; the other presets are templates (`templates.ts`). */
  layout?: PostLayout;
}

/** Colours readable on Discord's light and dark themes; a feed keeps its colour (picked by its id). */
const FEED_COLOURS = [
  0x3b82f6, 0xef4444, 0x10b981, 0xf59e0b, 0x8b5cf6, 0xec4899, 0x14b8a6, 0xf97316, 0x6366f1, 0x84cc16, 0x06b6d4,
  0xe11d48,
];

/** The embed colour of a feed. */
export function feedColour(feed: { id?: number; url: string }): number {
  let n = feed.id ?? 0;
  if (feed.id === undefined) for (const ch of feed.url) n = (n * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return FEED_COLOURS[n % FEED_COLOURS.length] as number;
}

/** `<origin>/favicon.ico` of the feed's site (or of the feed URL), or null for a non-http URL. */
export function faviconUrl(feed: { url: string; siteLink?: string | null }): string | null {
  for (const candidate of [feed.siteLink, feed.url]) {
    if (!candidate) continue;
    try {
      const url = new URL(candidate);
      if (url.protocol === 'http:' || url.protocol === 'https:') return `${url.origin}/favicon.ico`;
    } catch {
      // Not a URL: try the next candidate.
    }
  }
  return null;
}

export type MessageBody = RESTPostAPIChannelMessageJSONBody;

/**
 * Builds the message for one article: one embed within Discord's limits, mentions locked down. Every piece of outside
 * text (headline, summary, key points, feed name) goes through {@link safeText}, whether the LLM or the extractive
 * summarizer wrote it; the only link is Herald's own (the embed URL, or the headline link of the compact layout).
 */
export function renderPost(input: PostInput): MessageBody {
  if (input.layout === 'compact') return renderCompact(input);
  const { article, feed, summary } = input;
  const roles = mentionedRoles(input.mentionRoleIds);
  const title = safeText(summary.headline || article.title, { oneLine: true, max: EMBED_LIMITS.title });
  const footer = truncate(
    [safeText(feed.title ?? hostOf(feed.url), { oneLine: true, plain: true }), extractiveMark(summary)]
      .filter(Boolean)
      .join(' · '),
    EMBED_LIMITS.footer,
  );
  const points = summary.keyPoints.map((p) => `• ${safeText(p, { oneLine: true })}`).join('\n');
  const text = safeText(summary.summary);
  // Title and footer count towards the 6,000 total too; the description takes what remains.
  const room = Math.min(EMBED_LIMITS.description, EMBED_LIMITS.total - title.length - footer.length);
  const description = truncate(points ? `${text}\n\n${points}` : text, room);

  const icon = faviconUrl(feed);
  const embed: NonNullable<MessageBody['embeds']>[number] = {
    title,
    description,
    color: feedColour(feed),
    footer: { text: footer, ...(icon ? { icon_url: icon } : {}) },
  };
  if (article.link && isHttpUrl(article.link)) embed.url = article.link;
  const image = imageUrl(article.imageUrl);
  if (image) embed.image = { url: image };
  if (article.publishedAt !== null) embed.timestamp = new Date(article.publishedAt).toISOString();

  return {
    ...(roles.length ? { content: roles.map(roleMention).join(' ') } : {}),
    embeds: [embed],
    allowed_mentions: { parse: [], roles },
  };
}

/** Room the role mentions may take in a message's 2,000 characters (the compact layout needs the rest). */
const MAX_MENTIONS_CHARS = 600;
export const roleMention = (id: string) => `<@&${id}>`;

/** The role ids that are snowflakes, once each, as many as fit in {@link MAX_MENTIONS_CHARS}. */
export function mentionedRoles(ids: readonly string[]): string[] {
  const roles: string[] = [];
  let length = 0;
  for (const id of new Set(ids)) {
    if (!/^\d{1,20}$/u.test(id)) continue;
    length += roleMention(id).length + 1;
    if (length > MAX_MENTIONS_CHARS) break;
    roles.push(id);
  }
  return roles;
}

function extractiveMark(summary: Summary): string | null {
  return summary.source === 'extractive' ? 'extractive summary' : null;
}

/** One line: the role mention, the headline linked (no unfurl), the feed's name. */
function renderCompact({ article, feed, summary, mentionRoleIds }: PostInput): MessageBody {
  const roles = mentionedRoles(mentionRoleIds);
  const title = safeText(summary.headline || article.title, { oneLine: true, max: EMBED_LIMITS.title });
  const name = safeText(feed.title ?? hostOf(feed.url), { oneLine: true, max: 100 });
  const head = roles.length ? `${roles.map(roleMention).join(' ')} ` : '';
  const unlinked = `${head}**[${title}](<>)** · ${name}`;
  // `<…>` stops the unfurl; a link too long for the message's 2,000 characters is left out rather than cut.
  const link = linkTarget(article.link, MAX_CONTENT - unlinked.length);
  return {
    content: `${head}${link ? `**[${title}](<${link}>)**` : `**${title}**`} · ${name}`,
    allowed_mentions: { parse: [], roles },
  };
}

function isHttpUrl(value: string): boolean {
  return /^https?:\/\//i.test(value) && value.length <= MAX_LINK;
}

/**
 * The article's picture as Discord may load it: an absolute http(s) URL with a host, without spaces or control
 * characters, at most {@link MAX_LINK} long. A `data:`, `javascript:` or relative address (a feed may carry any) is
 * never posted.
 */
export function imageUrl(value: string | null): string | null {
  if (!value || value.length > MAX_LINK || /[\s\p{Cc}]/u.test(value)) return null;
  try {
    const url = new URL(value);
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) return null;
    return url.href.length <= MAX_LINK ? url.href : null;
  } catch {
    return null;
  }
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
