import type { SearchDocument } from './document.js';
import { type ArticleFields, fieldMatches } from './fields.js';
import { isCharTerm, type ParsedQuery, type Term } from './query.js';

/** An article as the topic matcher sees it: its normalized document and what the filters read. */
export interface MatchDocument {
  doc: SearchDocument;
  feedId: number;
  feedTitle: string | null;
  feedUrl: string;
  lang: string;
  /** Publication time, else storage time (epoch ms). */
  at: number;
  /** What field terms (`title:`, `entity:`…) read; without it, no field term matches. */
  fields?: ArticleFields;
}

/** Token positions of a document, head then body after a gap (a phrase never spans the two, as in the index). */
export interface PreparedDocument {
  positions: Map<string, number[]>;
  chars: Set<string>;
  source: MatchDocument;
}

export function prepareDocument(source: MatchDocument): PreparedDocument {
  const positions = new Map<string, number[]>();
  let at = 0;
  for (const part of [source.doc.head, source.doc.body]) {
    for (const token of part) {
      const list = positions.get(token);
      if (list) list.push(at);
      else positions.set(token, [at]);
      at++;
    }
    at++;
  }
  return { positions, chars: new Set(source.doc.chars), source };
}

function termMatches(term: Term, doc: PreparedDocument): boolean {
  if (term.field) return doc.source.fields ? fieldMatches(term.field, doc.source.fields) : false;
  if (isCharTerm(term)) return doc.chars.has(term.tokens[0]!);
  const starts = doc.positions.get(term.tokens[0]!);
  if (!starts) return false;
  if (term.tokens.length === 1) return true;
  const rest = term.tokens.slice(1).map((t) => doc.positions.get(t));
  if (rest.some((p) => p === undefined)) return false;
  const sets = rest.map((p) => new Set(p));
  return starts.some((s) => sets.every((set, i) => set.has(s + i + 1)));
}

/** Whether the query matches the document, with the same meaning as an archive search. */
export function queryMatches(query: ParsedQuery, doc: PreparedDocument): boolean {
  return unmatchedClause(query, doc) === null;
}

/**
 * The first clause of the query the document fails, as written (`since:7d`, `title:a OR title:b`, `-author:bot`);
 * null when the document matches.
 */
export function unmatchedClause(query: ParsedQuery, doc: PreparedDocument): string | null {
  const { source } = doc;
  const written = (name: keyof NonNullable<ParsedQuery['written']>) => query.written?.[name] ?? `${name}:`;
  if (query.since !== null && source.at < query.since) return written('since');
  if (query.before !== null && source.at >= query.before) return written('before');
  if (query.langs.length > 0 && !query.langs.some((l) => source.lang === l || source.lang.startsWith(`${l}-`))) {
    return written('lang');
  }
  if (query.feeds.length > 0 && !query.feeds.some((f) => feedMatches(f, source))) return written('feed');
  const missing = query.all.find((clause) => !clause.some((term) => termMatches(term, doc)));
  if (missing) return missing.map(termText).join(' OR ');
  const excluded = query.none.find((term) => termMatches(term, doc));
  return excluded ? `-${termText(excluded)}` : null;
}

function termText(term: Term): string {
  return term.text ?? term.tokens.join(' ');
}

function feedMatches(value: string, doc: MatchDocument): boolean {
  if (/^\d+$/u.test(value)) return doc.feedId === Number(value);
  const needle = value.toLowerCase();
  return (doc.feedTitle ?? '').toLowerCase().includes(needle) || doc.feedUrl.toLowerCase().includes(needle);
}

/** Fields whose text is in the search document too (head or body), so a term on them can file a topic. */
const INDEXED_FIELDS = new Set(['title', 'category', 'topic', 'entity']);

/** A topic to match: an id of the caller's and its parsed query. */
export interface Topic {
  id: number;
  query: ParsedQuery;
}

interface Filed {
  topic: Topic;
  /** Filed under several keys (an `OR` clause): must be tested once per article only. */
  shared: boolean;
  /** The article run that tested it last. */
  stamp: number;
}

/** Topics filed under one key each of a required clause, so an article only meets the topics it could match. */
export interface TopicIndex {
  byToken: Map<string, Filed[]>;
  byChar: Map<string, Filed[]>;
  /** Topics with no clause to file them under (only patterns, authors or links): tested against every article. */
  always: Filed[];
  runs: number;
}

/**
 * How common a token is expected to be (a share of articles, or any non-negative figure; lower is rarer). Without
 * document frequencies, longer words and CJK bigrams are taken to be rarer than short words.
 */
export type TokenFrequency = (token: string) => number;

const guessFrequency: TokenFrequency = (token) =>
  1 / (/^[\p{L}\p{N}]{2}$/u.test(token) && /[^\p{Script=Latin}\p{N}]/u.test(token) ? 6 : token.length);

/**
 * Builds the inverted index: each topic is filed under the keys of one required clause — the rarest token of a
 * plain term, or every alternative of an `OR` clause — since an article lacking that key cannot match the topic.
 * `frequency` (document frequencies, say) picks the rarest token; by default longer tokens count as rarer.
 */
export function compileTopics(topics: readonly Topic[], frequency: TokenFrequency = guessFrequency): TopicIndex {
  const index: TopicIndex = { byToken: new Map(), byChar: new Map(), always: [], runs: 0 };
  const keyOf = (term: Term) => {
    // A term on a field the document does not hold (author, link) or a pattern gives no token to file under.
    if (term.field && (!INDEXED_FIELDS.has(term.field.field) || term.tokens.length === 0)) {
      return { char: false, token: '', cost: Infinity };
    }
    if (isCharTerm(term)) return { char: true, token: term.tokens[0]!, cost: frequency(term.tokens[0]!) };
    const token = term.tokens.reduce((best, t) => (frequency(t) < frequency(best) ? t : best));
    return { char: false, token, cost: frequency(token) };
  };
  for (const topic of topics) {
    let best: ReturnType<typeof keyOf>[] = [];
    let bestCost = Infinity;
    for (const clause of topic.query.all) {
      const keys = clause.map(keyOf);
      // An OR clause costs the sum of its alternatives: the topic is tested whenever any of them occurs.
      const cost = keys.reduce((sum, k) => sum + k.cost, 0);
      if (best.length === 0 || cost < bestCost) {
        best = keys;
        bestCost = cost;
      }
    }
    const filed: Filed = { topic, shared: best.length > 1, stamp: -1 };
    if (bestCost === Infinity) {
      index.always.push({ ...filed, shared: false });
      continue;
    }
    for (const key of best) {
      const map = key.char ? index.byChar : index.byToken;
      const list = map.get(key.token);
      if (list) list.push(filed);
      else map.set(key.token, [filed]);
    }
  }
  return index;
}

/** The ids of the topics the article matches, in ascending order; only topics filed under its tokens are tested. */
export function matchTopics(index: TopicIndex, doc: PreparedDocument): number[] {
  const run = ++index.runs;
  const matched: number[] = [];
  const consider = (filed: Filed[] | undefined) => {
    if (!filed) return;
    for (const f of filed) {
      if (f.shared) {
        if (f.stamp === run) continue;
        f.stamp = run;
      }
      if (queryMatches(f.topic.query, doc)) matched.push(f.topic.id);
    }
  };
  for (const token of doc.positions.keys()) consider(index.byToken.get(token));
  for (const char of doc.chars) consider(index.byChar.get(char));
  consider(index.always);
  return matched.sort((a, b) => a - b);
}
