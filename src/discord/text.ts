const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Cuts `text` to at most `max` UTF-16 code units on a grapheme boundary, so a CJK character, an emoji sequence or a
 * surrogate pair is never split; adds `…` when it cuts. A backslash and the character after it stay together, so a
 * cut never leaves a lone backslash that would escape the `…` or show up itself. Discord counts code points, never
 * more than code units, so the result always fits.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  // The grapheme holding the last unit that may stay starts the cut: ICU finds it without walking every grapheme
  // before it, which matters for the many long fields a template fills.
  let out = max > 1 ? text.slice(0, graphemes.segment(text).containing(max - 1)?.index ?? 0) : '';
  out = out.trimEnd();
  // A backslash left last would escape the ellipsis (or show itself): its pair was cut, so it goes too.
  if (/(?<!\\)(?:\\\\)*\\$/.test(out)) out = out.slice(0, -1);
  return `${out}…`;
}
