/**
 * Summaries bench: `npx tsx bench/summarize.ts` (quick) or `BENCH_FULL=1 npx tsx bench/summarize.ts`.
 * Over test/fixtures/articles, prints the LLM input tokens per article against the budget, the LLM calls per unique
 * story when every story arrives three times (another script, another outlet's title and footer, a re-publication)
 * through the fake OpenAI server, and the extractive summarizer's throughput.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { loadConfig } from '../src/config.js';
import { articleText } from '../src/html/article-text.js';
import { extractArticle } from '../src/html/readable.js';
import { storyFingerprint } from '../src/pipeline/stories/story-key.js';
import { ensureSummary } from '../src/pipeline/summarize/summaries.js';
import { createStoreMeter } from '../src/pipeline/summarize/summarize-setup.js';
import { createSqliteStore } from '../src/store/sqlite.js';
import { extractiveSummary } from '../src/summarize/extractive.js';
import { createLlmSummarizer } from '../src/summarize/llm.js';
import { articleMessage, systemPrompt } from '../src/summarize/prompt.js';
import { createSummarizer } from '../src/summarize/summarizer.js';
import { estimateTokens, fitToTokenBudget } from '../src/summarize/token-budget.js';
import { toScript } from '../src/text/zh-script.js';
import { startFakeOpenAiServer } from '../test/fakes/openai-server.js';

const FULL = process.env.BENCH_FULL === '1';
const BUDGET = Number(process.env.BENCH_TOKEN_BUDGET ?? 3000);
const dir = new URL('../test/fixtures/articles/', import.meta.url);

interface Article {
  name: string;
  title: string;
  text: string;
}

function load(name: string): Article {
  const raw = readFileSync(new URL(name, dir), 'utf8');
  if (name.endsWith('.md')) {
    return {
      name,
      title: /^\[([^\]]+)\]/m.exec(raw)?.[1] ?? name,
      text: articleText(raw.slice(raw.indexOf('\n------\n') + 8)),
    };
  }
  if (/^<!doctype/i.test(raw.trim())) {
    const page = extractArticle(raw);
    return { name, title: page?.title ?? name, text: page?.text ?? '' };
  }
  const h1 = /<h1>([\s\S]*?)<\/h1>/i.exec(raw);
  const title = h1?.[1]?.trim() ?? 'European ports lose traffic as ships avoid the Red Sea';
  return { name, title, text: articleText(raw.replace(/<h1>[\s\S]*?<\/h1>/i, '')) };
}

const articles = readdirSync(dir)
  .filter((f) => /\.(md|html)$/.test(f))
  .sort()
  .map(load);

const quantile = (sorted: number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;

// 1. Input tokens per article (system prompt + delimited article, after the budget cut).
process.stdout.write(`LLM input tokens per article (budget for the article text: ${BUDGET})\n`);
const sent: number[] = [];
for (const a of articles) {
  const raw = estimateTokens(a.text);
  const input = estimateTokens(
    systemPrompt('zh-TW', 'standard') + articleMessage(a.title, fitToTokenBudget(a.text, BUDGET)),
  );
  sent.push(input);
  process.stdout.write(
    `  ${a.name.padEnd(22)} article ${String(raw).padStart(5)}  request ${String(input).padStart(5)}\n`,
  );
}
const sorted = [...sent].sort((x, y) => x - y);
process.stdout.write(
  `  median ${quantile(sorted, 0.5)}  p95 ${quantile(sorted, 0.95)}  max ${sorted.at(-1)}  (max/budget ${((sorted.at(-1) ?? 0) / BUDGET).toFixed(2)})\n\n`,
);

// 2. LLM calls per unique story through the fake OpenAI server.
const server = await startFakeOpenAiServer();
const store = createSqliteStore(':memory:');
await store.migrate();
const now = Date.now;
const meter = createStoreMeter(store.usage, now);
const llm = createLlmSummarizer({ baseURL: server.baseURL, apiKey: server.apiKey, model: 'fake-model', meter });
const deps = {
  store,
  now,
  config: loadConfig({}),
  summarizer: createSummarizer({ llm, log: { warn: () => undefined }, meter }),
};
const copies = (a: Article): Array<{ title: string; contentText: string; storyKey: null }> => {
  // The Chinese copy in the other script: Simplified for these Traditional fixtures (and a no-op for Simplified ones).
  const other = (s: string): string => toScript(s, 'zh-CN');
  return [
    { title: a.title, contentText: a.text, storyKey: null },
    { title: `${other(a.title)} | Wire`, contentText: `${other(a.text)}\n\n(Reuters)`, storyKey: null },
    { title: a.title, contentText: `${a.text}\n\nThis article was first published yesterday.`, storyKey: null },
  ];
};
let arrivals = 0;
for (const a of articles) {
  for (const copy of copies(a)) {
    arrivals++;
    await ensureSummary(deps, copy, 'zh-TW', 'standard');
  }
}
const calls = server.requests.length;
process.stdout.write(
  `LLM calls: ${calls} for ${arrivals} arrivals of ${articles.length} stories = ${(calls / articles.length).toFixed(2)} per unique story\n\n`,
);
await store.close();
await server.close();

// 3. Extractive throughput, and the story fingerprint's cost beside it.
const seconds = FULL ? 10 : 1;
const rate = (fn: (a: Article) => unknown): number => {
  let done = 0;
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    for (const a of articles) fn(a);
    done += articles.length;
  }
  return done / seconds;
};
for (const a of articles) extractiveSummary({ title: a.title, text: a.text, language: null }, 'standard');
const extractive = rate((a) => extractiveSummary({ title: a.title, text: a.text, language: null }, 'standard'));
const fingerprint = rate((a) => storyFingerprint({ title: a.title, contentText: a.text }));
process.stdout.write(`extractive summaries: ${extractive.toFixed(0)} articles/s (${seconds} s run)\n`);
process.stdout.write(
  `story fingerprints (MinHash, 128 hashes): ${fingerprint.toFixed(0)} articles/s, ${(fingerprint / extractive).toFixed(1)}x the extractive rate\n`,
);
