import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMBED_LIMITS, type MessageBody, renderPost } from '../../../src/discord/render.js';
import { createLlmSummarizer, type LlmSummarizer } from '../../../src/summarize/llm.js';
import { stripControlChars } from '../../../src/text/control.js';
import { type FakeOpenAiServer, reply, startFakeOpenAiServer } from '../../fakes/openai-server.js';
import { markdownHazards, visibleText } from '../../support/discord-markdown.js';
import { hostileText } from '../../support/hostile-text.js';

let server: FakeOpenAiServer;
let llm: LlmSummarizer;
beforeAll(async () => {
  server = await startFakeOpenAiServer();
  llm = createLlmSummarizer({
    baseURL: server.baseURL,
    apiKey: server.apiKey,
    model: 'fake-model',
    timeoutMs: 5_000,
    maxRetries: 0,
    // The whole hostile article is shown to the model, so every number of the reply is in what it saw.
    tokenBudget: 1_000_000,
  });
});
afterAll(() => server.close());

type Embed = NonNullable<MessageBody['embeds']>[number];
const asWritten = (text: string) => stripControlChars(text).replace(/([@<])\u200b/g, '$1');
const oneLine = (text: string) => asWritten(text).replace(/\s+/g, ' ').trim();

function expectShown(shown: string, expected: string): void {
  const seen = visibleText(shown);
  if (seen === expected) return;
  expect(seen.endsWith('…')).toBe(true);
  expect(expected.startsWith(visibleText(shown.slice(0, -1)))).toBe(true);
}

/** Text the validation lets through: it refuses `@everyone`/`@here` whatever the article says, so those are left out. */
const passing = (maxPieces?: number) =>
  hostileText(maxPieces).map((text) => text.replace(/@+(?=(?:everyone|here)\b)/giu, ''));
/** At most the 200 UTF-16 code units the reply schema allows for a headline, never splitting a surrogate pair. */
const headlineOf = (text: string) => {
  let out = '';
  for (const char of `Headline ${text}`) {
    if (out.length + char.length > 200) break;
    out += char;
  }
  return out;
};

describe('LLM replies that pass validation, as rendered for Discord', () => {
  it('show a hostile headline, summary and key points as written, inert and within the limits', async () => {
    await fc.assert(
      fc.asyncProperty(passing(20), passing(), passing(12), async (head, body, point) => {
        const fields = { headline: headlineOf(head), summary: `Summary ${body}`, keyPoints: [`Point ${point}`] };
        // Every field of the reply is in the article, so no link, mention or markup in it is the model's invention.
        const article = { title: fields.headline, text: `${fields.summary}\n\n${fields.keyPoints[0]}`, language: 'en' };
        server.respondWith([reply.json({ ...fields, topics: [], entities: [], language: 'en-US', kind: 'news' })]);
        const summary = await llm.summarize(article, { language: 'en-US', style: 'standard' });
        expect(summary.source).toBe('llm');
        const post = renderPost({
          article: { title: fields.headline, link: 'https://news.example/a', imageUrl: null, publishedAt: null },
          feed: { title: 'Example News', url: 'https://news.example/feed' },
          summary,
          mentionRoleIds: [],
        });
        const embed = post.embeds?.[0] as Embed;
        const title = embed.title ?? '';
        const description = embed.description ?? '';
        expect(title.length).toBeLessThanOrEqual(EMBED_LIMITS.title);
        expect(description.length).toBeLessThanOrEqual(EMBED_LIMITS.description);
        expect(markdownHazards(title)).toEqual([]);
        expect(markdownHazards(description)).toEqual([]);
        expect(post.allowed_mentions).toEqual({ parse: [], roles: [] });
        expectShown(title, oneLine(fields.headline));
        const points = fields.keyPoints.map((p) => p.trim()).filter(Boolean);
        const text = asWritten(fields.summary.trim());
        const shownPoints = points.map((p) => `• ${oneLine(p)}`).join('\n');
        expectShown(description, shownPoints ? `${text}\n\n${shownPoints}` : text);
      }),
      { numRuns: 60 },
    );
  });
});
