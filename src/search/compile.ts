import type { SearchDocument } from './document.js';
import { isCharTerm, type ParsedQuery, type Term } from './query.js';

/**
 * Translations of a parsed query and of a document into the two engines' syntaxes. Every token is quoted, so no
 * user text is ever read as query syntax.
 */

const ftsString = (text: string) => `"${text.replaceAll('"', '""')}"`;

function ftsTerm(term: Term): string {
  return isCharTerm(term)
    ? `chars : ${ftsString(term.tokens[0]!)}`
    : `{head body} : ${ftsString(term.tokens.join(' '))}`;
}

/** An SQLite FTS5 MATCH expression over the columns `head`, `body` and `chars`. */
export function toFts5(query: ParsedQuery): string {
  const all = query.all.map((clause) => `(${clause.map(ftsTerm).join(' OR ')})`).join(' AND ');
  if (query.none.length === 0) return all;
  return `(${all}) NOT (${query.none.map(ftsTerm).join(' OR ')})`;
}

/** The FTS5 column values of a document: tokens separated by spaces (the tokenizer only has to split on them). */
export function toFts5Columns(doc: SearchDocument): { head: string; body: string; chars: string } {
  return { head: doc.head.join(' '), body: doc.body.join(' '), chars: doc.chars.join(' ') };
}

const lexeme = (token: string) => `'${token.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;

function tsTerm(term: Term): string {
  return term.tokens.length === 1 ? lexeme(term.tokens[0]!) : `(${term.tokens.map(lexeme).join(' <-> ')})`;
}

/** A PostgreSQL `tsquery` literal (cast with `::tsquery`, no parser or dictionary involved). */
export function toTsquery(query: ParsedQuery): string {
  const all = query.all.map((clause) => `(${clause.map(tsTerm).join(' | ')})`).join(' & ');
  if (query.none.length === 0) return all;
  return `${all} & !(${query.none.map(tsTerm).join(' | ')})`;
}

/** PostgreSQL keeps at most 256 positions per lexeme and none past 16,383. */
const MAX_POSITIONS = 255;
const MAX_POSITION = 16_383;

/**
 * A PostgreSQL `tsvector` literal: head tokens weight A, body B (after a gap, so a phrase never spans the two), and
 * the CJK characters without positions.
 */
export function toTsvector(doc: SearchDocument): string {
  const positions = new Map<string, string[]>();
  let position = 0;
  const add = (tokens: string[], weight: string) => {
    for (const token of tokens) {
      position++;
      if (position > MAX_POSITION) return;
      const list = positions.get(token) ?? [];
      if (list.length < MAX_POSITIONS) list.push(`${position}${weight}`);
      positions.set(token, list);
    }
    position++;
  };
  add(doc.head, 'A');
  add(doc.body, 'B');
  const out = [...positions].map(([token, list]) => `${lexeme(token)}:${list.join(',')}`);
  // Characters need no position (no phrase contains a lone one); a character already present as a token is kept once.
  for (const c of doc.chars) if (!positions.has(c)) out.push(lexeme(c));
  return out.join(' ');
}
