import { ButtonStyle, ComponentType } from 'discord-api-types/v10';
import { z } from 'zod';
import { pickLocale } from '../i18n/locale.js';
import { type Catalogue, messages } from '../i18n/messages.js';
import type { OutletReport, StoryCoverage } from '../ports/publisher.js';
import { customIds } from './custom-ids.js';
import { EMBED_LIMITS, type MessageBody } from './render.js';
import { linkTarget, safeText } from './safe-text.js';
import { truncate } from './text.js';

/** The "All coverage" button of a story's post: `story:coverage:<story key>`, answered by `/story`. */
export const storyIds = customIds('story', {
  coverage: z.object({ key: z.string().min(1).max(80) }),
});

const MAX_CONTENT = 2000;
/** Room for one outlet's name in the list. */
const MAX_OUTLET = 60;
/** What a story post keeps of its description, at least, however much a template's fields take. */
const MIN_DESCRIPTION = 300;

type Embed = NonNullable<MessageBody['embeds']>[number];

/** The characters of an embed that count toward Discord's 6,000 per message. */
function embedChars(e: Embed): number {
  return (
    (e.title?.length ?? 0) +
    (e.description?.length ?? 0) +
    (e.footer?.text.length ?? 0) +
    (e.author?.name.length ?? 0) +
    (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

/**
 * A story's post: the article's post with the other outlets that reported the story ("Also reported by", each
 * linked to its own article, cut with "+N more" to fit) and the "All coverage" button. The full layout lists them
 * in an embed field (the description gives up room so the message's embeds stay within 6,000 characters, down to
 * its first {@link MIN_DESCRIPTION} characters; past that the list is cut, or left out); the compact layout on a line
 * of its own.
 */
export function withStory(body: MessageBody, story: StoryCoverage): MessageBody {
  const t = messages(pickLocale(story.language));
  const label = t.storyAlsoReportedBy();
  // Beside the post's own components (a template's "Read more" link button), in a row of its own.
  const buttons = coverageButton(story.storyKey, t.storyAllCoverage()) ?? [];
  const out: MessageBody = { ...body, components: [...(body.components ?? []), ...buttons].slice(0, 5) };
  if (story.alsoReportedBy.length === 0) return out;
  const [embed, ...rest] = body.embeds ?? [];
  if (embed) {
    // Discord's 6,000 counts every embed of the message. The description keeps at least its first
    // MIN_DESCRIPTION characters: the outlets get what the rest leaves, and no field when that is too little (the
    // "All coverage" button still lists them).
    const own = (embed.fields ?? []).slice(0, EMBED_LIMITS.fields - 1);
    const description = embed.description ?? '';
    const fixed = rest.reduce((n, e) => n + embedChars(e), 0) + embedChars({ ...embed, description: '', fields: own });
    const room = Math.min(
      EMBED_LIMITS.fieldValue,
      EMBED_LIMITS.total - fixed - label.length - Math.min(description.length, MIN_DESCRIPTION),
    );
    const value = outletList(story.alsoReportedBy, room, (n) => t.storyMore({ count: n }), false);
    if (value.length > room) return out;
    const fields = [...own, { name: label, value }];
    const left = EMBED_LIMITS.total - fixed - label.length - value.length;
    return {
      ...out,
      embeds: [{ ...embed, ...(embed.description && { description: truncate(description, left) }), fields }, ...rest],
    };
  }
  const content = body.content ?? '';
  const head = `${content}\n-# ${label}: `;
  return {
    ...out,
    content: head + outletList(story.alsoReportedBy, MAX_CONTENT - head.length, (n) => t.storyMore({ count: n }), true),
  };
}

/** The button row, or none when the key cannot make a custom id. */
function coverageButton(storyKey: string, label: string): MessageBody['components'] {
  let customId: string;
  try {
    customId = storyIds.encode('coverage', { key: storyKey });
  } catch {
    return [];
  }
  return [
    {
      type: ComponentType.ActionRow,
      components: [{ type: ComponentType.Button, style: ButtonStyle.Secondary, label, custom_id: customId }],
    },
  ];
}

/**
 * `[A](link) · [B](link) · +N more` within `max` characters; `noUnfurl` wraps links in `<…>` (message content unfurls
 * links, embeds do not). An outlet whose link is too long or not http(s) is named without one.
 */
export function outletList(
  reports: readonly OutletReport[],
  max: number,
  more: (count: number) => string,
  noUnfurl: boolean,
): string {
  const items = reports.map((r) => {
    const name = safeText(r.outlet, { oneLine: true, max: MAX_OUTLET }) || '?';
    const target = linkTarget(r.link, 500);
    if (!target) return name;
    return noUnfurl ? `[${name}](<${target}>)` : `[${name}](${target})`;
  });
  const shown: string[] = [];
  for (const [i, item] of items.entries()) {
    const left = items.length - i - 1;
    const tail = left > 0 ? ` · ${more(left)}` : '';
    const next = [...shown, item].join(' · ');
    if (next.length + tail.length > max) break;
    shown.push(item);
  }
  const hidden = items.length - shown.length;
  const list = shown.join(' · ');
  if (hidden === 0) return list;
  return list ? `${list} · ${more(hidden)}` : more(hidden);
}

/** One report in "All coverage". */
export interface CoverageLine {
  feedTitle: string | null;
  feedUrl: string;
  title: string;
  link: string | null;
  publishedAt: number | null;
  seenAt: number;
  language: string | null;
}

/**
 * "All coverage" of a story: each outlet's report on a line, with its time (shown in the reader's own time zone),
 * its language and its link, within one message.
 */
export function renderCoverage(reports: readonly CoverageLine[], t: Catalogue): string {
  if (reports.length === 0) return t.storyCoverageEmpty();
  const lines = reports.map((r) => {
    const at = Math.floor((r.publishedAt ?? r.seenAt) / 1000);
    const outlet = safeText(r.feedTitle?.trim() || r.feedUrl, { oneLine: true, max: MAX_OUTLET });
    const title = safeText(r.title, { oneLine: true, max: 150 });
    const target = linkTarget(r.link, 500);
    const headline = target ? `[${title}](<${target}>)` : title;
    const language = r.language ? ` · \`${safeText(r.language, { oneLine: true, plain: true, max: 12 })}\`` : '';
    return `• <t:${at}:f>${language} · **${outlet}**: ${headline}`;
  });
  const title = t.storyCoverageTitle({ count: reports.length });
  const shown: string[] = [];
  let length = title.length;
  for (const line of lines) {
    if (length + line.length + 1 > MAX_CONTENT) break;
    shown.push(line);
    length += line.length + 1;
  }
  return [title, ...shown].join('\n');
}
