import { createHash } from 'node:crypto';

/** The default closed list of topic labels (`LLM_TOPICS`): broad sections of a news site. */
export const DEFAULT_TOPICS: readonly string[] = Object.freeze([
  'politics',
  'world',
  'business',
  'economy',
  'technology',
  'science',
  'health',
  'environment',
  'climate',
  'sports',
  'culture',
  'entertainment',
  'society',
  'law',
  'military',
]);

/** Longest topic label, in characters. */
export const MAX_TOPIC_LABEL = 60;
/** Most labels in the list: each is an `enum` value of the reply's JSON schema and a word of the prompt. */
export const MAX_TOPIC_LABELS = 100;

/** How labels are compared: NFKC, trimmed, case-folded (`Politics` and `ＰＯＬＩＴＩＣＳ` are `politics`). */
const labelKey = (label: string): string => label.normalize('NFKC').trim().toLowerCase();

/** A comma-separated list of labels, trimmed, empty and repeated (case-insensitively) ones dropped, in order. */
export function parseTopicList(text: string): string[] {
  const seen = new Set<string>();
  return text
    .split(',')
    .map((label) => label.trim())
    .filter((label) => {
      const key = labelKey(label);
      if (!key || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/**
 * The configured labels a model named, spelled as configured, in the model's order, each once, at most `max`. Anything
 * else is dropped: a JSON-mode server does not enforce the schema's `enum`, and an off-list label is not worth a
 * second LLM call (see `llm-output.ts`).
 */
export function pickTopics(said: readonly string[], labels: readonly string[], max: number): string[] {
  const byKey = new Map(labels.map((label) => [labelKey(label), label]));
  const picked = new Set<string>();
  for (const word of said) {
    const label = byKey.get(labelKey(word));
    if (label !== undefined) picked.add(label);
  }
  return [...picked].slice(0, max);
}

/** A short tag of the list (`t` + 8 hex digits) for the summary cache key: another list writes new summaries. */
export function topicListTag(labels: readonly string[]): string {
  return `t${createHash('sha256').update(labels.join('\n')).digest('hex').slice(0, 8)}`;
}
