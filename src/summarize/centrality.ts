const HAN_OR_KANA = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const wordSegmenters = new Map<string, Intl.Segmenter>();

/**
 * The terms of one sentence: overlapping character bigrams of each Chinese/Japanese run (these languages have no
 * spaces, and bigrams match words without a dictionary) plus the case-folded words of everything else.
 */
export function sentenceTerms(sentence: string, language: string): string[] {
  let segmenter = wordSegmenters.get(language);
  if (!segmenter) {
    segmenter = new Intl.Segmenter(language === 'und' ? undefined : language, { granularity: 'word' });
    wordSegmenters.set(language, segmenter);
  }
  const terms: string[] = [];
  const normalized = sentence.normalize('NFKC').toLowerCase();
  for (const run of normalized.split(/([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー]+)/u)) {
    if (!run) continue;
    if (HAN_OR_KANA.test(run)) {
      const chars = Array.from(run);
      if (chars.length === 1) terms.push(run);
      for (let i = 0; i + 1 < chars.length; i++) terms.push(`${chars[i]}${chars[i + 1]}`);
      continue;
    }
    for (const { segment, isWordLike } of segmenter.segment(run)) {
      if (isWordLike && /\p{L}/u.test(segment)) terms.push(segment);
    }
  }
  return terms;
}

/**
 * TextRank centrality of each sentence: PageRank over a graph whose edge weights are the IDF-weighted overlap of the
 * sentences' terms, normalized by their lengths. Weighting by IDF makes words found in every sentence ("the", "的")
 * count for nothing, so no stop-word list per language is needed.
 */
export function centrality(termsBySentence: readonly (readonly string[])[]): number[] {
  const n = termsBySentence.length;
  if (n === 0) return [];
  const sets = termsBySentence.map((terms) => new Set(terms));
  const df = new Map<string, number>();
  for (const set of sets) for (const term of set) df.set(term, (df.get(term) ?? 0) + 1);
  const idf = (term: string): number => Math.log((n + 1) / (df.get(term) ?? 1));
  const weights: number[][] = sets.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const a = sets[i] ?? new Set<string>();
      const b = sets[j] ?? new Set<string>();
      let shared = 0;
      for (const term of a) if (b.has(term)) shared += idf(term);
      const norm = Math.log(a.size + 1) + Math.log(b.size + 1);
      const w = norm > 0 ? shared / norm : 0;
      (weights[i] as number[])[j] = w;
      (weights[j] as number[])[i] = w;
    }
  }
  const outSum = weights.map((row) => row.reduce((s, w) => s + w, 0));
  const damping = 0.85;
  let scores = new Array<number>(n).fill(1 / n);
  for (let iteration = 0; iteration < 50; iteration++) {
    const next = scores.map((_, i) => {
      let incoming = 0;
      for (let j = 0; j < n; j++) {
        const out = outSum[j] ?? 0;
        if (out > 0) incoming += ((weights[j]?.[i] ?? 0) / out) * (scores[j] ?? 0);
      }
      return (1 - damping) / n + damping * incoming;
    });
    const delta = next.reduce((d, s, i) => d + Math.abs(s - (scores[i] ?? 0)), 0);
    scores = next;
    if (delta < 1e-6) break;
  }
  return scores;
}
