import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { articleText } from '../../../src/html/article-text.js';
import { createLlmSummarizer, type LlmSummarizerOptions } from '../../../src/summarize/llm.js';
import { LlmError } from '../../../src/summarize/llm-error.js';
import {
  ARTICLE_BEGIN,
  ARTICLE_END,
  PROMPT_VERSION,
  TOPIC_LIST_PREFIX,
  UNTRUSTED_NOTICE,
} from '../../../src/summarize/prompt.js';
import { DEFAULT_TOPICS } from '../../../src/summarize/topic-labels.js';
import { type FakeOpenAiServer, reply, startFakeOpenAiServer } from '../../fakes/openai-server.js';
import { dwSeed } from '../../unit/summarize/fixtures.js';

const article = { title: dwSeed().title, text: articleText(dwSeed().html), language: null };
const opts = { language: 'zh-TW', style: 'standard' } as const;
const good = {
  headline: '王毅與布林肯會談',
  summary: '美國國務卿布林肯週五在北京會晤中國外長王毅。',
  keyPoints: ['雙方談及台灣與南海議題。'],
  topics: ['politics', 'world'],
  entities: ['布林肯', '王毅'],
  entitiesInEnglish: ['Antony Blinken', 'Wang Yi'],
  language: 'zh-TW',
  kind: 'news' as const,
};

let server: FakeOpenAiServer;
beforeAll(async () => {
  server = await startFakeOpenAiServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.respondWith([]);
});

function llm(overrides: Partial<LlmSummarizerOptions> = {}) {
  return createLlmSummarizer({
    baseURL: server.baseURL,
    apiKey: server.apiKey,
    model: 'fake-model',
    timeoutMs: 2_000,
    maxRetries: 0,
    ...overrides,
  });
}

async function failure(promise: Promise<unknown>): Promise<LlmError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LlmError);
  return error as LlmError;
}

describe('structured output', () => {
  it('falls back to json_object once for a server that refuses json_schema, and stays there', async () => {
    const plain = await startFakeOpenAiServer({ jsonSchema: false });
    try {
      const summarizer = createLlmSummarizer({
        baseURL: plain.baseURL,
        apiKey: plain.apiKey,
        model: 'fake-model',
        timeoutMs: 2_000,
        maxRetries: 0,
      });
      plain.respondWith([reply.json(good), reply.json(good)]);
      expect((await summarizer.summarize(article, opts)).headline).toBe(good.headline);
      await summarizer.summarize(article, opts);
      expect(plain.requests.map((r) => r.body?.response_format?.type)).toEqual([
        'json_schema',
        'json_object',
        'json_object',
      ]);
    } finally {
      await plain.close();
    }
  });
});

describe('createLlmSummarizer against the fake OpenAI server', () => {
  it('turns a valid JSON reply into an LLM summary', async () => {
    server.respondWith([reply.json(good)]);
    const summary = await llm().summarize(article, opts);
    expect(summary).toEqual({ ...good, source: 'llm', model: 'fake-model' });
  });

  it('sends the article between the delimiters, JSON mode, and the do-not-follow-instructions rule', async () => {
    await llm().summarize(article, opts);
    const body = server.requests[0]?.body;
    expect(body?.model).toBe('fake-model');
    expect(body?.response_format?.type).toBe('json_schema');
    expect(body?.response_format?.json_schema?.name).toBe('herald_summary');
    const [system, user] = body?.messages ?? [];
    expect(system?.role).toBe('system');
    expect(system?.content).toContain(UNTRUSTED_NOTICE);
    expect(system?.content).toContain('zh-TW');
    const content = String(user?.content);
    const inside = content.slice(content.indexOf(ARTICLE_BEGIN) + ARTICLE_BEGIN.length, content.indexOf(ARTICLE_END));
    expect(inside).toContain(`Title: ${article.title}`);
    expect(inside).toContain(article.text);
  });

  it('bounds the article by the token budget, keeping the lead', async () => {
    await llm({ tokenBudget: 200 }).summarize(article, opts);
    const content = String(server.requests[0]?.body?.messages?.[1]?.content);
    expect(content).toContain('（德國之聲中文網）美國國務卿布林肯');
    expect(content).not.toContain('（綜合報導）');
    expect(content.length).toBeLessThan(article.text.length / 3);
  });

  it('retries once on invalid JSON and succeeds when the second reply is valid', async () => {
    server.respondWith([reply.text('not json at all'), reply.json(good)]);
    await expect(llm().summarize(article, opts)).resolves.toMatchObject({ headline: good.headline });
    expect(server.requests).toHaveLength(2);
  });

  it('gives up with invalid-output after exactly two unusable replies', async () => {
    server.respondWith([reply.text('{"headline": '), reply.json({ headline: 'no summary' })]);
    const error = await failure(llm().summarize(article, opts));
    expect(error.kind).toBe('invalid-output');
    expect(server.requests).toHaveLength(2);
  });

  it('asks for topics from the configured list (a schema enum and the prompt) and drops any other label', async () => {
    const topics = ['Diplomacy', 'Politics', 'Sports'];
    server.respondWith([reply.json({ ...good, topics: ['diplomacy', '中美關係', 'POLITICS', 'astrology'] })]);
    const summary = await llm({ topics }).summarize(article, opts);
    expect(summary.topics).toEqual(['Diplomacy', 'Politics']);
    const body = server.requests[0]?.body;
    const schema = body?.response_format?.json_schema?.schema as { properties: Record<string, unknown> };
    expect(schema.properties.topics).toEqual({ type: 'array', items: { type: 'string', enum: topics } });
    expect(schema.properties.kind).toEqual({ type: 'string', enum: ['news', 'filler'] });
    expect(String(body?.messages?.[0]?.content)).toContain(`${TOPIC_LIST_PREFIX}${JSON.stringify(topics)}`);
  });

  it('keeps topic labels as configured but puts entities in the requested script', async () => {
    server.respondWith([reply.json({ ...good, topics: ['台灣'], entities: ['美國國務院', '王毅'] })]);
    const summary = await llm({ topics: ['台灣', '政治'] }).summarize(article, { language: 'zh-CN', style: 'brief' });
    expect(summary.topics).toEqual(['台灣']);
    expect(summary.entities).toEqual(['美国国务院', '王毅']);
  });

  it('uses the default news sections without LLM_TOPICS, and the topic list is part of the cache variant', async () => {
    server.respondWith([reply.json(good)]);
    await llm().summarize(article, opts);
    const schema = server.requests[0]?.body?.response_format?.json_schema?.schema as {
      properties: { topics: { items: { enum: string[] } } };
    };
    expect(schema.properties.topics.items.enum).toEqual(DEFAULT_TOPICS);
    expect(llm().variant).toMatch(new RegExp(`^fake-model/${PROMPT_VERSION}/t[0-9a-f]{8}$`));
    expect(llm({ topics: [...DEFAULT_TOPICS] }).variant).toBe(llm().variant);
    expect(llm({ topics: ['chips'] }).variant).not.toBe(llm().variant);
  });

  it('asks again when an entity carries a mention, and gives up after a second unsafe reply', async () => {
    server.respondWith([reply.json({ ...good, entities: ['<@&123456789012345678>'] }), reply.json(good)]);
    await expect(llm().summarize(article, opts)).resolves.toMatchObject({ entities: good.entities });
    expect(server.requests).toHaveLength(2);
    server.respondWith([
      reply.json({ ...good, entities: ['<@&123456789012345678>'] }),
      reply.json({ ...good, entities: ['https://evil.example/'] }),
    ]);
    const error = await failure(llm().summarize(article, opts));
    expect(error.kind).toBe('invalid-output');
    expect(error.message).toMatch(/URL not in the article/);
  });

  it('returns the kind the model judged: filler for an advert, news when the model leaves it out', async () => {
    const { kind: _kind, ...withoutKind } = good;
    server.respondWith([reply.json({ ...good, kind: 'filler' }), reply.json(withoutKind)]);
    expect((await llm().summarize(article, opts)).kind).toBe('filler');
    expect((await llm().summarize(article, opts)).kind).toBe('news');
  });

  it('rejects output carrying a URL or @everyone the article does not contain', async () => {
    server.respondWith([
      reply.json({ ...good, summary: `${good.summary} 詳見 https://evil.example/x` }),
      reply.json({ ...good, keyPoints: ['@everyone 快看'] }),
    ]);
    const error = await failure(llm().summarize(article, opts));
    expect(error.kind).toBe('invalid-output');
    expect(error.message).toMatch(/mass mention/);
  });

  it('forces Traditional characters for zh-TW when the model answers in Simplified', async () => {
    server.respondWith([
      reply.json({ ...good, headline: '王毅与布林肯会谈', summary: '美国国务卿布林肯周五在北京会晤中国外长王毅。' }),
    ]);
    const summary = await llm().summarize(article, opts);
    expect(summary.headline).toBe('王毅與布林肯會談');
    expect(summary.summary).toBe('美國國務卿布林肯週五在北京會晤中國外長王毅。');
  });

  it('forces Simplified characters for zh-CN', async () => {
    server.respondWith([reply.json(good)]);
    const summary = await llm().summarize(article, { language: 'zh-CN', style: 'brief' });
    expect(summary.summary).toBe('美国国务卿布林肯周五在北京会晤中国外长王毅。');
    expect(summary.language).toBe('zh-CN');
  });

  it('maps 429 to rate-limited with the retry-after seconds', async () => {
    server.respondWith([reply.rateLimited(42)]);
    const error = await failure(llm().summarize(article, opts));
    expect(error.kind).toBe('rate-limited');
    expect(error.details.retryAfterSeconds).toBe(42);
  });

  it('does not let the SDK sleep through a long retry-after: one request, then rate-limited', async () => {
    server.respondWith([reply.rateLimited(3_600)]);
    const error = await failure(llm({ maxRetries: 2 }).summarize(article, opts));
    expect(error.details.retryAfterSeconds).toBe(3_600);
    expect(server.requests).toHaveLength(1);
  });

  it('lets the SDK retry a 500 within its retry budget', async () => {
    server.respondWith([{ ...reply.serverError(), headers: { 'retry-after-ms': '10' } }, reply.json(good)]);
    await expect(llm({ maxRetries: 1 }).summarize(article, opts)).resolves.toMatchObject({ source: 'llm' });
    expect(server.requests).toHaveLength(2);
  });

  it('maps 500 to unavailable', async () => {
    server.respondWith([reply.serverError()]);
    const error = await failure(llm().summarize(article, opts));
    expect(error.kind).toBe('unavailable');
    expect(error.details.status).toBe(500);
  });

  it('maps a reply slower than the timeout to unavailable', async () => {
    server.respondWith([reply.slow(5_000, reply.json(good))]);
    const error = await failure(llm({ timeoutMs: 200 }).summarize(article, opts));
    expect(error.kind).toBe('unavailable');
  });

  it('maps a wrong key to auth, without the key in the message', async () => {
    const error = await failure(llm({ apiKey: 'sk-wrong-secret' }).summarize(article, opts));
    expect(error.kind).toBe('auth');
    expect(error.message).not.toContain('sk-wrong-secret');
  });

  it('maps a refusal to refused', async () => {
    server.respondWith([{ content: '', refusal: 'I cannot help with that.' }]);
    const error = await failure(llm().summarize(article, opts));
    expect(error.kind).toBe('refused');
  });

  it('maps a connection failure to unavailable', async () => {
    const error = await failure(llm({ baseURL: 'http://127.0.0.1:9/v1' }).summarize(article, opts));
    expect(error.kind).toBe('unavailable');
  });
});
