import type { QueryFilter } from '../domain.js';
import { UserError } from '../i18n/user-error.js';
import { FILTER_FIELDS, type FieldTerm, type FilterField, fieldTerm } from './fields.js';
import { isCjkChar, tokenize } from './normalize.js';

/** Tokens that must appear next to each other, in order; one CJK character matches anywhere in a CJK run. */
export interface Term {
  tokens: string[];
  /** A term scoped to one field of the article (`title:…`, `entity:…`); only filters and topics have them. */
  field?: FieldTerm;
  /** The term as written (`title:"a b"`), to say which clause of a filter excluded an article. */
  text?: string;
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
  /** The filters as written (`lang:zh since:7d`), to say which one excluded an article. */
  written?: Partial<Record<QueryFilter, string>>;
}

/** How a query is read: archive searches know no field terms; topics and filters do. */
export interface ParseOptions {
  /** Field-scoped terms (`title:`, `author:`, `category:`, `link:`, `topic:`, `entity:`, and `field:/regex/`). */
  fields?: boolean;
  /** A query without a wanted term is allowed (a subscription's filter: `-title:sponsored`, `lang:zh`). */
  exclusionsOnly?: boolean;
}

const MAX_QUERY_LENGTH = 500;
const MAX_TERMS = 24;
const DAY = 86_400_000;
const UNITS: Record<string, number> = { h: 3_600_000, d: DAY, w: 7 * DAY, y: 365 * DAY };

type Raw = { kind: 'word' | 'phrase'; text: string; negated: boolean } | { kind: 'or' };
type Lexed = { kind: 'word' | 'phrase'; text: string; negated: boolean };

const FILTER_PREFIX = /^(feed|since|before|lang):$/u;
const FIELD_PREFIX = new RegExp(`^(${FILTER_FIELDS.join('|')}):$`, 'u');
const FIELD_TERM = new RegExp(`^(${FILTER_FIELDS.join('|')}):(.*)$`, 'su');

/**
 * Parses a query: words (all must match), `"exact phrase"`, `-exclude`, `OR` between two terms, and the filters
 * `feed:`, `since:`/`before:` (a date `YYYY-MM-DD` or an age `7d`, `24h`, `2w`, `1y`) and `lang:`. Throws a
 * {@link UserError} explaining what is wrong, so a query never reaches the database malformed.
 */
export function parseQuery(text: string, now: number, options: ParseOptions = {}): ParsedQuery {
  if (text.length > MAX_QUERY_LENGTH) throw new UserError('queryTooLong', { max: MAX_QUERY_LENGTH });
  const query: ParsedQuery = { all: [], none: [], feeds: [], since: null, before: null, langs: [] };
  // Filters say which clause excluded an article, so they keep the clauses as written.
  if (options.fields) query.written = {};
  const raws: Raw[] = [];
  for (const piece of lex(text, options.fields === true)) {
    const filter = /^(feed|since|before|lang):(.*)$/su.exec(piece.text);
    if (piece.kind === 'word' && filter && !piece.negated) {
      const name = filter[1] as QueryFilter;
      applyFilter(query, name, unquote(filter[2]!), now);
      if (query.written) query.written[name] = [query.written[name], piece.text].filter(Boolean).join(' ');
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
    if (++terms > MAX_TERMS) throw new UserError('queryTooManyTerms', { max: MAX_TERMS });
    const term = options.fields ? scopedTerm(raw) : plainTerm(raw.text, false);
    if (raw.negated) {
      if (term) query.none.push(term);
    } else if (pendingOr && query.all.length > 0) {
      if (term) query.all[query.all.length - 1]!.push(term);
    } else if (term) {
      query.all.push([term]);
    }
    pendingOr = false;
  }
  const narrows =
    query.none.length + query.feeds.length + query.langs.length > 0 || query.since !== null || query.before !== null;
  if (query.all.length === 0 && !(options.exclusionsOnly && narrows)) {
    throw new UserError(query.none.length > 0 ? 'queryOnlyExclusions' : 'queryEmpty');
  }
  return query;
}

/**
 * Parses a subscription's filter: a query with field terms, which may be exclusions only (`-title:sponsored`).
 * Throws a {@link UserError} explaining what is wrong.
 */
export function parseFilter(text: string, now: number): ParsedQuery {
  return parseQuery(text, now, { fields: true, exclusionsOnly: true });
}

function plainTerm(text: string, written: boolean): Term | null {
  const tokens = tokenize(text);
  if (tokens.length === 0) return null;
  return written ? { tokens, text } : { tokens };
}

/** A word that names a field (`title:…`, `entity:"…"`, `title:/…/`) is scoped to it; anything else is plain. */
function scopedTerm(raw: Lexed): Term | null {
  const match = raw.kind === 'word' ? FIELD_TERM.exec(raw.text) : null;
  if (!match) return plainTerm(raw.kind === 'phrase' ? `"${raw.text}"` : raw.text, true);
  const name = match[1] as FilterField;
  const value = match[2]!;
  const isPattern = value.length >= 2 && value.startsWith('/') && value.endsWith('/');
  const inner = isPattern ? value.slice(1, -1) : unquote(value).trim();
  if (inner === '' && !isPattern) throw new UserError('filterFieldEmpty', { name });
  const field = fieldTerm(name, inner, isPattern);
  if (!field.pattern && field.host === undefined && field.tokens.length === 0) return null;
  return { tokens: field.tokens, field, text: raw.text };
}

/** The folded tokens a snippet should be centred on: the first token of every wanted term. */
export function highlightTokens(query: ParsedQuery): string[] {
  return query.all.flat().map((t) => t.tokens[0]!);
}

/** Whether a term is a single CJK character, matched against an article's characters rather than its bigrams. */
export function isCharTerm(term: Term): boolean {
  return term.tokens.length === 1 && isCjkChar(term.tokens[0]!);
}

function* lex(text: string, fields: boolean): Generator<Lexed> {
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
      if (fields && normalized[end] === '/' && FIELD_PREFIX.test(normalized.slice(i, end))) {
        // A pattern runs to its closing slash, spaces included: title:/breaking news|快訊/.
        end = closingSlash(normalized, end) + 1;
        break;
      }
      if (normalized[end] === '"') {
        // A filter's value may be quoted: feed:"DW 中文", entity:"Joe Biden".
        const prefix = normalized.slice(i, end);
        if (FILTER_PREFIX.test(prefix) || (fields && FIELD_PREFIX.test(prefix)))
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

/** The slash closing the pattern opened at `open` (one after an odd number of backslashes is part of it). */
function closingSlash(text: string, open: number): number {
  let escaped = false;
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i];
    if (escaped) escaped = false;
    else if (c === '\\') escaped = true;
    else if (c === '/') return i;
  }
  throw new UserError('filterPatternNotClosed');
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
