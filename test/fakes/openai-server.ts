import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ARTICLE_BEGIN, ARTICLE_END, TOPIC_LIST_PREFIX } from '../../src/summarize/prompt.js';
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
  response_format?: { type?: unknown; json_schema?: { name?: unknown; schema?: unknown; strict?: unknown } };
  [key: string]: unknown;
}

/**
 * What to answer: a completion with `content`, an error status, or no answer at all (`drop`: the connection is
 * closed without a response, as a crashed or unreachable server does); optionally after a delay.
 */
export type FakeReply =
  | { content: string; finishReason?: string; refusal?: string; delayMs?: number; headers?: Record<string, string> }
  | {
      status: number;
      error: { message: string; type: string; code?: string | null; param?: string | null };
      delayMs?: number;
      headers?: Record<string, string>;
    }
  | { drop: true; delayMs?: number };

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
  overloaded: (): FakeReply => ({
    status: 503,
    error: { message: 'The engine is currently overloaded, please try again later', type: 'server_error' },
  }),
  dropped: (): FakeReply => ({ drop: true }),
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

/** A JSON Schema node, as far as the fake reads one. */
type SchemaNode = Record<string, unknown>;

const isNode = (value: unknown): value is SchemaNode =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The topic labels the request allows: the `enum` of the schema's topics, else the list in the system prompt. */
function allowedTopics(body: ChatRequest | null, system: string): string[] {
  const schema = body?.response_format?.type === 'json_schema' ? body.response_format.json_schema?.schema : undefined;
  const properties = isNode(schema) && isNode(schema.properties) ? schema.properties : {};
  const items = isNode(properties.topics) ? properties.topics.items : undefined;
  if (isNode(items) && Array.isArray(items.enum)) return items.enum.filter((v): v is string => typeof v === 'string');
  const line = system.split('\n').find((l) => l.startsWith(TOPIC_LIST_PREFIX));
  try {
    const list: unknown = line ? JSON.parse(line.slice(TOPIC_LIST_PREFIX.length)) : [];
    return Array.isArray(list) ? list.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

/** Titles the fake judges filler, as a model would: sponsored content, ads, horoscopes, quizzes. */
const FILLER_TITLE =
  /\b(?:sponsored|advertisement|advertorial|horoscopes?|quiz)\b|廣告|广告|贊助|赞助|星座|測驗|测验/iu;

/**
 * The default reply's JSON content, deterministic and derived from the request so end-to-end tests can recognise it:
 * headline `Summary: <title>`, summary = the article's first sentence, key points = the next two, language = the tag
 * the system prompt asked for; topics = the allowed labels (schema `enum`, else the prompt's list) that the article
 * mentions, else the first one; entities = the runs of capitalized words in the title after its first word (`Red Sea`);
 * entitiesInEnglish = {@link englishNames} of the title and text, the most frequent first (a Chinese article naming
 * `TSMC` or `Arizona` in Latin letters gets them too, and 花蓮 reads `Hualien`);
 * kind = `filler` for a title like "Sponsored: …", "Your horoscope", "Quiz: …", `news` otherwise.
 */
export function defaultSummaryContent(body: ChatRequest | null): string {
  const article = articleFromRequest(body) ?? { title: '', text: '' };
  const systemContent = body?.messages?.find((m) => m.role === 'system')?.content;
  const system = typeof systemContent === 'string' ? systemContent : '';
  const language = /BCP 47 tag ([A-Za-z0-9-]+)/.exec(system)?.[1] ?? 'en';
  const sentences = splitSentences(article.text);
  const haystack = `${article.title}\n${article.text}`.toLowerCase();
  const labels = allowedTopics(body, system);
  const mentioned = labels.filter((label) => haystack.includes(label.toLowerCase())).slice(0, 3);
  const entities = [...article.title.matchAll(/(?<=\s)\p{Lu}[\p{L}'-]+(?:\s\p{Lu}[\p{L}'-]+)*/gu)].map((m) => m[0]);
  const english = englishNames(`${article.title}\n${article.text}`);
  return JSON.stringify({
    headline: `Summary: ${article.title}`.slice(0, 200),
    summary: sentences[0] ?? article.title,
    keyPoints: sentences.slice(1, 3),
    topics: mentioned.length > 0 ? mentioned : labels.slice(0, 1),
    entities: [...new Set(entities)].slice(0, 5),
    entitiesInEnglish: english.slice(0, 5),
    language,
    kind: FILLER_TITLE.test(article.title) ? 'filler' : 'news',
  });
}

/**
 * The English names of the Chinese place and body names the tests' fixtures use, in either script: what a model
 * writes in `entitiesInEnglish` for a Chinese report. A fixed table, so the fake stays deterministic.
 */
const ENGLISH_NAMES: ReadonlyArray<[string, readonly string[]]> = [
  ['Taiwan', ['台灣', '台湾', '臺灣']],
  ['Central Weather Administration', ['中央氣象署', '中央气象署', '氣象署', '气象署']],
  ['Hualien', ['花蓮', '花莲']],
  ['Yilan', ['宜蘭', '宜兰']],
  ['Taitung', ['台東', '台东']],
  ['Taipei', ['台北', '臺北']],
  ['Kaohsiung', ['高雄']],
];

/**
 * The names a text gives, in English, each once, most frequent first (ties: first seen): runs of capitalized Latin
 * words not starting a sentence, and the Chinese names of {@link ENGLISH_NAMES}.
 */
export function englishNames(text: string): string[] {
  const seen = new Map<string, { count: number; first: number }>();
  const add = (name: string, at: number) => {
    const s = seen.get(name);
    seen.set(name, { count: (s?.count ?? 0) + 1, first: Math.min(s?.first ?? at, at) });
  };
  for (const m of text.matchAll(
    /(?<![.!?]\s|^|\n)(?<![\p{Lu}\p{Ll}])\p{Lu}[\p{Script=Latin}'-]*(?:\s\p{Lu}[\p{Script=Latin}'-]*)*/gu,
  )) {
    add(m[0], m.index);
  }
  for (const [english, forms] of ENGLISH_NAMES) {
    // The longest form first, its text then blanked, so that 氣象署 inside 中央氣象署 is one name, not two.
    let rest = text;
    for (const form of [...forms].sort((a, b) => b.length - a.length)) {
      for (let at = rest.indexOf(form); at >= 0; at = rest.indexOf(form, at + form.length)) add(english, at);
      rest = rest.replaceAll(form, '\u0000'.repeat(form.length));
    }
  }
  return [...seen].sort((a, b) => b[1].count - a[1].count || a[1].first - b[1].first).map(([name]) => name);
}

/** Dimensions of the fake's embeddings. */
export const FAKE_EMBEDDING_DIMENSIONS = 64;

/**
 * The fake's embedding of a text: a bag of the names it gives in English ({@link englishNames}), each hashed to
 * one dimension, normalized to unit length; a text naming none gets a vector of its length in one dimension. Two
 * articles naming the same people and places, in any language, get close vectors: meaningful for tests, not a model.
 */
export function fakeEmbedding(text: string): number[] {
  const vector = new Array<number>(FAKE_EMBEDDING_DIMENSIONS).fill(0);
  const names = englishNames(text);
  if (names.length === 0) vector[text.length % FAKE_EMBEDDING_DIMENSIONS] = 1;
  for (const name of names) {
    let h = 0x811c9dc5;
    for (const c of name.toLowerCase()) h = Math.imul(h ^ (c.codePointAt(0) ?? 0), 0x01000193) >>> 0;
    vector[h % FAKE_EMBEDDING_DIMENSIONS] = (vector[h % FAKE_EMBEDDING_DIMENSIONS] ?? 0) + 1;
  }
  const norm = Math.hypot(...vector);
  return vector.map((v) => v / norm);
}

/** OpenAI's limit on inputs per embeddings request. */
const MAX_EMBEDDING_INPUTS = 2048;

/**
 * The answer to `POST /v1/embeddings`, shaped as OpenAI's (`object: 'list'`, `data[].{object, index, embedding}`,
 * `model`, `usage`), the vector as floats or, for `encoding_format: 'base64'`, as little-endian float32 in base64;
 * or the 400 OpenAI gives a body without a model or with an empty or malformed `input`.
 */
function embeddingsAnswer(body: ChatRequest | null): { status: number; payload: unknown } {
  const invalid = (message: string, param: string) => ({
    status: 400,
    payload: { error: { message, type: 'invalid_request_error', param, code: null } },
  });
  if (!body) return invalid('We could not parse the JSON body of your request.', 'body');
  if (typeof body.model !== 'string' || !body.model) return invalid('you must provide a model parameter', 'model');
  const input = typeof body.input === 'string' ? [body.input] : body.input;
  if (!Array.isArray(input) || input.length === 0 || input.length > MAX_EMBEDDING_INPUTS) {
    return invalid(`'input' must be a string or an array of 1 to ${MAX_EMBEDDING_INPUTS} strings`, 'input');
  }
  if (!input.every((t): t is string => typeof t === 'string' && t !== '')) {
    return invalid("'$.input' is invalid: every input must be a non-empty string.", 'input');
  }
  const format = body.encoding_format ?? 'float';
  if (format !== 'float' && format !== 'base64') {
    return invalid("'encoding_format' must be 'float' or 'base64'", 'encoding_format');
  }
  const tokens = input.reduce((sum, t) => sum + estimateTokens(t), 0);
  return {
    status: 200,
    payload: {
      object: 'list',
      data: input.map((text, index) => {
        const vector = fakeEmbedding(text);
        const embedding =
          format === 'base64' ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector;
        return { object: 'embedding', index, embedding };
      }),
      model: body.model,
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    },
  };
}

/**
 * The default reply to a request. Under `json_schema` it conforms to the request's schema, as OpenAI's constrained
 * decoding guarantees; a schema the default cannot satisfy (the app's schema grew a field the fake does not know)
 * is answered with a 500 naming the problem, never with a reply OpenAI could not have sent.
 */
function defaultReply(body: ChatRequest | null): FakeReply {
  const content = defaultSummaryContent(body);
  const spec = body?.response_format?.type === 'json_schema' ? body.response_format.json_schema : undefined;
  const violation = spec ? schemaViolation(JSON.parse(content), spec.schema) : null;
  if (!violation) return { content };
  return {
    status: 500,
    error: { message: `fake OpenAI server cannot satisfy the schema: ${violation}`, type: 'server_error' },
  };
}

const STRICT_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);
/** OpenAI's limit on enum values across one schema. */
const MAX_ENUM_VALUES = 1000;

/**
 * Why OpenAI would refuse `schema` for `strict: true` structured outputs, or null: the root is an object, every object
 * lists all its properties in `required` and sets `additionalProperties: false`, types are JSON Schema's, arrays have
 * `items`, and an `enum` is a non-empty list of values of the declared type (at most 1,000 in all).
 */
export function strictSchemaProblem(schema: unknown): string | null {
  if (!isNode(schema) || schema.type !== 'object') return 'schema must be a JSON Schema of \'type: "object"\'';
  let enumValues = 0;
  const walk = (node: unknown, path: string[]): string | null => {
    const at = `In context=(${path.map((p) => `'${p}'`).join(', ')})`;
    if (!isNode(node)) return `${at}, schema must be an object`;
    const types = Array.isArray(node.type) ? node.type : [node.type];
    if (types.some((t) => typeof t !== 'string' || !STRICT_TYPES.has(t))) return `${at}, 'type' is missing or invalid`;
    if (node.enum !== undefined) {
      if (!Array.isArray(node.enum) || node.enum.length === 0) return `${at}, 'enum' must be a non-empty array`;
      enumValues += node.enum.length;
      const typeOf = (v: unknown) =>
        v === null ? 'null' : Number.isInteger(v) ? 'integer' : typeof v === 'number' ? 'number' : typeof v;
      const bad = node.enum.find(
        (v) => !types.some((t) => t === typeOf(v) || (t === 'number' && typeOf(v) === 'integer')),
      );
      if (bad !== undefined)
        return `${at}, enum value ${JSON.stringify(bad)} does not validate against {'type': ${JSON.stringify(node.type)}}`;
    }
    if (types.includes('object')) {
      const properties = isNode(node.properties) ? node.properties : {};
      if (node.additionalProperties !== false)
        return `${at}, 'additionalProperties' is required to be supplied and to be false`;
      const required = Array.isArray(node.required) ? node.required : [];
      const missing = Object.keys(properties).filter((k) => !required.includes(k));
      if (missing.length > 0) {
        return `${at}, 'required' is required to be supplied and to be an array including every key in properties. Missing '${missing[0]}'`;
      }
      for (const [key, child] of Object.entries(properties)) {
        const problem = walk(child, [...path, 'properties', key]);
        if (problem) return problem;
      }
    }
    if (types.includes('array')) {
      if (node.items === undefined) return `${at}, array schema missing items`;
      return walk(node.items, [...path, 'items']);
    }
    return null;
  };
  const problem = walk(schema, []);
  if (problem) return problem;
  return enumValues > MAX_ENUM_VALUES ? `schema has ${enumValues} enum values, more than ${MAX_ENUM_VALUES}` : null;
}

/** Where `value` breaks `schema` (the strict subset above), or null: what OpenAI's constrained decoding rules out. */
export function schemaViolation(value: unknown, schema: unknown, path = '$'): string | null {
  if (!isNode(schema)) return null;
  if (Array.isArray(schema.enum) && !schema.enum.includes(value as never)) return `${path} is not one of the enum`;
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  const kind = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  const fits = types.some((t) => t === kind || ((t === 'integer' || t === 'number') && kind === 'number'));
  if (!fits) return `${path} is ${kind}, not ${String(schema.type)}`;
  if (kind === 'array') {
    for (const [i, item] of (value as unknown[]).entries()) {
      const problem = schemaViolation(item, schema.items, `${path}[${i}]`);
      if (problem) return problem;
    }
  }
  if (kind === 'object') {
    const object = value as Record<string, unknown>;
    const properties = isNode(schema.properties) ? schema.properties : {};
    for (const key of Object.keys(object)) if (!(key in properties)) return `${path}.${key} is not in the schema`;
    for (const [key, child] of Object.entries(properties)) {
      if (!(key in object)) return `${path}.${key} is missing`;
      const problem = schemaViolation(object[key], child, `${path}.${key}`);
      if (problem) return problem;
    }
  }
  return null;
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
    const problem = spec.strict === true ? strictSchemaProblem(spec.schema) : null;
    if (problem) return `Invalid schema for response_format '${spec.name}': ${problem}.`;
  }
  if (format === 'json_object' && !mentionsJson) {
    return "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.";
  }
  return null;
}

const estimateTokens = (text: string): number => Math.ceil(text.length / 4);

/**
 * A faithful stand-in for an OpenAI-compatible `POST /v1/chat/completions` (and `POST /v1/embeddings`, answered by
 * {@link fakeEmbedding}) on 127.0.0.1 and a random port: checks the
 * bearer key (401 otherwise), validates the body as OpenAI does, records every request, and answers with the reply
 * chosen by the test (by default {@link defaultSummaryContent}).
 */
export async function startFakeOpenAiServer(
  options: { apiKey?: string; jsonSchema?: boolean } = {},
): Promise<FakeOpenAiServer> {
  const apiKey = options.apiKey ?? 'sk-test-fake-key';
  const requests: RecordedRequest[] = [];
  let behaviour: Responder | FakeReply[] = (request) => defaultReply(request.body);
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
        const route = request.path.split('?')[0];
        if (req.method !== 'POST' || (route !== '/v1/chat/completions' && route !== '/v1/embeddings')) {
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
        if (route === '/v1/embeddings') {
          const { status, payload } = embeddingsAnswer(body);
          send(res, status, payload);
          return;
        }
        const invalid = invalidBody(body, options.jsonSchema ?? true);
        if (invalid) {
          sendError(res, 400, { message: invalid, type: 'invalid_request_error' });
          return;
        }
        const next = Array.isArray(behaviour) ? behaviour.shift() : await behaviour(request);
        const chosen = next ?? defaultReply(body);
        if (chosen.delayMs) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(() => {
              timers.delete(timer);
              resolve();
            }, chosen.delayMs);
            timers.add(timer);
          });
        }
        if ('drop' in chosen) {
          req.socket.destroy();
          return;
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
