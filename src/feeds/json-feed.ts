import { z } from 'zod';
import type { NormalizedFeed } from '../domain.js';
import { articleText } from '../html/article-text.js';
import { firstImageSrc } from '../html/inline.js';
import { stripControlChars } from '../text/control.js';
import { parseFeedDate } from './dates.js';
import { FeedError } from './errors.js';
import { feedTitleText, fieldText } from './field-text.js';
import { jsonNestsDeeperThan } from './json-depth.js';
import { createItemClipper, FEED_LIMITS, newestItems, truncation } from './limits.js';
import { absoluteHttpUrl } from './links.js';
import { withKeys } from './normalize.js';
import { jsonWebSubLinks } from './websub-links.js';
import type { UnkeyedItem } from './xml-item.js';

/** Version URL prefix that identifies a JSON Feed (1.0 and 1.1). */
export const JSON_FEED_VERSION_PREFIX = 'https://jsonfeed.org/version/';

// Optional fields of the wrong type are dropped rather than failing the whole feed.
const text = z.string().optional().catch(undefined);
const author = z.object({ name: text }).optional().catch(undefined);

const JsonFeedItem = z.object({
  id: z
    .union([z.string(), z.number().transform(String)])
    .optional()
    .catch(undefined),
  url: text,
  external_url: text,
  title: text,
  content_html: text,
  content_text: text,
  summary: text,
  image: text,
  banner_image: text,
  date_published: text,
  date_modified: text,
  author,
  authors: z
    .array(z.object({ name: text }))
    .optional()
    .catch(undefined),
  tags: z.array(z.unknown()).optional().catch(undefined),
  attachments: z
    .array(z.object({ url: text, mime_type: text }))
    .optional()
    .catch(undefined),
});

const JsonFeed = z.object({
  version: z.string().startsWith(JSON_FEED_VERSION_PREFIX),
  title: text,
  home_page_url: text,
  feed_url: text,
  language: text,
  hubs: z
    .array(z.object({ type: text, url: text }))
    .optional()
    .catch(undefined),
  items: z.array(JsonFeedItem),
});

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Plain text as HTML paragraphs, so every item carries HTML for the summary cleaner. */
function textToHtml(plain: string): string {
  return plain
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('');
}

const itemDate = (item: z.infer<typeof JsonFeedItem>): string | null =>
  parseFeedDate(item.date_published) ?? parseFeedDate(item.date_modified);

function normalizeItem(item: z.infer<typeof JsonFeedItem>, base: string | null): { item: UnkeyedItem; cut: boolean } {
  const clip = createItemClipper();
  const contentHtml = clip.html(item.content_html || textToHtml(clip.html(item.content_text || item.summary || '')));
  const imageAttachment = item.attachments?.find((a) => a.mime_type?.startsWith('image/'))?.url;
  const images = [item.image, item.banner_image, imageAttachment, firstImageSrc(contentHtml)];
  const tags = (item.tags ?? []).filter((t): t is string => typeof t === 'string').map(fieldText);
  const author = item.authors?.find((a) => a.name)?.name ?? item.author?.name;
  const normalized: UnkeyedItem = {
    guid: item.id?.trim() || null,
    title: clip.field(fieldText(clip.html(item.title ?? ''))),
    link: absoluteHttpUrl(item.url, base) ?? absoluteHttpUrl(item.external_url, base),
    published: itemDate(item),
    author: author ? clip.field(fieldText(author)) || null : null,
    imageUrl: images.map((i) => absoluteHttpUrl(i, base)).find((i) => i !== null) ?? null,
    contentText: clip.text(stripControlChars(clip.html(item.content_text ?? '').trim() || articleText(contentHtml))),
    contentHtml,
    categories: clip.categories([...new Set(tags.filter((t) => t !== ''))]),
  };
  return { item: normalized, cut: clip.cut };
}

/**
 * Parses a JSON Feed 1.0/1.1 document, validated with zod: its newest items within `FEED_LIMITS`, their text cut to
 * it. Relative URLs resolve against `home_page_url`, then `baseUrl`.
 * @throws FeedError kind 'parse' (invalid JSON or not a valid JSON Feed) or 'not-a-feed' (JSON but not a feed)
 */
export function parseJsonFeed(text: string, baseUrl?: string): NormalizedFeed {
  if (jsonNestsDeeperThan(text, FEED_LIMITS.maxDepth)) {
    throw new FeedError(
      { code: 'too-deep', max: FEED_LIMITS.maxDepth },
      `feed nests JSON values more than ${FEED_LIMITS.maxDepth} levels deep`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    const detail = (cause as Error).message;
    throw new FeedError({ code: 'malformed', detail }, `feed JSON is not valid: ${detail}`, { cause });
  }
  const version = (json as { version?: unknown } | null)?.version;
  if (typeof version !== 'string' || !version.startsWith(JSON_FEED_VERSION_PREFIX)) {
    throw new FeedError(
      { code: 'not-a-feed', document: 'json' },
      'JSON document is not a JSON Feed (no jsonfeed.org version)',
    );
  }
  const parsed = JsonFeed.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const detail = `${issue?.path.join('.') || 'feed'}: ${issue?.message ?? ''}`;
    throw new FeedError({ code: 'malformed', detail }, `JSON Feed is not valid: ${detail}`);
  }
  const feed = parsed.data;
  const link = absoluteHttpUrl(feed.home_page_url, baseUrl);
  const base = link ?? baseUrl ?? null;
  const kept = newestItems(feed.items, itemDate).map((item) => normalizeItem(item, base));
  return {
    feed: {
      title: feedTitleText(feed.title ?? ''),
      link,
      language: stripControlChars(feed.language ?? '').trim() || null,
    },
    items: withKeys(kept.map((k) => k.item)),
    ...truncation(feed.items.length, kept),
    websub: jsonWebSubLinks(feed.hubs, feed.feed_url, baseUrl ?? null),
  };
}
