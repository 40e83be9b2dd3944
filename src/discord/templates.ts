import type { PostLayout } from '../store/store.js';
import { stripControlChars } from '../text/control.js';
import {
  EMBED_LIMITS,
  faviconUrl,
  feedColour,
  hostOf,
  imageUrl,
  type MessageBody,
  mentionedRoles,
  type PostInput,
  renderPost,
  roleMention,
} from './render.js';
import { linkTarget, MAX_LINK, safeText } from './safe-text.js';
import { PLACEHOLDER, type Placeholder, parseTemplate, type Template, TIME_STYLES } from './template-format.js';
import { truncate } from './text.js';

/** The presets that are templates; `full` and `compact` are rendered by {@link renderPost}. */
export const PRESET_TEMPLATES: Readonly<Partial<Record<PostLayout, Template>>> = {
  headline: { embed: { title: '{headline}', thumbnail: '{image}', footer: '{feed}', timestamp: true } },
  points: {
    embed: {
      title: '{headline}',
      description: '{key_points|summary}',
      thumbnail: '{image}',
      footer: '{feed}',
      timestamp: true,
    },
  },
  bilingual: {
    embed: {
      title: '{headline_original}',
      description: '{summary}',
      image: '{image}',
      footer: '{feed}',
      timestamp: true,
    },
  },
};

/** A post's input with the subscription's custom template (its JSON source), if it has one. */
export type ArticlePostInput = PostInput & { template?: string | null };

/**
 * The message for one article: its custom template when it has one that parses (templates are checked when they are
 * saved), else its preset.
 */
export function renderArticle(input: ArticlePostInput): MessageBody {
  const custom = input.template ? parseTemplate(input.template) : null;
  if (custom?.ok) return renderTemplate(custom.template, input);
  const preset = input.layout ? PRESET_TEMPLATES[input.layout] : undefined;
  return preset ? renderTemplate(preset, input) : renderPost(input);
}

const MAX_CONTENT = 2000;
const MAX_BUTTON_LABEL = 80;
/** Discord's limit for a link button's URL. */
const MAX_BUTTON_URL = 512;

/** How a filled string is shaped: Markdown text, one line of Markdown, one line shown verbatim, or an address. */
type Mode = 'text' | 'line' | 'plain' | 'url';

/**
 * Fills a template for one article. Article text goes through {@link safeText}; the template's own words keep their
 * Markdown; then nothing in the result can mention anyone (only the role mentions Herald puts first can, and
 * `allowed_mentions` names only them). Every part is cut grapheme-safe within Discord's limits.
 */
export function renderTemplate(template: Template, input: PostInput): MessageBody {
  const values = placeholderValues(input);
  const fill = (source: string | undefined, mode: Mode) => (source ? fillString(source, mode, values) : '');
  const roles = mentionedRoles(input.mentionRoleIds);
  const head = roles.map(roleMention).join(' ');

  const body: MessageBody = { allowed_mentions: { parse: [], roles } };
  const embed = template.embed ? buildEmbed(template.embed, input, fill) : null;
  if (embed) body.embeds = [embed];
  let content = truncate(fill(template.content, 'text'), MAX_CONTENT - head.length - 1);
  // A message needs something to show: the headline, when the template gave nothing for this article.
  if (!content && !embed) content = fillString('{headline}', 'line', values);
  const joined = [head, content].filter(Boolean).join(head && content.includes('\n') ? '\n' : ' ');
  if (joined) body.content = joined;

  const label = truncate(fill(template.button, 'plain'), MAX_BUTTON_LABEL);
  const url = input.article.link ? linkTarget(input.article.link, MAX_BUTTON_URL) : null;
  if (label && url) {
    body.components = [{ type: 1, components: [{ type: 2, style: 5, label, url }] }];
  }
  return body;
}

type Embed = NonNullable<MessageBody['embeds']>[number];
type Fill = (source: string | undefined, mode: Mode) => string;

function buildEmbed(spec: NonNullable<Template['embed']>, input: PostInput, fill: Fill): Embed | null {
  const { article, feed } = input;
  const title = truncate(fill(spec.title, 'line'), EMBED_LIMITS.title);
  const footer = truncate(fill(spec.footer, 'plain'), EMBED_LIMITS.footer);
  let fields = (spec.fields ?? [])
    .map((f) => ({
      name: truncate(fill(f.name, 'line'), EMBED_LIMITS.fieldName) || '\u200b',
      value: truncate(fill(f.value, 'text'), EMBED_LIMITS.fieldValue),
      ...(f.inline !== undefined && { inline: f.inline }),
    }))
    .filter((f) => f.value)
    .slice(0, EMBED_LIMITS.fields);
  // The 6,000 total counts title, description, fields and footer: fields go first, the description takes the rest.
  const fixed = title.length + footer.length;
  const size = (list: typeof fields) => list.reduce((n, f) => n + f.name.length + f.value.length, 0);
  while (fields.length && fixed + size(fields) > EMBED_LIMITS.total) fields = fields.slice(0, -1);
  const room = Math.min(EMBED_LIMITS.description, EMBED_LIMITS.total - fixed - size(fields));
  const description = room > 0 ? truncate(fill(spec.description, 'text'), room) : '';
  const image = imageUrl(fill(spec.image, 'url') || null);
  const thumbnail = imageUrl(fill(spec.thumbnail, 'url') || null);
  if (!title && !description && !footer && !fields.length && !image && !thumbnail) return null;

  const embed: Embed = { color: spec.color ? Number.parseInt(spec.color.slice(1), 16) : feedColour(feed) };
  if (title) embed.title = title;
  if (title && article.link && /^https?:\/\//i.test(article.link) && article.link.length <= MAX_LINK) {
    embed.url = article.link;
  }
  if (description) embed.description = description;
  if (fields.length) embed.fields = fields;
  if (image) embed.image = { url: image };
  if (thumbnail) embed.thumbnail = { url: thumbnail };
  if (footer) {
    const icon = faviconUrl(feed);
    embed.footer = { text: footer, ...(icon ? { icon_url: icon } : {}) };
  }
  if (spec.timestamp && article.publishedAt !== null) embed.timestamp = new Date(article.publishedAt).toISOString();
  return embed;
}

/** The raw (unescaped) text of each placeholder for one article; empty when the article has none. */
function placeholderValues({ article, feed, summary }: PostInput): Record<Placeholder, string> {
  return {
    headline: summary.headline || article.title,
    headline_original: article.title || summary.headline,
    summary: summary.summary,
    key_points: summary.keyPoints.map((p) => `• ${p.replace(/\s+/g, ' ').trim()}`).join('\n'),
    topics: summary.topics.join(', '),
    entities: summary.entities.join(', '),
    link: article.link ?? '',
    feed: feed.title ?? hostOf(feed.url),
    author: article.author ?? '',
    published: article.publishedAt === null ? '' : String(Math.floor(article.publishedAt / 1000)),
    image: article.imageUrl ?? '',
  };
}

function fillString(source: string, mode: Mode, values: Record<Placeholder, string>): string {
  let out = '';
  let from = 0;
  for (const match of source.matchAll(PLACEHOLDER)) {
    out += literal(source.slice(from, match.index), mode);
    out += placeholder(match[1] ?? '', match[2], mode, values);
    from = match.index + match[0].length;
  }
  out += literal(source.slice(from), mode);
  if (mode === 'url') return out.trim();
  // A template's `@` next to an article's `everyone` must not ping either.
  out = inert(out);
  return mode === 'text' ? out.trim() : out.replace(/\s+/g, ' ').trim();
}

/** The template's own words: its Markdown kept, control characters gone. */
function literal(text: string, mode: Mode): string {
  return mode === 'url' ? text : stripControlChars(text);
}

function placeholder(names: string, option: string | undefined, mode: Mode, values: Record<Placeholder, string>) {
  const name = (names.split('|') as Placeholder[]).find((n) => values[n]?.trim());
  if (!name) return '';
  const raw = values[name];
  if (name === 'published') {
    const style = (TIME_STYLES as readonly string[]).includes(option ?? '') ? option : 'R';
    return mode === 'url' ? '' : `<t:${raw}:${style}>`;
  }
  if (mode === 'url') return raw;
  // An address is whole or absent: a cut one leads somewhere else.
  if (name === 'link' || name === 'image') return linkTarget(raw) ?? '';
  const limit = option && /^\d+$/.test(option) ? Math.max(1, Number(option)) : undefined;
  const cut = limit === undefined ? raw : truncate(raw, limit);
  if (mode === 'plain') return safeText(cut, { plain: true, oneLine: true });
  return safeText(cut, { oneLine: mode === 'line' });
}

/** `@everyone`, `@here` and mention-like `<…>` tokens (timestamps excepted), made inert with a zero-width space. */
function inert(text: string): string {
  return text.replace(/@(?=everyone|here)/gi, '@\u200b').replace(/<(?=[@#/:]|(?:a|id):)/gi, '<\u200b');
}
