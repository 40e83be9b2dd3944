import { sentenceSpans } from './sentences.js';

const ONE_TOKEN_EACH =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u;

/**
 * A rough token count, good enough to bound a prompt: each Chinese, Japanese or Korean character (or full-width
 * punctuation) is one token, any other text about four characters a token.
 */
export function estimateTokens(text: string): number {
  const counts = countChars(text);
  return counts.cjk + Math.ceil(counts.other / 4);
}

function countChars(text: string, into = { cjk: 0, other: 0 }): { cjk: number; other: number } {
  for (const c of text) {
    if (ONE_TOKEN_EACH.test(c)) into.cjk++;
    else into.other++;
  }
  return into;
}

/**
 * The longest opening of `text` that fits in `maxTokens`, ending on a sentence boundary: news puts what matters
 * first, so the lead is kept and the tail is cut. A first sentence too long on its own is cut by code points.
 */
export function fitToTokenBudget(text: string, maxTokens: number): string {
  if (estimateTokens(text) <= maxTokens) return text;
  let end = 0;
  const counts = { cjk: 0, other: 0 };
  for (const span of sentenceSpans(text)) {
    countChars(text.slice(end, span.end), counts);
    if (counts.cjk + Math.ceil(counts.other / 4) > maxTokens) break;
    end = span.end;
  }
  if (end > 0) return text.slice(0, end);
  let tokens = 0;
  let cut = '';
  for (const c of text) {
    tokens += ONE_TOKEN_EACH.test(c) ? 1 : 0.25;
    if (tokens > maxTokens) break;
    cut += c;
  }
  return cut;
}
