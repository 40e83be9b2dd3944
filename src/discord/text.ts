const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Cuts `text` to at most `max` UTF-16 code units on a grapheme boundary, so a CJK character, an emoji sequence or a
 * surrogate pair is never split; adds `…` when it cuts. A backslash and the character after it stay together, so a
 * cut never leaves a lone backslash that would escape the `…` or show up itself. Discord counts code points, never
 * more than code units, so the result always fits.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  let pending = '';
  for (const { segment } of graphemes.segment(text)) {
    if (segment === '\\' && !pending) {
      pending = segment;
      continue;
    }
    const unit = pending + segment;
    pending = '';
    if (out.length + unit.length > max - 1) break;
    out += unit;
  }
  out = out.trimEnd();
  // Trimming can leave a backslash that escaped a space: drop it rather than let it escape the ellipsis.
  if (/(?<!\\)(?:\\\\)*\\$/.test(out)) out = out.slice(0, -1);
  return `${out}…`;
}
