import { stripControlChars } from '../text/control.js';
import { truncate } from './text.js';

/** How {@link safeText} shapes a piece of text for the place it goes. */
export interface SafeTextOptions {
  /** Cut to at most this many UTF-16 code units (with `…`), never inside an escape pair or a character. */
  max?: number;
  /** Runs of whitespace, line breaks included, become one space and the ends are trimmed: titles, names, list lines. */
  oneLine?: boolean;
  /**
   * For fields Discord shows verbatim (embed footers and author names, thread names, autocomplete choices): control
   * characters go and mentions are made inert, but nothing is backslash-escaped, since a backslash would show there.
   */
  plain?: boolean;
}

/** Characters that are Discord Markdown wherever they stand (emphasis, strikethrough, code, spoilers, masked links). */
const INLINE = /[\\*_~`|[\]]/g;
/**
 * Discord's autolink rule: a bare address runs from `http(s)://` to the last character that can end one, and Discord
 * shows it as itself, Markdown characters included. Case-sensitive, as Discord's rule is.
 */
const BARE_URL = /https?:\/\/[^\s<]+[^<.,:;"')\]\s]/g;
/**
 * What is escaped inside a bare address: a backslash there would become part of the link, so `_`, `*` and `~` (common
 * in addresses, inert inside an autolink) are left alone; what could still open a spoiler, code span or masked link
 * is escaped, at the price of a rare address that carries one.
 */
const IN_URL = /[\\`|[\]]/g;
/**
 * A `(` right after an escaped `]`. Discord's masked-link rule does not read escapes in link text, so inside a link
 * Herald builds, `\](` would end the link text early and make what follows the link target.
 */
const LINK_END = /(?<=\\\])\(/g;
/**
 * Markdown that only counts at the start of a line, after optional spaces: headers `#`, subtext `-#`, quotes `>` and
 * `>>>`, list items `-`, `*`, `+` and `1.`. JS line starts include `\r`, U+2028 and U+2029 as well as `\n`.
 */
const LINE_START = /^([^\S\n\r\u2028\u2029]*)(?:([#>+-])|(\d+)\.(?=\s|$))/gm;
/** `@everyone` and `@here`, pings in any message content. */
const MASS_MENTION = /@(?=everyone|here)/gi;
/** User, role and channel mentions, command mentions, custom emoji, timestamps and guild navigation: `<@…>`, `<#…>`… */
const ANGLE_TOKEN = /<(?=[@#/:]|(?:a|t|id):)/gi;
/** Invisible, kept when the text is copied: `@\u200Beveryone` and `<\u200B@123>` are plain text wherever pasted. */
const ZWSP = '\u200b';

/**
 * The one way text Herald did not write (feed titles, summaries and key points, feed and author names, LLM output,
 * article-page text, OPML titles, search snippets and queries) goes into a Discord message. It removes control
 * characters, backslash-escapes every Markdown character and line-start construct so that the text shows exactly as
 * written (no masked link, header, quote, spoiler, list or code block can come from it), and puts a zero-width space
 * inside `@everyone`, `@here` and `<@…>`-style tokens so that they neither ping nor render as a mention, here or when
 * the message is copied (`allowed_mentions` stays locked as well).
 *
 * Bare addresses stay as text and Discord links them: it shows the address it leads to, so nothing is disguised, and
 * a summary citing an address is legitimate. What is deceptive is link text that differs from its target, and only
 * Herald builds those, around text that already went through here. Inside an address only what could open a spoiler,
 * code span or link is escaped (see {@link IN_URL}), so that common addresses keep working.
 *
 * Stripping the backslashes before Markdown characters and the zero-width spaces after `@` and `<` gives back the
 * input without its control characters (and, with `oneLine`, with its whitespace collapsed).
 */
export function safeText(text: string, opts: SafeTextOptions = {}): string {
  let out = stripControlChars(text);
  if (opts.oneLine) out = out.replace(/\s+/g, ' ').trim();
  if (!opts.plain) out = escapeMarkdown(out);
  out = out.replace(MASS_MENTION, `@${ZWSP}`).replace(ANGLE_TOKEN, `<${ZWSP}`);
  return opts.max === undefined ? out : truncate(out, opts.max);
}

function escapeMarkdown(text: string): string {
  let out = '';
  let from = 0;
  for (const url of text.matchAll(BARE_URL)) {
    out += text.slice(from, url.index).replace(INLINE, '\\$&') + url[0].replace(IN_URL, '\\$&');
    from = url.index + url[0].length;
  }
  out += text.slice(from).replace(INLINE, '\\$&');
  return out
    .replace(LINK_END, '\\(')
    .replace(LINE_START, (_, space: string, mark?: string, digits?: string) =>
      mark ? `${space}\\${mark}` : `${space}${digits}\\.`,
    );
}

/** Longest link target Herald writes into a message: Discord's limit for an embed's URL. */
export const MAX_LINK = 2048;

/** The authority of an http(s) address: what follows `//` up to the path, query or fragment. */
const AUTHORITY = /^https?:\/\/[^/?#]*/i;

/**
 * `url` as the target of a link Herald builds itself (`[title](<target>)`), or null when it is not an http(s) address
 * or longer than `max` ({@link MAX_LINK} by default) once written: characters that would end the link early are
 * percent-encoded. A link is left out rather than cut: a cut link leads somewhere else.
 *
 * An `@everyone` or `@here` in the path or query (`https://medium.com/@heretic/…`) becomes `%40`, which servers read
 * as `@`: the message then holds no mass-mention text, and a template's mention guard has nothing to break inside the
 * address. One in the authority (`https://x@here.example`) is a user name before the host, the shape of a disguised
 * address; such a link is left out.
 */
export function linkTarget(url: string | null | undefined, max = MAX_LINK): string | null {
  if (!url || !/^https?:\/\//i.test(url)) return null;
  const written = stripControlChars(url).replace(/[<>()\\\s]/g, percentEncode);
  const authority = written.match(AUTHORITY)?.[0] ?? '';
  if (authority.search(MASS_MENTION) >= 0) return null;
  const target = authority + written.slice(authority.length).replace(MASS_MENTION, '%40');
  return target.length <= Math.min(max, MAX_LINK) ? target : null;
}

/** `encodeURIComponent` leaves parentheses alone, and a `)` would end the link. */
function percentEncode(char: string): string {
  if (char === '(') return '%28';
  if (char === ')') return '%29';
  return encodeURIComponent(char);
}

/** An address shown as itself (`<url>`, no unfurl), or as plain text when it cannot be a link. */
export function addressText(url: string): string {
  const target = linkTarget(url);
  return target ? `<${target}>` : safeText(url, { oneLine: true, max: 200 });
}
