import OpenAI from 'openai';
import type { ChatCompletion } from 'openai/resources/chat/completions';
import type { Summary, SummaryStyle } from '../domain.js';
import type { Metrics } from '../metrics.js';
import { chineseScriptOf, toScript } from '../text/language.js';
import type { ArticleInput } from './extractive.js';
import { LlmError, retryAfterSeconds, toLlmError } from './llm-error.js';
import { findUnsafeContent, type LlmReply, parseReply, replyJsonSchema } from './llm-output.js';
import { NO_METER, type SummaryMeter } from './meter.js';
import { unsupportedNumbers } from './numbers.js';
import { articleMessage, PROMPT_VERSION, strictNumbersNotice, systemPrompt } from './prompt.js';
import { fitToTokenBudget } from './token-budget.js';
import { DEFAULT_TOPICS, topicListTag } from './topic-labels.js';

/** Produces a summary with a language model; throws {@link LlmError} when it cannot. */
export interface LlmSummarizer {
  readonly model: string;
  /** What its summaries depend on: model, prompt version and topic list (`gpt-4o-mini/p3/t1a2b3c4d`). */
  readonly variant: string;
  /** `opts.language` is a BCP 47 tag (already resolved: never `source`). */
  summarize(article: ArticleInput, opts: { language: string; style: SummaryStyle }): Promise<Summary>;
}

export interface LlmSummarizerOptions {
  /** OpenAI-compatible base URL, e.g. `https://api.openai.com/v1`; the SDK's default when absent. */
  baseURL?: string | undefined;
  apiKey: string;
  model: string;
  /** Per HTTP attempt (60 s by default). */
  timeoutMs?: number;
  /** The SDK's own retries of 408/409/429/5xx/timeouts/network errors (1 by default). */
  maxRetries?: number;
  /** A 429 asking to wait longer than this is not retried in-process but surfaces as `rate-limited` (10 s). */
  maxRetryWaitSeconds?: number;
  /** Bound on the article text sent, in approximate tokens (3,000). */
  tokenBudget?: number;
  /** Records token usage per request and the faithfulness events. */
  meter?: SummaryMeter;
  /** Counts requests by outcome, tokens and latency for `/metrics` (nothing by default). */
  metrics?: Pick<Metrics, 'llmRequests' | 'llmTokens' | 'llmSeconds'>;
  /** The closed list of topic labels the model picks from (`LLM_TOPICS`; {@link DEFAULT_TOPICS} by default). */
  topics?: readonly string[];
}

/** Attempts at a usable reply: a malformed one is often a fluke, twice is a pattern. */
const ATTEMPTS = 2;

/**
 * A fetch that tells the SDK not to retry a 429 whose `retry-after` exceeds `maxWaitSeconds`: the SDK would sleep
 * for as long as the server asks, holding a worker slot, where the job queue can wait without holding anything.
 */
function fetchWithRetryCap(maxWaitSeconds: number): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    const wait = retryAfterSeconds(response.headers);
    if (response.status !== 429 || wait === undefined || wait <= maxWaitSeconds) return response;
    const headers = new Headers(response.headers);
    headers.set('x-should-retry', 'false');
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  };
}

function responseFormat(format: 'json_schema' | 'json_object', topics: readonly string[]) {
  return format === 'json_schema'
    ? { type: 'json_schema' as const, json_schema: replyJsonSchema(topics) }
    : { type: 'json_object' as const };
}

/** The `herald_llm_requests_total` outcome of a request that threw `error` (mapped to `failure`). */
function failedOutcome(error: unknown, failure: unknown): string {
  if (error instanceof OpenAI.APIConnectionTimeoutError) return 'timeout';
  return failure instanceof LlmError && failure.kind === 'rate-limited' ? 'rate_limited' : 'error';
}

/** A 400 that names the response format: the server does not take json_schema. */
function rejectsJsonSchema(error: unknown): boolean {
  return error instanceof OpenAI.APIError && error.status === 400 && /response_format|json_schema/i.test(error.message);
}

/** An {@link LlmSummarizer} over the `openai` SDK's Chat Completions with structured (JSON) output. */
export function createLlmSummarizer(options: LlmSummarizerOptions): LlmSummarizer {
  const client = new OpenAI({
    apiKey: options.apiKey,
    organization: null,
    project: null,
    baseURL: options.baseURL ?? 'https://api.openai.com/v1',
    timeout: options.timeoutMs ?? 60_000,
    maxRetries: options.maxRetries ?? 1,
    fetch: fetchWithRetryCap(options.maxRetryWaitSeconds ?? 10),
  });
  const meter = options.meter ?? NO_METER;
  const topics = options.topics ?? DEFAULT_TOPICS;
  const redact = (message: string): string =>
    options.apiKey ? message.replaceAll(options.apiKey, '[redacted]') : message;
  const { metrics } = options;
  const count = (outcome: string) => metrics?.llmRequests.inc({ model: options.model, outcome });

  // Structured output where the server supports it; many OpenAI-compatible servers (older vLLM, some gateways)
  // answer 400 to json_schema, and then this summarizer uses json_object from then on. zod validates either way.
  let format: 'json_schema' | 'json_object' = 'json_schema';

  async function complete(messages: OpenAI.Chat.ChatCompletionMessageParam[]): Promise<ChatCompletion> {
    const stopTimer = metrics?.llmSeconds.startTimer();
    try {
      const completion = await client.chat.completions
        .create({ model: options.model, messages, response_format: responseFormat(format, topics) })
        .catch((error: unknown) => {
          if (format !== 'json_schema' || !rejectsJsonSchema(error)) throw error;
          format = 'json_object';
          return client.chat.completions.create({
            model: options.model,
            messages,
            response_format: responseFormat(format, topics),
          });
        });
      const usage = {
        promptTokens: completion.usage?.prompt_tokens ?? 0,
        completionTokens: completion.usage?.completion_tokens ?? 0,
      };
      await meter.usage(completion.model || options.model, usage);
      metrics?.llmTokens.inc({ model: options.model, kind: 'prompt' }, usage.promptTokens);
      metrics?.llmTokens.inc({ model: options.model, kind: 'completion' }, usage.completionTokens);
      return completion;
    } catch (error) {
      const failure = toLlmError(error, redact);
      count(failedOutcome(error, failure));
      throw failure;
    } finally {
      stopTimer?.();
    }
  }

  return {
    model: options.model,
    variant: `${options.model}/${PROMPT_VERSION}/${topicListTag(topics)}`,
    async summarize(article, { language, style }) {
      const text = fitToTokenBudget(article.text, options.tokenBudget ?? 3_000);
      const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [
        { role: 'system', content: systemPrompt(language, style, topics) },
        { role: 'user', content: articleMessage(article.title, text) },
      ];
      const source = `${article.title}\n${article.text}`;
      // Numbers are checked against what the model was shown, not the cut tail.
      const shown = `${article.title}\n${text}`;
      let problem = 'no reply';
      let invalid = 0;
      let strict = false;
      for (;;) {
        const completion = await complete(messages);
        const choice = completion.choices[0];
        if (choice?.message.refusal || choice?.finish_reason === 'content_filter') {
          count('refused');
          throw new LlmError('refused', `model refused: ${choice.message.refusal ?? 'content filter'}`);
        }
        const parsed = choice?.finish_reason === 'length' ? null : parseReply(choice?.message.content ?? '', topics);
        if (!parsed) problem = 'reply was cut off at the token limit';
        else if (!parsed.ok) problem = parsed.problem;
        else {
          const unsafe = findUnsafeContent(parsed.reply, source);
          if (!unsafe) {
            const invented = unsupportedNumbers([parsed.reply.summary, ...parsed.reply.keyPoints].join('\n'), shown);
            if (invented.length === 0) {
              count('ok');
              return toSummary(parsed.reply, language, completion.model || options.model);
            }
            count('unfaithful');
            if (strict) {
              await meter.event('unfaithful-fallback');
              throw new LlmError('unfaithful', `reply states numbers not in the article: ${invented.join(', ')}`);
            }
            await meter.event('unfaithful-retry');
            strict = true;
            messages[0] = {
              role: 'system',
              content: `${systemPrompt(language, style, topics)}\n${strictNumbersNotice(invented)}`,
            };
            continue;
          }
          problem = unsafe;
        }
        count(parsed?.ok ? 'unsafe' : 'invalid_json');
        if (++invalid >= ATTEMPTS) break;
      }
      throw new LlmError('invalid-output', `unusable LLM output after ${ATTEMPTS} attempts: ${problem}`);
    },
  };
}

/** The reply as a {@link Summary} in the requested language, its Chinese script enforced (topic labels stay as set). */
function toSummary(reply: LlmReply, language: string, model: string): Summary {
  const script = chineseScriptOf(language);
  const fix = (s: string): string => (script ? toScript(s, script) : s);
  return {
    headline: fix(reply.headline),
    summary: fix(reply.summary),
    keyPoints: reply.keyPoints.map(fix),
    topics: reply.topics,
    entities: reply.entities.map(fix),
    entitiesInEnglish: reply.entitiesInEnglish,
    language,
    kind: reply.kind,
    source: 'llm',
    model,
  };
}
