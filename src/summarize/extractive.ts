import type { Summary, SummaryStyle } from '../domain.js';
import { articleLanguage } from '../text/language.js';
import { leansOnPrevious } from './anaphora.js';
import { centrality, sentenceTerms } from './centrality.js';
import { hasEndPunctuation, isCjkText, splitSentences } from './sentences.js';

/** What to summarize: the article's title and clean text, and the feed's language tag if it gave one. */
export interface ArticleInput {
  title: string;
  text: string;
  language: string | null;
}

interface Limits {
  sentences: number;
  /** Characters for Chinese/Japanese text, words otherwise. */
  cjkChars: number;
  words: number;
}

const LIMITS: Readonly<Record<SummaryStyle, Limits>> = {
  brief: { sentences: 2, cjkChars: 100, words: 35 },
  standard: { sentences: 3, cjkChars: 200, words: 60 },
  detailed: { sentences: 5, cjkChars: 350, words: 110 },
};
const MAX_KEY_POINTS = 3;
/** Long articles are ranked on their opening sentences only: news puts what matters first, and ranking is O(n²). */
const MAX_RANKED = 150;

const MAX_HEADLINE = 200;

/**
 * The sentences as one paragraph: a sentence without end punctuation (a standfirst, a list item) gets a full stop,
 * so that it does not run into the next one ("…against reporters Attacks against…").
 */
function joinSentences(list: readonly Candidate[], cjk: boolean): string {
  const stop = cjk ? '。' : '.';
  // A list item's trailing comma or semicolon gives way to the full stop.
  return list.map((c) => (c.ended ? c.text : `${c.text.replace(/[,;，、]+$/u, '')}${stop}`)).join(cjk ? '' : ' ');
}

/** The text cut to at most `max` code points (an ellipsis included), never inside a surrogate pair. */
function clip(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

interface Candidate {
  index: number;
  text: string;
  size: number;
  score: number;
  /** Ends on a full stop, question or exclamation mark; a heading, caption or list item often does not. */
  ended: boolean;
  /** Only makes sense after the sentence before it ("However, …", "他表示…"). */
  leans: boolean;
}

/**
 * A line without end punctuation (a heading, a caption, a short list item) is a summary sentence only from this size
 * on (words, or CJK characters): subheadings are shorter, standfirsts and real list items longer.
 */
const MIN_UNENDED = { words: 8, cjkChars: 15 };

/**
 * An extractive summary: the lead sentence plus the most central other sentences (TextRank), in document order,
 * within the style's sentence count and length (characters for Chinese/Japanese, words otherwise). Sentences are never
 * cut. Key points are the next best short sentences that stand on their own; a sentence that leans on the one before
 * it (see `leansOnPrevious`) joins the summary only right after that one. `topics` and `entities` are empty: picking
 * them needs a model; the kind is `news`, since a story whose kind is unknown must never be dropped as filler.
 */
export function extractiveSummary(input: ArticleInput, style: SummaryStyle): Summary {
  const language = articleLanguage(`${input.title}\n${input.text}`, input.language);
  const cjk = isCjkText(input.text || input.title);
  const limits = LIMITS[style];
  const size = (s: string): number => (cjk ? Array.from(s).length : (s.match(/\S+/g) ?? []).length);
  const maxSize = cjk ? limits.cjkChars : limits.words;
  const sentences = splitSentences(input.text).slice(0, MAX_RANKED);
  const scores = centrality(sentences.map((s) => sentenceTerms(s, language)));
  const candidates: Candidate[] = sentences.map((text, index) => ({
    index,
    text,
    size: size(text),
    score: scores[index] ?? 0,
    ended: hasEndPunctuation(text),
    leans: leansOnPrevious(text),
  }));
  // Datelines, bylines and subheadings ("（綜合報導）", "Why it matters?") are poor summary sentences.
  const minUnended = cjk ? MIN_UNENDED.cjkChars : MIN_UNENDED.words;
  // A line ending on a colon only introduces what follows ("The group listed the threats:").
  const usable = candidates.filter(
    (c) => c.size >= (cjk ? 10 : 5) && !/[?？:：]\s*$/u.test(c.text) && (c.ended || c.size >= minUnended),
  );
  // The lead stands first, so nothing comes before it to lean on.
  const lead = usable[0] ?? candidates[0];
  const chosen: Candidate[] = lead ? [lead] : [];
  const picked = new Set<number>(lead ? [lead.index] : []);
  let total = lead?.size ?? 0;
  const ranked = usable.filter((c) => c !== lead).sort((a, b) => b.score - a.score || a.index - b.index);
  const rest: Candidate[] = [];
  // A sentence that leans on the one before it joins only right after it: it waits until that one is picked.
  const waiting = new Map<number, Candidate>();
  const fits = (c: Candidate): boolean => chosen.length < limits.sentences && total + c.size <= maxSize;
  for (const c of ranked) {
    if (!fits(c)) {
      rest.push(c);
    } else if (c.leans && !picked.has(c.index - 1)) {
      waiting.set(c.index, c);
    } else {
      for (let next: Candidate | undefined = c; next && fits(next); next = waiting.get(next.index + 1)) {
        waiting.delete(next.index);
        chosen.push(next);
        picked.add(next.index);
        total += next.size;
      }
    }
  }
  rest.push(...waiting.values());
  const keyPointMax = cjk ? 80 : 30;
  const keyPoints = rest
    .filter((c) => c.size <= keyPointMax && !c.leans)
    .slice(0, MAX_KEY_POINTS)
    .sort((a, b) => a.index - b.index);
  const inOrder = (list: Candidate[]): Candidate[] => [...list].sort((a, b) => a.index - b.index);
  const title = input.title.trim();
  return {
    headline: title || clip(lead?.text ?? '', MAX_HEADLINE),
    summary: joinSentences(inOrder(chosen), cjk) || title,
    keyPoints: keyPoints.map((c) => c.text),
    topics: [],
    entities: [],
    language,
    kind: 'news',
    source: 'extractive',
    model: null,
  };
}
