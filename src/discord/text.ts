const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Cuts `text` to at most `max` UTF-16 code units on a grapheme boundary, so a CJK character, an emoji sequence or a
 * surrogate pair is never split; adds `…` when it cuts. Discord counts code points, never more than code units, so
 * the result always fits.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  for (const { segment } of graphemes.segment(text)) {
    if (out.length + segment.length > max - 1) break;
    out += segment;
  }
  return `${out.trimEnd()}…`;
}

/** Escapes Discord Markdown so a headline like `**bold**` shows as written. */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\*_~`|[\]])/g, '\\$1').replace(/^([>#-])/gm, '\\$1');
}
