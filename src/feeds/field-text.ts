import { inlineText } from '../html/inline.js';
import { stripControlChars } from '../text/control.js';
import { clipText, FEED_LIMITS } from './limits.js';

/** The opening tag of a script or style element (`<script>`, `<style media=…>`, not `<scripted>`). */
const OPENING = /<(script|style)(?=[\s/>]|$)/gi;

/**
 * `html` without its `<script>` and `<style>` elements and what they hold (an unclosed one runs to the end): their
 * text is code, not words, and stripping only their tags would leave it in a title. Each search starts where the
 * last one ended, so a field full of unclosed tags still costs one pass.
 */
export function withoutScripts(html: string): string {
  const opening = new RegExp(OPENING);
  let out = '';
  let from = 0;
  for (;;) {
    opening.lastIndex = from;
    const open = opening.exec(html);
    if (!open) return out + html.slice(from);
    out += `${html.slice(from, open.index)} `;
    const closing = new RegExp(`</${open[1]}`, 'gi');
    closing.lastIndex = opening.lastIndex;
    const end = closing.exec(html) ? html.indexOf('>', closing.lastIndex) : -1;
    if (end < 0) return out;
    from = end + 1;
  }
}

/**
 * One line of text from a title-like field of a feed (a title, an author, a category): markup stripped along with
 * the contents of scripts and styles, entities decoded, whitespace collapsed, and control characters removed (ESC
 * would otherwise reach a terminal, and bidirectional overrides disguise what follows them).
 */
export function fieldText(value: string): string {
  return stripControlChars(inlineText(withoutScripts(value)))
    .replace(/\s{2,}/g, ' ')
    .trim();
}

/** A feed's own title as {@link fieldText} reads it, at most `FEED_LIMITS.maxFieldChars` long like an item's. */
export function feedTitleText(value: string): string {
  return clipText(fieldText(clipText(value, FEED_LIMITS.maxItemHtmlChars)), FEED_LIMITS.maxFieldChars);
}
