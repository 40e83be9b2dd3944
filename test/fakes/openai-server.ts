import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ARTICLE_BEGIN, ARTICLE_END } from '../../src/summarize/prompt.js';
import { splitSentences } from '../../src/summarize/sentences.js';

/** One request the fake received, as it arrived. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body (null when it was not JSON). */
  body: ChatRequest | null;
}

/** The parts of a Chat Completions request body the fake looks at. */
export interface ChatRequest {
  model?: unknown;
  messages?: Array<{ role?: unknown; content?: unknown }>;
  response_format?: { type?: unknown; json_schema?: { name?: unknown; schema?: unknown } };
  [key: string]: unknown;
}

/** What to answer: a completion with `content`, or an error status; optionally after a delay. */
export type FakeReply =
  | { content: string; finishReason?: string; refusal?: string; delayMs?: number; headers?: Record<string, string> }
  | {
      status: number;
      error: { message: string; type: string; code?: string | null; param?: string | null };
      delayMs?: number;
      headers?: Record<string, string>;
    };

/** Decides the reply to a well-formed, authorized request. */
export type Responder = (request: RecordedRequest) => FakeReply | Promise<FakeReply>;

export interface FakeOpenAiServer {
  /** Base URL for the SDK, ending in `/v1`. */
  readonly baseURL: string;
  readonly apiKey: string;
  /** Every request received, authorized or not, in order. */
  readonly requests: RecordedRequest[];
  /** A function deciding each reply, or a queue of replies used in order (then the default behaviour). */
  respondWith(behaviour: Responder | FakeReply[]): void;
  close(): Promise<void>;
}

/** Helpers for common replies. */
export const reply = {
  json: (value: unknown): FakeReply => ({ content: JSON.stringify(value) }),
  text: (content: string): FakeReply => ({ content }),
  rateLimited: (retryAfterSeconds: number): FakeReply => ({
    status: 429,
    headers: { 'retry-after': String(retryAfterSeconds) },
    error: { message: 'Rate limit reached for requests', type: 'requests', code: 'rate_limit_exceeded' },
  }),
  serverError: (): FakeReply => ({
    status: 500,
    error: { message: 'The server had an error while processing your request.', type: 'server_error' },
  }),
  slow: (delayMs: number, then: FakeReply = reply.text('{}')): FakeReply => ({ ...then, delayMs }),
};

/** The article's title and text from the delimited user message, or null. */
export function articleFromRequest(body: ChatRequest | null): { title: string; text: string } | null {
  const user = body?.messages?.find((m) => m.role === 'user')?.content;
  if (typeof user !== 'string') return null;
  const start = user.indexOf(ARTICLE_BEGIN);
  const end = user.indexOf(ARTICLE_END, start);
  if (start < 0 || end < 0) return null;
  const inside = user.slice(start + ARTICLE_BEGIN.length, end).trim();
  const [first = '', ...rest] = inside.split('\n');
  return { title: first.replace(/^Title:\s*/, ''), text: rest.join('\n').trim() };
}

/**
 * The default reply's JSON content, deterministic and derived from the request so end-to-end tests can recognise it:
 * headline `Summary: <title>`, summary = the article's first sentence, key points = the next two, language = the tag
 * the system prompt asked for.
 */
export function defaultSummaryContent(body: ChatRequest | null): string {
  const article = articleFromRequest(body) ?? { title: '', text: '' };
  const system = body?.messages?.find((m) => m.role === 'system')?.content;
  const language = typeof system === 'string' ? (/BCP 47 tag ([A-Za-z0-9-]+)/.exec(system)?.[1] ?? 'en') : 'en';
  const sentences = splitSentences(article.text);
  return JSON.stringify({
    headline: `Summary: ${article.title}`.slice(0, 200),
    summary: sentences[0] ?? article.title,
    keyPoints: sentences.slice(1, 3),
    topics: ['news'],
    language,
  });
}

function send(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  res.writeHead(status, {
    'content-type': 'application/json',
    'x-request-id': `req_${randomBytes(12).toString('hex')}`,
    ...headers,
  });
  res.end(JSON.stringify(payload));
}

function sendError(
  res: ServerResponse,
  status: number,
  error: Extract<FakeReply, { status: number }>['error'],
  headers?: Record<string, string>,
): void {
  send(
    res,
    status,
    { error: { message: error.message, type: error.type, param: error.param ?? null, code: error.code ?? null } },
    headers,
  );
}

/**
 * Why a Chat Completions body would be rejected with 400 by OpenAI, or null. `jsonSchema: false` answers like the
 * OpenAI-compatible servers that do not take structured outputs.
 */
function invalidBody(body: ChatRequest | null, jsonSchema: boolean): string | null {
  if (!body) return 'We could not parse the JSON body of your request.';
  if (typeof body.model !== 'string' || !body.model) return 'you must provide a model parameter';
  if (!Array.isArray(body.messages) || body.messages.length === 0) return "'messages' is a required property";
  const format = body.response_format?.type;
  const mentionsJson = body.messages.some((m) => typeof m.content === 'string' && /json/i.test(m.content));
  if (format === 'json_schema') {
    if (!jsonSchema) return "Invalid value for 'response_format': json_schema is not supported by this model.";
    const spec = body.response_format?.json_schema;
    if (typeof spec?.name !== 'string' || typeof spec.schema !== 'object' || spec.schema === null) {
      return "Missing required parameter: 'response_format.json_schema.name' and 'schema'.";
    }
  }
  if (format === 'json_object' && !mentionsJson) {
    return "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.";
  }
  return null;
}

const estimateTokens = (text: string): number => Math.ceil(text.length / 4);

/**
 * A faithful stand-in for an OpenAI-compatible `POST /v1/chat/completions` on 127.0.0.1 and a random port: checks the
 * bearer key (401 otherwise), validates the body as OpenAI does, records every request, and answers with the reply
 * chosen by the test (by default {@link defaultSummaryContent}).
 */
export async function startFakeOpenAiServer(
  options: { apiKey?: string; jsonSchema?: boolean } = {},
): Promise<FakeOpenAiServer> {
  const apiKey = options.apiKey ?? 'sk-test-fake-key';
  const requests: RecordedRequest[] = [];
  let behaviour: Responder | FakeReply[] = (request) => ({ content: defaultSummaryContent(request.body) });
  const timers = new Set<NodeJS.Timeout>();

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        let body: ChatRequest | null = null;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequest;
        } catch {
          body = null;
        }
        const request: RecordedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body };
        requests.push(request);
        if (req.method !== 'POST' || request.path.split('?')[0] !== '/v1/chat/completions') {
          sendError(res, 404, {
            message: `Invalid URL (${req.method} ${request.path})`,
            type: 'invalid_request_error',
          });
          return;
        }
        if (req.headers.authorization !== `Bearer ${apiKey}`) {
          sendError(res, 401, {
            message: 'Incorrect API key provided.',
            type: 'invalid_request_error',
            code: 'invalid_api_key',
          });
          return;
        }
        const invalid = invalidBody(body, options.jsonSchema ?? true);
        if (invalid) {
          sendError(res, 400, { message: invalid, type: 'invalid_request_error' });
          return;
        }
        const next = Array.isArray(behaviour) ? behaviour.shift() : await behaviour(request);
        const chosen = next ?? { content: defaultSummaryContent(body) };
        if (chosen.delayMs) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(() => {
              timers.delete(timer);
              resolve();
            }, chosen.delayMs);
            timers.add(timer);
          });
        }
        if ('status' in chosen) {
          sendError(res, chosen.status, chosen.error, chosen.headers);
          return;
        }
        const prompt = (body?.messages ?? []).map((m) => (typeof m.content === 'string' ? m.content : '')).join('\n');
        const promptTokens = estimateTokens(prompt);
        const completionTokens = estimateTokens(chosen.content);
        send(
          res,
          200,
          {
            id: `chatcmpl-${randomBytes(12).toString('hex')}`,
            object: 'chat.completion',
            created: Math.floor(Date.now() / 1000),
            model: String(body?.model),
            choices: [
              {
                index: 0,
                message: { role: 'assistant', content: chosen.content, refusal: chosen.refusal ?? null },
                logprobs: null,
                finish_reason: chosen.finishReason ?? 'stop',
              },
            ],
            usage: {
              prompt_tokens: promptTokens,
              completion_tokens: completionTokens,
              total_tokens: promptTokens + completionTokens,
            },
          },
          chosen.headers,
        );
      })();
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    apiKey,
    requests,
    respondWith(next) {
      behaviour = Array.isArray(next) ? [...next] : next;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
