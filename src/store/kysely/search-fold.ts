/** Name of the SQLite function the SQLite adapter registers as {@link foldCase}, since SQLite's lower() is ASCII-only. */
export const SQLITE_FOLD_FUNCTION = 'herald_fold';

/** Case folding applied to both the query and the searched text. */
export function foldCase(text: string): string {
  return text.toLowerCase();
}

/** Escapes LIKE's wildcards so that every character of `word` matches itself (escape character: backslash). */
export function escapeLike(word: string): string {
  return word.replace(/[\\%_]/g, (c) => `\\${c}`);
}
