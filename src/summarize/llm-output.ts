import { z } from 'zod';

const text = z.string().trim();

/** The JSON object the model must reply with. Extra keys are ignored; `language` is informative only. */
export const llmReplySchema = z.object({
  headline: text.min(1).max(200),
  summary: text.min(1),
  keyPoints: z.array(text).max(4).default([]),
  topics: z.array(text.max(60)).max(5).default([]),
  language: z.string().optional(),
});

export type LlmReply = z.infer<typeof llmReplySchema>;

/**
 * The same shape as a JSON Schema for `response_format: json_schema` (OpenAI's strict mode: every property required,
 * no others). Lengths are not expressible there and stay with {@link llmReplySchema}.
 */
export const REPLY_JSON_SCHEMA = {
  name: 'herald_summary',
  strict: true,
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['headline', 'summary', 'keyPoints', 'topics', 'language'],
    properties: {
      headline: { type: 'string' },
      summary: { type: 'string' },
      keyPoints: { type: 'array', items: { type: 'string' } },
      topics: { type: 'array', items: { type: 'string' } },
      language: { type: 'string' },
    },
  },
} as const;

/** A parsed reply, or why it is unusable. */
export type ParsedReply = { ok: true; reply: LlmReply } | { ok: false; problem: string };

/** Some OpenAI-compatible servers wrap JSON mode output in a Markdown fence; the object inside is still the answer. */
function unfence(content: string): string {
  const fenced = /^\s*```(?:json)?\s*\n([\s\S]*?)\n\s*```\s*$/i.exec(content);
  return fenced?.[1] ?? content;
}

/** Parses and validates the model's message content. */
export function parseReply(content: string): ParsedReply {
  let json: unknown;
  try {
    json = JSON.parse(unfence(content));
  } catch {
    return { ok: false, problem: 'reply is not JSON' };
  }
  const result = llmReplySchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    return {
      ok: false,
      problem: `reply has the wrong shape: ${issue?.path.join('.') || '(root)'} ${issue?.message ?? ''}`,
    };
  }
  const reply = result.data;
  return {
    ok: true,
    reply: { ...reply, keyPoints: reply.keyPoints.filter(Boolean), topics: reply.topics.filter(Boolean) },
  };
}

/** Things a summary must not carry unless the article itself did: links, Discord pings, markup. */
const UNSAFE: ReadonlyArray<readonly [string, RegExp]> = [
  ['a URL', /\b(?:https?:\/\/|www\.)[^\s<>"'）」』】]+/giu],
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
  const fields = [reply.headline, reply.summary, ...reply.keyPoints, ...reply.topics];
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
