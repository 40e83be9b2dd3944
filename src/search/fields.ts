import { RE2JS } from 're2js';
import { UserError } from '../i18n/user-error.js';
import { fold, isCjkChar, tokenize, tokenizeFolded } from './normalize.js';

/** The article fields a filter or topic term may be scoped to (`title:台灣`, `entity:"Joe Biden"`, `link:dw.com`). */
export const FILTER_FIELDS = ['title', 'author', 'category', 'link', 'topic', 'entity'] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];

/** Longer patterns are refused: a filter is a few words, and RE2's compiled program grows with the pattern. */
export const MAX_PATTERN_LENGTH = 200;
/** Field text a pattern is run on is cut here (RE2 is linear, but nothing from a feed is unbounded). */
const MAX_FIELD_CHARS = 1_000_000;

/** A term's regular expression (`title:/…/`), compiled by RE2: linear time in the text, whatever the pattern. */
export interface FieldPattern {
  source: string;
  test(text: string): boolean;
}

/**
 * Compiles a member's pattern with RE2 (case-insensitive). A pattern RE2 cannot run in linear time (backreferences,
 * lookaround) or cannot parse is a {@link UserError}, as is one past {@link MAX_PATTERN_LENGTH}.
 */
export function compilePattern(source: string): FieldPattern {
  if (source.length > MAX_PATTERN_LENGTH) throw new UserError('filterPatternTooLong', { max: MAX_PATTERN_LENGTH });
  if (source === '') throw new UserError('filterPatternEmpty');
  let regex: RE2JS;
  try {
    regex = RE2JS.compile(source, RE2JS.CASE_INSENSITIVE);
  } catch {
    throw new UserError('filterPatternInvalid', { pattern: source });
  }
  return { source, test: (text) => regex.matcher(text.slice(0, MAX_FIELD_CHARS)).find() };
}

/** What field terms read of an article: its own fields and what its story's summaries say. */
export interface ArticleFields {
  title: string;
  author: string | null;
  categories: readonly string[];
  link: string | null;
  /** The LLM's topic labels, from every summary of the story. */
  topics: readonly string[];
  /** Named entities, from every summary of the story. */
  entities: readonly string[];
  /** The article's text: what `entity:` falls back to when no summary lists entities (extractive summaries). */
  contentText: string;
}

/** The values of one field of an article (several for categories, topics and entities). */
function valuesOf(field: FilterField, fields: ArticleFields): readonly string[] {
  switch (field) {
    case 'title':
      return [fields.title];
    case 'author':
      return fields.author ? [fields.author] : [];
    case 'category':
      return fields.categories;
    case 'link':
      return fields.link ? [fields.link] : [];
    case 'topic':
      return fields.topics;
    case 'entity':
      return fields.entities.length > 0 ? fields.entities : [fields.title, fields.contentText.slice(0, 20_000)];
  }
}

/** A field term: words or a phrase in one field, a host for `link:`, or a pattern. */
export interface FieldTerm {
  field: FilterField;
  /** Folded tokens of the value (empty for a pattern and for `link:`). */
  tokens: string[];
  /** `link:` only: the host (and optional path prefix) asked for, lower-case, without scheme or `www.`. */
  host?: string;
  pattern?: FieldPattern;
}

/** Builds the term for `field:value` (`value` already unquoted; a pattern's slashes already removed). */
export function fieldTerm(field: FilterField, value: string, isPattern: boolean): FieldTerm {
  if (isPattern) return { field, tokens: [], pattern: compilePattern(value) };
  if (field === 'link') return { field, tokens: [], host: linkKey(value) };
  return { field, tokens: tokenize(value) };
}

/** Whether the field term matches the article's fields. */
export function fieldMatches(term: FieldTerm, fields: ArticleFields): boolean {
  const values = valuesOf(term.field, fields);
  if (term.pattern) return values.some((v) => term.pattern!.test(v.normalize('NFKC')));
  if (term.host !== undefined) return values.some((v) => hostMatches(term.host!, v));
  if (term.tokens.length === 0) return false;
  return values.some((v) => phraseIn(term.tokens, foldedOf(fields, v)));
}

/** Each value's folded text and tokens, made once per article however many filters read it. */
const foldings = new WeakMap<ArticleFields, Map<string, { text: string; tokens: string[] }>>();

function foldedOf(fields: ArticleFields, value: string): { text: string; tokens: string[] } {
  let cache = foldings.get(fields);
  if (!cache) {
    cache = new Map();
    foldings.set(fields, cache);
  }
  let folded = cache.get(value);
  if (!folded) {
    const text = fold(value);
    folded = { text, tokens: tokenizeFolded(text) };
    cache.set(value, folded);
  }
  return folded;
}

/** The tokens appear in this order, next to each other, in the value; a single CJK character anywhere in it. */
function phraseIn(tokens: string[], folded: { text: string; tokens: string[] }): boolean {
  if (tokens.length === 1 && isCjkChar(tokens[0]!)) return folded.text.includes(tokens[0]!);
  const have = folded.tokens;
  for (let i = 0; i + tokens.length <= have.length; i++) {
    if (tokens.every((t, j) => have[i + j] === t)) return true;
  }
  return false;
}

/** `https://www.Example.com/a/b?x` → `example.com/a/b`; a bare `example.com` stays itself. */
function linkKey(value: string): string {
  const trimmed = value.trim().toLowerCase();
  const withoutScheme = trimmed.replace(/^[a-z][a-z0-9+.-]*:\/\//u, '');
  return withoutScheme
    .replace(/^www\./u, '')
    .replace(/[?#].*$/u, '')
    .replace(/\/+$/u, '');
}

/** `dw.com` matches links on dw.com and its subdomains; `dw.com/zh` only those under that path. */
function hostMatches(wanted: string, link: string): boolean {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return false;
  }
  const host = url.hostname.toLowerCase().replace(/^www\./u, '');
  const slash = wanted.indexOf('/');
  if (slash < 0) return host === wanted || host.endsWith(`.${wanted}`);
  const path = `${host}${url.pathname.toLowerCase()}`.replace(/\/+$/u, '');
  return path === wanted || path.startsWith(`${wanted}/`);
}
