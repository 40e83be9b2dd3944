import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOpenAiEmbedder } from '../../../src/summarize/embeddings.js';
import { replyJsonSchema } from '../../../src/summarize/llm-output.js';
import { ARTICLE_BEGIN, ARTICLE_END, systemPrompt } from '../../../src/summarize/prompt.js';
import {
  englishNames,
  FAKE_EMBEDDING_DIMENSIONS,
  type FakeOpenAiServer,
  reply,
  schemaViolation,
  startFakeOpenAiServer,
  strictSchemaProblem,
} from '../../fakes/openai-server.js';

let server: FakeOpenAiServer;
beforeAll(async () => {
  server = await startFakeOpenAiServer({ apiKey: 'sk-fake' });
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.respondWith([]);
});

const messages = [
  { role: 'system', content: 'Reply in JSON. Write every field in English (BCP 47 tag en).' },
  {
    role: 'user',
    content: `${ARTICLE_BEGIN}\nTitle: Ports slow down\n\nShips wait. Rates rise. Ports expand.\n${ARTICLE_END}`,
  },
];

async function post(body: unknown, key = 'sk-fake', path = '/chat/completions') {
  const response = await fetch(`${server.baseURL}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return {
    status: response.status,
    headers: response.headers,
    json: (await response.json()) as Record<string, unknown>,
  };
}

describe('fake OpenAI embeddings', () => {
  it("answers POST /v1/embeddings in OpenAI's list shape, one unit vector per input, in order", async () => {
    const { status, json } = await post(
      { model: 'emb', input: ['TSMC opens Arizona plant', '台積電（TSMC）亞利桑那廠'] },
      'sk-fake',
      '/embeddings',
    );
    expect(status).toBe(200);
    expect(json).toMatchObject({
      object: 'list',
      model: 'emb',
      usage: { prompt_tokens: expect.any(Number), total_tokens: expect.any(Number) },
    });
    const data = json.data as Array<{ object: string; index: number; embedding: number[] }>;
    expect(data.map((d) => [d.object, d.index, d.embedding.length])).toEqual([
      ['embedding', 0, FAKE_EMBEDDING_DIMENSIONS],
      ['embedding', 1, FAKE_EMBEDDING_DIMENSIONS],
    ]);
    expect(Math.hypot(...(data[0]?.embedding ?? []))).toBeCloseTo(1, 6);
  });

  it('rejects a missing model or an empty input with a 400 error body, and a wrong key with 401', async () => {
    const noModel = await post({ input: 'x' }, 'sk-fake', '/embeddings');
    expect(noModel.status).toBe(400);
    expect(noModel.json).toMatchObject({ error: { type: 'invalid_request_error', param: 'model' } });
    expect((await post({ model: 'emb', input: [''] }, 'sk-fake', '/embeddings')).status).toBe(400);
    expect((await post({ model: 'emb', input: [] }, 'sk-fake', '/embeddings')).status).toBe(400);
    expect((await post({ model: 'emb', input: 'x' }, 'sk-wrong', '/embeddings')).status).toBe(401);
  });

  it('serves the SDK in float and base64 alike: texts naming the same entities are close in any language', async () => {
    const embedder = createOpenAiEmbedder({ baseURL: server.baseURL, apiKey: 'sk-fake', model: 'emb' });
    const texts = [
      'In Phoenix, Arizona, TSMC began production.',
      '台積電（TSMC）位於Phoenix, Arizona的新廠開始量產。',
      'Lufthansa cancelled flights in Frankfurt.',
    ];
    const [en, zh, other] = await embedder.embed(texts);
    const dot = (a: number[] = [], b: number[] = []) => a.reduce((sum, v, i) => sum + v * (b[i] ?? 0), 0);
    expect(dot(en, zh)).toBeGreaterThan(0.9);
    expect(dot(en, other)).toBeLessThan(0.5);
    // The SDK's default asks for base64 and decodes it: the fake's base64 is the same vector.
    const sdk = new OpenAI({ apiKey: 'sk-fake', baseURL: server.baseURL });
    const decoded = await sdk.embeddings.create({ model: 'emb', input: texts[0] ?? '' });
    expect(server.requests.at(-1)?.body?.encoding_format).toBe('base64');
    const vector = decoded.data[0]?.embedding;
    expect(en).toHaveLength(FAKE_EMBEDDING_DIMENSIONS);
    expect(vector).toHaveLength(FAKE_EMBEDDING_DIMENSIONS);
    for (const [i, v] of (vector ?? []).entries()) expect(v).toBeCloseTo(en?.[i] ?? Number.NaN, 6);
  });
});

describe('fake OpenAI server', () => {
  it('names the places of a Chinese report in English, as a model writes entitiesInEnglish', () => {
    const text = '中央氣象署表示，台灣東部外海發生地震，震央位於花蓮東方，台北有感。台灣經常發生地震。';
    expect(englishNames(text)).toEqual(['Taiwan', 'Central Weather Administration', 'Hualien', 'Taipei']);
    // 氣象署 inside 中央氣象署 is the same name once; Simplified forms read alike.
    expect(englishNames('中央气象署说，花莲有感')).toEqual(['Central Weather Administration', 'Hualien']);
    expect(englishNames('A quake hit Hualien, said Taiwan.')).toEqual(['Hualien', 'Taiwan']);
  });

  it('answers in the chat.completion wire format with a default summary derived from the article', async () => {
    const { status, json, headers } = await post({ model: 'm', messages, response_format: { type: 'json_object' } });
    expect(status).toBe(200);
    expect(headers.get('x-request-id')).toMatch(/^req_/);
    expect(json).toMatchObject({
      object: 'chat.completion',
      model: 'm',
      choices: [{ index: 0, message: { role: 'assistant' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: expect.any(Number), completion_tokens: expect.any(Number) },
    });
    const choices = json.choices as Array<{ message: { content: string } }>;
    expect(JSON.parse(choices[0]?.message.content ?? '')).toEqual({
      headline: 'Summary: Ports slow down',
      summary: 'Ships wait.',
      keyPoints: ['Rates rise.', 'Ports expand.'],
      topics: [],
      entities: [],
      entitiesInEnglish: [],
      language: 'en',
      kind: 'news',
    });
    expect(server.requests[0]?.body?.model).toBe('m');
  });

  it('rejects a wrong bearer key with 401 and an OpenAI error body, and records the request', async () => {
    const { status, json } = await post({ model: 'm', messages }, 'sk-other');
    expect(status).toBe(401);
    expect(json).toEqual({
      error: { message: expect.any(String), type: 'invalid_request_error', param: null, code: 'invalid_api_key' },
    });
    expect(server.requests).toHaveLength(1);
  });

  it('validates the body as OpenAI does: JSON, model, messages, the word json for json_object', async () => {
    expect((await post('{not json')).status).toBe(400);
    expect((await post({ messages })).status).toBe(400);
    expect((await post({ model: 'm', messages: [] })).status).toBe(400);
    const noJsonWord = [{ role: 'user', content: 'Summarize this.' }];
    const { status, json } = await post({ model: 'm', messages: noJsonWord, response_format: { type: 'json_object' } });
    expect(status).toBe(400);
    expect(JSON.stringify(json)).toContain("must contain the word 'json'");
  });

  it('answers 404 for other paths', async () => {
    expect((await post({ model: 'm', messages }, 'sk-fake', '/completions')).status).toBe(404);
  });

  it('plays queued replies in order, then falls back to the default', async () => {
    server.respondWith([reply.rateLimited(7), reply.text('plain')]);
    const first = await post({ model: 'm', messages });
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('7');
    expect(first.json).toMatchObject({ error: { type: 'requests', code: 'rate_limit_exceeded' } });
    const second = await post({ model: 'm', messages });
    expect(second.json).toMatchObject({ choices: [{ message: { content: 'plain' } }] });
    const third = await post({ model: 'm', messages });
    expect(JSON.stringify(third.json)).toContain('Summary: Ports slow down');
  });

  it('answers a strict json_schema request with a reply that conforms to it: topics from its enum, a kind', async () => {
    const schema = replyJsonSchema(['economy', 'shipping', 'sports']);
    const article = `${ARTICLE_BEGIN}\nTitle: Shipping rates climb as the Red Sea stays closed\n\nShipping costs rose. The economy slows.\n${ARTICLE_END}`;
    const { status, json } = await post({
      model: 'm',
      messages: [
        { role: 'system', content: 'Write every field in English (BCP 47 tag en).' },
        { role: 'user', content: article },
      ],
      response_format: { type: 'json_schema', json_schema: schema },
    });
    expect(status).toBe(200);
    const content = JSON.parse((json.choices as Array<{ message: { content: string } }>)[0]?.message.content ?? '');
    expect(content).toMatchObject({ topics: ['economy', 'shipping'], entities: ['Red Sea'], kind: 'news' });
    expect(schemaViolation(content, schema.schema)).toBeNull();
  });

  it('reads the topic list from the prompt in JSON mode and judges a sponsored title filler', async () => {
    const { json } = await post({
      model: 'm',
      messages: [
        { role: 'system', content: systemPrompt('en', 'brief', ['travel', 'food']) },
        {
          role: 'user',
          content: `${ARTICLE_BEGIN}\nTitle: Sponsored: a Caribbean Cruise for two\n\nBook travel today.\n${ARTICLE_END}`,
        },
      ],
      response_format: { type: 'json_object' },
    });
    const content = JSON.parse((json.choices as Array<{ message: { content: string } }>)[0]?.message.content ?? '');
    expect(content).toMatchObject({ topics: ['travel'], entities: ['Caribbean Cruise'], kind: 'filler' });
  });

  it('refuses a strict schema OpenAI would refuse: a bad enum, an optional property, open objects', async () => {
    const schema = replyJsonSchema(['economy']).schema;
    const withTopics = (items: unknown) => ({
      ...schema,
      properties: { ...schema.properties, topics: { type: 'array', items } },
    });
    expect(strictSchemaProblem(schema)).toBeNull();
    expect(strictSchemaProblem(withTopics({ type: 'string', enum: ['economy', 3] }))).toMatch(/enum value 3/);
    expect(strictSchemaProblem(withTopics({ type: 'string', enum: [] }))).toMatch(/non-empty/);
    expect(strictSchemaProblem({ ...schema, required: ['headline'] })).toMatch(/Missing 'summary'/);
    expect(strictSchemaProblem({ ...schema, additionalProperties: true })).toMatch(/additionalProperties/);
    const bad = { name: 'herald_summary', strict: true, schema: withTopics({ type: 'string', enum: [1] }) };
    const { status, json } = await post({
      model: 'm',
      messages,
      response_format: { type: 'json_schema', json_schema: bad },
    });
    expect(status).toBe(400);
    expect(JSON.stringify(json)).toContain("Invalid schema for response_format 'herald_summary'");
    expect(schemaViolation({}, schema)).toMatch(/headline is missing/);
  });

  it('accepts a responder function', async () => {
    server.respondWith((request) => reply.text(`seen ${request.body?.model}`));
    const { json } = await post({ model: 'x', messages });
    expect(json).toMatchObject({ choices: [{ message: { content: 'seen x' } }] });
  });
});
