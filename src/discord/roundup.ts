import { EMBED_LIMITS, type MessageBody } from './render.js';
import { escapeMarkdown, truncate } from './text.js';

/** Lines shown in one roundup; the rest are counted in its title. */
const MAX_LINES = 40;

/**
 * One message for the articles past a subscription's hourly cap: an embed titled `title` (`t.roundupTitle` or
 * `t.roundupTopicTitle`, Markdown escaped here) listing each headline as a link. Nothing in it can ping anyone.
 */
export function renderRoundup(
  articles: Array<{ title: string; link: string | null }>,
  title: string,
  color: number,
): MessageBody {
  const lines: string[] = [];
  let size = 0;
  for (const a of articles.slice(0, MAX_LINES)) {
    const title = escapeMarkdown(truncate(a.title, 150));
    const link = a.link && /^https?:\/\//i.test(a.link) ? a.link.replace(/[<>()\s]/g, encodeURIComponent) : null;
    const line = link ? `• [${title}](${link})` : `• ${title}`;
    // Whole lines only: a cut link would show as broken Markdown.
    if (size + line.length + 1 > EMBED_LIMITS.description) break;
    lines.push(line);
    size += line.length + 1;
  }
  return {
    embeds: [
      {
        title: truncate(escapeMarkdown(title), EMBED_LIMITS.title),
        description: lines.join('\n'),
        color,
      },
    ],
    allowed_mentions: { parse: [], roles: [] },
  };
}
