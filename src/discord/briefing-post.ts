import { createHash } from 'node:crypto';
import type { Catalogue } from '../i18n/en.js';
import type { BriefingPublication } from '../ports/publisher.js';
import type { MessageBody } from './render.js';
import { linkTarget, safeText } from './safe-text.js';

/** Discord's limit on a message's content. */
const CONTENT_MAX = 2000;
/** Room for a story's line, escapes included, and each outlet's name. */
const LINE_MAX = 300;
const OUTLET_MAX = 40;
/** Outlets named on a story's line; the rest are counted. */
const OUTLETS_SHOWN = 4;
/** 4: SUPPRESS_EMBEDS, so a briefing's many links show no previews. */
const SUPPRESS_EMBEDS = 4;

/**
 * A briefing as Discord messages: its title and opening paragraph, then one numbered line per story (its one-line
 * summary linked to a report, and its outlets), cut into as many messages as the 2,000-character limit needs, on
 * whole lines. Every piece of outside text goes through {@link safeText}; no message may mention anyone.
 */
export function renderBriefing(
  publication: Pick<BriefingPublication, 'periodKey' | 'opening' | 'stories'>,
  t: Catalogue,
): MessageBody[] {
  const head = [
    `## ${safeText(t.briefingTitle({ date: publication.periodKey }), { oneLine: true, max: 200 })}`,
    safeText(publication.opening, { max: CONTENT_MAX - 300 }),
  ].filter((s) => s !== '');
  const lines = publication.stories.map((story, i) => {
    const text = safeText(story.line, { oneLine: true, max: LINE_MAX });
    const link = linkTarget(story.link);
    const shown = story.outlets.slice(0, OUTLETS_SHOWN).map((o) => safeText(o, { oneLine: true, max: OUTLET_MAX }));
    const more = story.outlets.length - shown.length;
    const outlets = [...shown, ...(more > 0 ? [t.briefingMoreOutlets({ count: more })] : [])].join(', ');
    return `${i + 1}. ${link ? `[${text}](<${link}>)` : text}${outlets ? ` — ${outlets}` : ''}`;
  });
  if (lines.length === 0) lines.push(t.briefingEmpty());
  const parts: string[] = [];
  let current = head.join('\n\n');
  let separator = '\n\n';
  for (const line of lines) {
    // Whole lines only: a cut link would show as broken Markdown.
    if (current.length + separator.length + line.length > CONTENT_MAX) {
      parts.push(current);
      current = line;
    } else current = `${current}${separator}${line}`;
    separator = '\n';
  }
  parts.push(current);
  return parts.map((content) => ({ content, allowed_mentions: { parse: [] }, flags: SUPPRESS_EMBEDS }));
}

/**
 * The nonce of one part of a briefing's posting, from the briefing, its period and the part: Discord answers a
 * repeated nonce (with `enforce_nonce`) with the first message. 25 characters.
 */
export function briefingNonce(briefingId: number, periodKey: string, part: number): string {
  const digest = createHash('sha256').update(`${briefingId}:${periodKey}:${part}`).digest();
  return `hb${digest.toString('base64url').slice(0, 23)}`;
}
