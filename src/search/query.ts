import type { QueryFilter } from '../domain.js';
import { UserError } from '../i18n/user-error.js';
import { isCjkChar, tokenize } from './normalize.js';

/** Tokens that must appear next to each other, in order; one CJK character matches anywhere in a CJK run. */
export interface Term {
  tokens: string[];
}

/** A parsed archive query or topic; every part is already normalized. */
export interface ParsedQuery {
  /** Every clause must match; a clause matches when any of its terms does (`a OR b`). */
  all: Term[][];
  /** No term may match (`-word`, `-"a phrase"`). */
  none: Term[];
  /** `feed:` values: a feed id, or text found in the feed's title or URL; several mean any of them. */
  feeds: string[];
  /** `since:`: epoch ms, inclusive. */
  since: number | null;
  /** `before:`: epoch ms, exclusive. */
  before: number | null;
  /** `lang:` values, lower-case BCP 47 prefixes (`zh` matches `zh-tw`). */
  langs: string[];
}

const MAX_QUERY_LENGTH = 500;
const MAX_TERMS = 24;
const DAY = 86_400_000;
const UNITS: Record<string, number> = { h: 3_600_000, d: DAY, w: 7 * DAY, y: 365 * DAY };

type Raw = { kind: 'word' | 'phrase'; text: string; negated: boolean } | { kind: 'or' };

/**
 * Parses a query: words (all must match), `"exact phrase"`, `-exclude`, `OR` between two terms, and the filters
 * `feed:`, `since:`/`before:` (a date `YYYY-MM-DD` or an age `7d`, `24h`, `2w`, `1y`) and `lang:`. Throws a
 * {@link UserError} explaining what is wrong, so a query never reaches the database malformed.
 */
export function parseQuery(text: string, now: number): ParsedQuery {
  if (text.length > MAX_QUERY_LENGTH) throw new UserError('queryTooLong', { max: MAX_QUERY_LENGTH });
  const query: ParsedQuery = { all: [], none: [], feeds: [], since: null, before: null, langs: [] };
  const raws: Raw[] = [];
  for (const piece of lex(text)) {
    const filter = /^(feed|since|before|lang):(.*)$/su.exec(piece.text);
    if (piece.kind === 'word' && filter && !piece.negated) {
      applyFilter(query, filter[1] as QueryFilter, unquote(filter[2]!), now);
    } else if (piece.kind === 'word' && piece.text === 'OR' && !piece.negated) {
      raws.push({ kind: 'or' });
    } else {
      raws.push({ kind: piece.kind, text: piece.text, negated: piece.negated });
    }
  }
  let pendingOr = false;
  let terms = 0;
  for (const [i, raw] of raws.entries()) {
    if (raw.kind === 'or') {
      const prev = raws[i - 1];
      const next = raws[i + 1];
      if (!prev || !next || prev.kind === 'or' || next.kind === 'or') {
        throw new UserError('queryOrSides');
      }
      if (prev.negated || next.negated) throw new UserError('queryOrExclusion');
      pendingOr = true;
      continue;
    }
    const tokens = tokenize(raw.text);
    if (++terms > MAX_TERMS) throw new UserError('queryTooManyTerms', { max: MAX_TERMS });
    const term = tokens.length === 0 ? null : { tokens };
    if (raw.negated) {
      if (term) query.none.push(term);
    } else if (pendingOr && query.all.length > 0) {
      if (term) query.all[query.all.length - 1]!.push(term);
    } else if (term) {
      query.all.push([term]);
    }
    pendingOr = false;
  }
  if (query.all.length === 0) {
    throw new UserError(query.none.length > 0 ? 'queryOnlyExclusions' : 'queryEmpty');
  }
  return query;
}

/** The folded tokens a snippet should be centred on: the first token of every wanted term. */
export function highlightTokens(query: ParsedQuery): string[] {
  return query.all.flat().map((t) => t.tokens[0]!);
}

/** Whether a term is a single CJK character, matched against an article's characters rather than its bigrams. */
export function isCharTerm(term: Term): boolean {
  return term.tokens.length === 1 && isCjkChar(term.tokens[0]!);
}

function* lex(text: string): Generator<{ kind: 'word' | 'phrase'; text: string; negated: boolean }> {
  const normalized = text.normalize('NFKC');
  let i = 0;
  while (i < normalized.length) {
    const c = normalized[i]!;
    if (/\s/u.test(c)) {
      i++;
      continue;
    }
    let negated = false;
    if (c === '-' && i + 1 < normalized.length && !/\s/u.test(normalized[i + 1]!)) {
      negated = true;
      i++;
    }
    if (normalized[i] === '"') {
      // Right after a word (word"…) the lone quote would read as one closing a phrase.
      const end = closingQuote(normalized, i, i === 0 || /[\s-]/u.test(normalized[i - 1]!));
      yield { kind: 'phrase', text: normalized.slice(i + 1, end), negated };
      i = end + 1;
      continue;
    }
    let end = i;
    while (end < normalized.length && !/\s/u.test(normalized[end]!)) {
      if (normalized[end] === '"') {
        // A filter's value may be quoted: feed:"DW 中文".
        if (/^(feed|since|before|lang):$/u.test(normalized.slice(i, end)))
          end = closingQuote(normalized, end, true) + 1;
        // Any other quote ends the word and opens a phrase (word"a phrase"), so that quotes always pair up.
        break;
      }
      end++;
    }
    yield { kind: 'word', text: normalized.slice(i, end), negated };
    i = end;
  }
}

/**
 * Where the phrase opened by the quote at `open` ends. Quotes pair up wherever they stand, so a lone one is refused
 * whether it opens a phrase (`"climate change`) or seems to close one (`climate change"`): searching the words apart
 * would quietly answer another question, and a topic subscription saved that way would keep posting the wrong stories.
 */
function closingQuote(text: string, open: number, opensPhrase: boolean): number {
  const close = text.indexOf('"', open + 1);
  if (close >= 0) return close;
  throw new UserError(opensPhrase ? 'queryQuoteNotClosed' : 'queryQuoteNotOpened');
}

function unquote(value: string): string {
  return value.startsWith('"') && value.endsWith('"') && value.length >= 2 ? value.slice(1, -1) : value;
}

function applyFilter(query: ParsedQuery, name: QueryFilter, value: string, now: number): void {
  const trimmed = value.trim();
  if (trimmed === '') throw new UserError('queryFilterEmpty', { name });
  switch (name) {
    case 'feed':
      query.feeds.push(trimmed);
      return;
    case 'lang':
      if (!/^[a-z]{2,3}(-[a-z0-9]{2,8})*$/iu.test(trimmed)) {
        throw new UserError('queryLang');
      }
      query.langs.push(trimmed.toLowerCase());
      return;
    case 'since':
      query.since = Math.max(query.since ?? -Infinity, parseWhen(name, trimmed, now));
      return;
    case 'before':
      query.before = Math.min(query.before ?? Infinity, parseWhen(name, trimmed, now));
  }
}

/** `YYYY-MM-DD` (UTC midnight) or an age back from now (`7d`). */
function parseWhen(name: 'since' | 'before', value: string, now: number): number {
  const age = /^(\d{1,5})([hdwy])$/iu.exec(value);
  if (age) return now - Number(age[1]) * UNITS[age[2]!.toLowerCase()]!;
  const date = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(value);
  if (date) {
    const [y, m, d] = [Number(date[1]), Number(date[2]), Number(date[3])];
    const ms = Date.UTC(y, m - 1, d);
    const back = new Date(ms);
    if (back.getUTCFullYear() === y && back.getUTCMonth() === m - 1 && back.getUTCDate() === d) return ms;
  }
  throw new UserError('queryDate', { name, value });
}

export type { QueryFilter } from '../domain.js';
