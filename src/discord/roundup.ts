import { EMBED_LIMITS, type MessageBody } from './render.js';
import { linkTarget, safeText } from './safe-text.js';

/** Lines shown in one roundup; the rest are counted in its title. */
const MAX_LINES = 40;
/** Room for one headline in a roundup line, escapes included. */
const MAX_HEADLINE = 150;

/**
 * One message for the articles past a subscription's hourly cap: an embed titled `title` (`t.roundupTitle` or
 * `t.roundupTopicTitle`, which carry a feed name or topic, so it goes through {@link safeText} here) listing each
 * headline as a link. A link too long for Discord is left out and the headline shown unlinked, so every line fits the
 * description. Nothing in it can ping anyone.
 */
export function renderRoundup(
  articles: Array<{ title: string; link: string | null }>,
  title: string,
  color: number,
): MessageBody {
  const lines: string[] = [];
  let size = 0;
  for (const a of articles.slice(0, MAX_LINES)) {
    const title = safeText(a.title, { oneLine: true, max: MAX_HEADLINE });
    const link = linkTarget(a.link);
    const line = link ? `• [${title}](${link})` : `• ${title}`;
    // Whole lines only: a cut link would show as broken Markdown.
    if (size + line.length + 1 > EMBED_LIMITS.description) break;
    lines.push(line);
    size += line.length + 1;
  }
  return {
    embeds: [
      {
        title: safeText(title, { oneLine: true, max: EMBED_LIMITS.title }),
        description: lines.join('\n'),
        color,
      },
    ],
    allowed_mentions: { parse: [], roles: [] },
  };
}
