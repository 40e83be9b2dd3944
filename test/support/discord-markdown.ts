/**
 * How Discord reads a piece of message text, as far as the safety tests care: what the reader sees once escapes are
 * applied, and which live Markdown, mentions or control characters are left in it. Modelled on Discord's parser
 * (simple-markdown): a backslash before any character that is not a letter, digit or whitespace shows that character
 * as itself; headers, subtext, quotes and list items count at the start of a line, after spaces; a bare address is
 * an autolink that shows its characters as they are. Not modelled: an autolink also takes a backslash that ends it,
 * so the `]` of `\]` right after an address shows bare; a lone `]` opens nothing.
 */

/** A backslash escape as Discord applies it: one code unit that is not a letter, digit or whitespace. */
const ESCAPE = /\\([^0-9A-Za-z\s])/g;
const ZWSP_AFTER = /([@<])\u200b/g;
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202d\u202e]/;

/** The text a reader sees: escapes applied, and the zero-width spaces that keep `@everyone`/`<@…>` inert removed. */
export function visibleText(text: string): string {
  return text.replace(ESCAPE, '$1').replace(ZWSP_AFTER, '$1');
}

/** Discord's autolink rule (case-sensitive): the span shows as the address it is, Markdown characters included. */
const BARE_URL = /https?:\/\/[^\s<]+[^<.,:;"')\]\s]/g;

/**
 * `text` with each escape pair blanked out (same length), and the characters an autolink shows as themselves (`_`,
 * `*`, `~`, parentheses) blanked inside bare addresses, so only live syntax is left to look for.
 */
function liveOnly(text: string): string {
  const live = text.replace(/\\[^0-9A-Za-z\s]/g, '\ue000\ue000');
  return live.replace(BARE_URL, (url) => url.replace(/[_*~()]/g, '\ue000'));
}

const LIVE_MENTIONS: ReadonlyArray<readonly [string, RegExp]> = [
  ['mass mention', /@(?:everyone|here)/i],
  ['user, role or channel mention', /<(?:@[!&]?|#)\d+>/],
  ['command mention', /<\/[^>\s]+:\d+>/],
  ['custom emoji', /<a?:\w+:\d+>/],
  ['timestamp', /<t:-?\d+(?::[a-zA-Z])?>/],
];

/**
 * What in `text` (outside text as Herald rendered it, with no formatting of Herald's own) Discord would read as
 * something other than plain text: live Markdown characters (masked links, spoilers, emphasis, code), headers,
 * subtext, quotes and list items at a line start, mentions, control characters, backslashes that escape nothing.
 * Empty when the text is inert.
 */
export function markdownHazards(text: string): string[] {
  const found: string[] = [];
  if (CONTROL.test(text)) found.push('control character');
  for (const [what, pattern] of LIVE_MENTIONS) if (pattern.test(text)) found.push(`live ${what}`);
  const live = liveOnly(text);
  if (/\[[^\]]*\]\(/.test(live)) found.push('masked link');
  // Discord's link rule does not read escapes in link text: `\](` would end a link Herald wraps around this text.
  if (/\\\]\(/.test(text)) found.push('link text end');
  if (/\|\|/.test(live)) found.push('spoiler');
  if (/[*_~`|[\]]/.test(live)) found.push('unescaped Markdown character');
  if (/\\$/.test(live)) found.push('trailing lone backslash');
  else if (live.includes('\\')) found.push('backslash that escapes nothing');
  for (const line of live.split(/\r\n|[\n\r\u2028\u2029]/)) {
    const start = line.replace(/^[^\S\n\r\u2028\u2029]*/, '');
    if (/^#{1,3}\s/.test(start)) found.push('header');
    else if (/^-#\s/.test(start)) found.push('subtext');
    else if (/^>/.test(start)) found.push('quote');
    else if (/^(?:[-*+]|\d+\.)\s/.test(start)) found.push('list item');
  }
  return found;
}
