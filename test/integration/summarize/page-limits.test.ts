import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../../src/deps.js';
import { renderUserError } from '../../../src/discord/user-error.js';
import { PAGE_LIMITS } from '../../../src/html/page-limits.js';
import { messages } from '../../../src/i18n/messages.js';
import { UserError } from '../../../src/i18n/user-error.js';
import { createLogger } from '../../../src/log.js';
import { pollFeed } from '../../../src/pipeline/poll/poll.js';
import { summarizeArticle } from '../../../src/pipeline/summarize/summarize.js';
import { summarizeUrl } from '../../../src/pipeline/use-cases/summarize-url.js';
import { type FeedServer, startFeedServer } from '../../fakes/feed-server.js';
import { articleFromRequest, type FakeOpenAiServer, startFakeOpenAiServer } from '../../fakes/openai-server.js';
import { metricTotal } from '../../support/metric-total.js';
import { databases, testDeps } from './harness.js';

const GUILD = '710000000000000002';
const CHANNEL = '810000000000000002';
const TEASER = 'Porthaven switched on its first tidal power plant. Read more on our site.';
const PARAGRAPH =
  '<p>Twelve turbines, each the size of a bus, were lowered into the channel over the summer months.</p>';

/** An article page whose body is nested `depth` `<div>`s deep: seconds to minutes of Readability past 1,000. */
function nestedPage(depth: number): string {
  return `<html><head><title>Tidal power</title></head><body>${'<div>'.repeat(depth)}${PARAGRAPH.repeat(8)}${'</div>'.repeat(depth)}</body></html>`;
}

describe.each(databases)('pages over the page limits on $name', (database) => {
  let openai: FakeOpenAiServer;
  let pages: FeedServer;
  let db: { url: string; dispose(): Promise<void> };
  let deps: Deps;
  const logLines: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    openai = await startFakeOpenAiServer();
    pages = await startFeedServer();
    pages.setFeed('/deep.html', { body: nestedPage(5000), contentType: 'text/html; charset=utf-8' });
    db = await database.open();
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) logLines.push(JSON.parse(line));
        done();
      },
    });
    deps = await testDeps(
      db.url,
      { OPENAI_API_KEY: openai.apiKey, OPENAI_BASE_URL: openai.baseURL },
      { log: createLogger('info', sink) },
    );
  });
  afterAll(async () => {
    await deps?.store.close();
    await Promise.all([openai?.close(), pages?.close()]);
    await db?.dispose();
  });

  it('summarizes a teaser from the feed’s own text when its page is nested 5,000 deep, and records why', async () => {
    const now = deps.now();
    const feed = await deps.store.feeds.upsert({
      url: pages.url('/teasers.xml'),
      title: 'Teasers',
      siteLink: null,
      language: null,
      intervalSeconds: 600,
      nextPollAt: now,
    });
    await deps.store.subscriptions.create(
      { guildId: GUILD, channelId: CHANNEL, feedId: feed.id, mentionRoleId: null },
      now,
    );
    pages.setRss('/teasers.xml', { title: 'Teasers', link: 'https://coastal.example/', items: [] });
    await pollFeed(deps, feed.id);
    pages.setRss('/teasers.xml', {
      title: 'Teasers',
      link: 'https://coastal.example/',
      items: [{ guid: 'deep', title: 'Tidal power', link: pages.url('/deep.html'), description: `<p>${TEASER}</p>` }],
    });
    const outcome = await pollFeed(deps, feed.id);
    if (outcome.status !== 'polled') throw new Error('poll failed');
    const [articleId] = outcome.newArticleIds;
    if (articleId === undefined) throw new Error('no new article');

    const started = performance.now();
    await summarizeArticle(deps, articleId);
    expect(performance.now() - started).toBeLessThan(PAGE_LIMITS.timeoutMs);

    expect(pages.requests.some((r) => r.path === '/deep.html')).toBe(true);
    expect(articleFromRequest(openai.requests[0]?.body ?? null)?.text).toBe(TEASER);
    expect((await deps.store.articles.get(articleId))?.state).toBe('summarized');
    expect(logLines).toContainEqual(
      expect.objectContaining({
        msg: 'article page not read; summarizing the teaser',
        articleId,
        reason: 'too-deep',
        limit: PAGE_LIMITS.maxDepth,
      }),
    );
    const metrics = await deps.metrics.registry.metrics();
    expect(metricTotal(metrics, 'herald_page_refusals_total', { reason: 'too-deep' })).toBe(1);
  }, 60_000);

  it('tells a /summarize url member, in their language, that the page is nested too deep', async () => {
    const input = {
      guildId: '720000000000000002',
      userId: '730000000000000002',
      language: 'en',
      style: 'brief' as const,
    };
    const url = pages.url('/deep.html');
    const started = performance.now();
    const error = await summarizeUrl(deps, { ...input, url }).catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(PAGE_LIMITS.timeoutMs);
    expect(error).toBeInstanceOf(UserError);
    expect(renderUserError(error as UserError, messages('zh-TW'))).toBe(
      `Herald 沒有讀取 ${url}：它的 HTML 巢狀超過 ${PAGE_LIMITS.maxDepth} 層，遠超過文章頁面所需。`,
    );
    const metrics = await deps.metrics.registry.metrics();
    expect(metricTotal(metrics, 'herald_page_refusals_total', { reason: 'too-deep' })).toBe(2);
  }, 60_000);
});
