import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { articleText } from '../../../src/html/article-text.js';
import { createLlmSummarizer } from '../../../src/summarize/llm.js';
import { LlmError } from '../../../src/summarize/llm-error.js';
import { createSummarizer, type SummarizerLog } from '../../../src/summarize/summarizer.js';
import { type FakeOpenAiServer, reply, startFakeOpenAiServer } from '../../fakes/openai-server.js';
import { dwSeed, englishArticle } from '../../unit/summarize/fixtures.js';

const zh = { title: dwSeed().title, text: articleText(dwSeed().html), language: 'zh' };
const en = { title: englishArticle().title, text: articleText(englishArticle().html), language: 'en' };

function recordingLog(): SummarizerLog & { entries: Array<{ fields: Record<string, unknown>; message: string }> } {
  const entries: Array<{ fields: Record<string, unknown>; message: string }> = [];
  return { entries, warn: (fields, message) => entries.push({ fields, message }) };
}

let server: FakeOpenAiServer;
beforeAll(async () => {
  server = await startFakeOpenAiServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.respondWith([]);
});

const llm = () =>
  createLlmSummarizer({
    baseURL: server.baseURL,
    apiKey: server.apiKey,
    model: 'fake-model',
    timeoutMs: 2_000,
    maxRetries: 0,
  });

describe('createSummarizer with an LLM', () => {
  it("returns the LLM's summary (the fake's default derives it from the request)", async () => {
    const summarizer = createSummarizer({ llm: llm(), log: recordingLog() });
    const summary = await summarizer.summarize(zh, { language: 'zh-TW', style: 'standard' });
    expect(summary).toMatchObject({
      headline: `Summary: ${zh.title}`,
      source: 'llm',
      model: 'fake-model',
      language: 'zh-TW',
    });
  });

  it("resolves 'source' to the detected article language before asking the model", async () => {
    const summary = await createSummarizer({ llm: llm(), log: recordingLog() }).summarize(zh, {
      language: 'source',
      style: 'brief',
    });
    expect(summary.language).toBe('zh-TW');
    expect(String(server.requests[0]?.body?.messages?.[0]?.content)).toContain('BCP 47 tag zh-TW');
  });

  it('falls back to the extractive summary on an LLM error and logs the kind, never the key', async () => {
    server.respondWith([reply.serverError()]);
    const log = recordingLog();
    const summary = await createSummarizer({ llm: llm(), log }).summarize(en, { language: 'en', style: 'standard' });
    expect(summary).toMatchObject({ source: 'extractive', model: null, headline: en.title });
    expect(log.entries).toHaveLength(1);
    expect(log.entries[0]?.fields).toMatchObject({ kind: 'unavailable', model: 'fake-model' });
    expect(JSON.stringify(log.entries)).not.toContain(server.apiKey);
  });

  it('logs through a pino logger: the kind and status as fields, the key nowhere', async () => {
    server.respondWith([reply.rateLimited(5)]);
    let output = '';
    const sink = new Writable({
      write(chunk, _encoding, done) {
        output += String(chunk);
        done();
      },
    });
    const summarizer = createSummarizer({ llm: llm(), log: pino({ level: 'warn' }, sink) });
    await summarizer.summarize(en, { language: 'en', style: 'brief' });
    const line = JSON.parse(output.trim()) as Record<string, unknown>;
    expect(line).toMatchObject({ kind: 'rate-limited', status: 429, retryAfterSeconds: 5 });
    expect(output).not.toContain(server.apiKey);
  });

  it('throws a transient failure when the caller would rather wait for the LLM', async () => {
    server.respondWith([reply.rateLimited(30)]);
    const summarizer = createSummarizer({ llm: llm(), log: recordingLog() });
    const error = await summarizer.summarize(en, { language: 'en', style: 'brief', waitForLlm: true }).catch((e) => e);
    expect(error).toBeInstanceOf(LlmError);
    expect(error).toMatchObject({ kind: 'rate-limited', details: { retryAfterSeconds: 30 } });
  });

  it('falls back even when waiting if the failure is not transient', async () => {
    server.respondWith([reply.text('nope'), reply.text('still nope')]);
    const summary = await createSummarizer({ llm: llm(), log: recordingLog() }).summarize(en, {
      language: 'en',
      style: 'brief',
      waitForLlm: true,
    });
    expect(summary.source).toBe('extractive');
  });
});

describe('createSummarizer without an LLM', () => {
  const summarizer = createSummarizer({ llm: null, log: recordingLog() });

  it('summarizes extractively in the source language', async () => {
    const summary = await summarizer.summarize(zh, { language: 'source', style: 'brief' });
    expect(summary).toMatchObject({ source: 'extractive', language: 'zh-TW' });
    expect(summary.summary.startsWith('（德國之聲中文網）')).toBe(true);
  });

  it('converts the script when only the script differs (Traditional article, zh-CN server)', async () => {
    const summary = await summarizer.summarize(zh, { language: 'zh-CN', style: 'standard' });
    expect(summary.language).toBe('zh-CN');
    expect(summary.headline).toBe('王毅称中美关系企稳 布林肯强调外交「面对面」');
    expect(summary.summary.startsWith('（德国之声中文网）美国国务卿布林肯')).toBe(true);
  });

  it('keeps the source language when it cannot translate (English article, zh-TW server)', async () => {
    const summary = await summarizer.summarize(en, { language: 'zh-TW', style: 'standard' });
    expect(summary.language).toBe('en');
    expect(summary.summary.startsWith('European ports handled 3.5 million')).toBe(true);
  });

  it('labels a same-language summary with the requested regional tag', async () => {
    const summary = await summarizer.summarize(en, { language: 'en-GB', style: 'brief' });
    expect(summary.language).toBe('en-GB');
  });
});
