import { z } from 'zod';
import type { ArticleKind } from '../domain.js';
import { DEFAULT_TOPICS, pickTopics } from './topic-labels.js';

const text = z.string().trim();

/** At most this many topics and this many named entities, each that long, are kept from a reply. */
const MAX_TOPICS = 5;
const MAX_ENTITIES = 5;
const MAX_ENTITY_LENGTH = 100;

/** The model's reply after validation. */
export interface LlmReply {
  headline: string;
  summary: string;
  keyPoints: string[];
  /** Labels of the configured list only, as configured. */
  topics: string[];
  /** Named people, organisations and places, as the model wrote them. */
  entities: string[];
  /** The same entities' English names, which match stories across languages; empty from an older reply shape. */
  entitiesInEnglish: string[];
  /** Informative only. */
  language?: string | undefined;
  kind: ArticleKind;
}

/** Non-empty strings, each once (case-insensitively), in order; `max` at most. */
function distinct(values: readonly string[], max: number): string[] {
  const seen = new Set<string>();
  return values
    .filter((v) => {
      const key = v.toLowerCase();
      if (!v || seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .slice(0, max);
}

/**
 * The JSON object the model must reply with, for a closed list of topic labels. Extra keys are ignored. Topics and
 * entities are metadata: an off-list topic, a surplus item or an over-long entity is dropped rather than failing the
 * reply, since a summary that is otherwise good is not worth a second call (and a JSON-mode server does not enforce
 * the schema's `enum`). A missing or unknown `kind` reads as `news`, so a story is never dropped by a doubtful reply.
 */
export function llmReplySchema(topics: readonly string[] = DEFAULT_TOPICS) {
  return z.object({
    headline: text.min(1).max(200),
    summary: text.min(1),
    keyPoints: z.array(text).max(4).default([]),
    topics: z
      .array(z.string())
      .default([])
      .transform((said) => pickTopics(said, topics, MAX_TOPICS)),
    entities: z
      .array(text)
      .default([])
      .transform((said) =>
        distinct(
          said.filter((e) => e.length <= MAX_ENTITY_LENGTH),
          MAX_ENTITIES,
        ),
      ),
    entitiesInEnglish: z
      .array(text)
      .default([])
      .transform((said) =>
        distinct(
          said.filter((e) => e.length <= MAX_ENTITY_LENGTH),
          MAX_ENTITIES,
        ),
      ),
    language: z.string().optional(),
    kind: z
      .unknown()
      .optional()
      .transform(
        (v): ArticleKind => (typeof v === 'string' && v.trim().toLowerCase() === 'filler' ? 'filler' : 'news'),
      ),
  });
}

/**
 * The same shape as a JSON Schema for `response_format: json_schema` (OpenAI's strict mode: every property required,
 * no others); topics are an `enum` of the configured labels. Lengths and counts are not part of the strict subset
 * every provider takes and stay with {@link llmReplySchema}.
 */
export function replyJsonSchema(topics: readonly string[] = DEFAULT_TOPICS) {
  return {
    name: 'herald_summary',
    strict: true,
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['headline', 'summary', 'keyPoints', 'topics', 'entities', 'entitiesInEnglish', 'language', 'kind'],
      properties: {
        headline: { type: 'string' },
        summary: { type: 'string' },
        keyPoints: { type: 'array', items: { type: 'string' } },
        topics: { type: 'array', items: { type: 'string', enum: [...topics] } },
        entities: { type: 'array', items: { type: 'string' } },
        entitiesInEnglish: { type: 'array', items: { type: 'string' } },
        language: { type: 'string' },
        kind: { type: 'string', enum: ['news', 'filler'] },
      },
    },
  };
}

/** A parsed reply, or why it is unusable. */
export type ParsedReply = { ok: true; reply: LlmReply } | { ok: false; problem: string };

/** Some OpenAI-compatible servers wrap JSON mode output in a Markdown fence; the object inside is still the answer. */
function unfence(content: string): string {
  const fenced = /^\s*```(?:json)?\s*\n([\s\S]*?)\n\s*```\s*$/i.exec(content);
  return fenced?.[1] ?? content;
}

/** Parses and validates the model's message content against the closed list of topic labels. */
export function parseReply(content: string, topics: readonly string[] = DEFAULT_TOPICS): ParsedReply {
  let json: unknown;
  try {
    json = JSON.parse(unfence(content));
  } catch {
    return { ok: false, problem: 'reply is not JSON' };
  }
  const result = llmReplySchema(topics).safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    return {
      ok: false,
      problem: `reply has the wrong shape: ${issue?.path.join('.') || '(root)'} ${issue?.message ?? ''}`,
    };
  }
  const reply = result.data;
  return { ok: true, reply: { ...reply, keyPoints: reply.keyPoints.filter(Boolean) } };
}

/** Things a summary must not carry unless the article itself did: links, Discord pings, markup. */
const UNSAFE: ReadonlyArray<readonly [string, RegExp]> = [
  // A scheme counts wherever it starts, glued to a word too (`seehttps://…`, `x_https://…`): the address is as real.
  ['a URL', /(?:https?:\/\/|(?<![\p{L}\p{N}_])www\.)[^\s<>"'）」』】]+/giu],
  ['a mass mention', /@(?:everyone|here)\b/giu],
  ['a user, role or channel mention', /<(?:@[!&]?|#)\d+>/gu],
  ['a Markdown link', /\[[^\]\n]*\]\([^)\n]*\)/gu],
  ['HTML markup', /<\/?[a-z][a-z0-9-]*(?:\s[^<>]*)?\/?>/giu],
];

/**
 * The first unsafe thing in the reply's text that the source does not contain (compared case-insensitively), as a
 * short description, or null; `@everyone`/`@here` are refused whether the source has them or not. A model tricked by
 * the article, or hallucinating, could otherwise make Herald post links or pings that no one wrote.
 */
export function findUnsafeContent(reply: LlmReply, source: string): string | null {
  const haystack = source.toLowerCase();
  const fields = [
    reply.headline,
    reply.summary,
    ...reply.keyPoints,
    ...reply.topics,
    ...reply.entities,
    ...reply.entitiesInEnglish,
  ];
  for (const field of fields) {
    for (const [what, pattern] of UNSAFE) {
      for (const match of field.matchAll(pattern)) {
        const found = match[0].replace(/[.,;:!?。，、)\]]+$/u, '').toLowerCase();
        // A mass mention is refused even when the article has one: that is exactly what an injected article says.
        if (what === 'a mass mention') return 'reply contains a mass mention';
        if (!haystack.includes(found)) return `reply contains ${what} not in the article`;
      }
    }
  }
  return null;
}
