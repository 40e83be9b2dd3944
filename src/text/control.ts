/**
 * Characters that have no place in text shown to a reader: C0 controls other than tab and line breaks (ESC starts
 * terminal escape sequences), DEL, C1 controls, and the bidirectional overrides LRO/RLO that reorder what follows
 * them (used to disguise links and file names).
 */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202d\u202e]/g;

/** `text` without {@link CONTROL} characters; tabs, `\n` and `\r` are kept. */
export function stripControlChars(text: string): string {
  return text.replace(CONTROL, '');
}
