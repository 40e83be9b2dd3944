import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Deps } from '../../../src/deps.js';
import { UserError } from '../../../src/i18n/user-error.js';
import { pollFeed } from '../../../src/pipeline/poll/poll.js';
import { summarizeArticle } from '../../../src/pipeline/summarize/summarize.js';
import { summarizeUrl } from '../../../src/pipeline/use-cases/summarize-url.js';
import { type FeedServer, startFeedServer } from '../../fakes/feed-server.js';
import { articleFromRequest, type FakeOpenAiServer, startFakeOpenAiServer } from '../../fakes/openai-server.js';
import { databases, testDeps } from './harness.js';

const page = readFileSync(new URL('../../fixtures/articles/en-page.html', import.meta.url), 'utf8');
const GUILD = '710000000000000001';
const CHANNEL = '810000000000000001';

describe.each(databases)('teasers and /summarize on $name', (database) => {
  let openai: FakeOpenAiServer;
  let feeds: FeedServer;
  let db: { url: string; dispose(): Promise<void> };
  let deps: Deps;
  let clock = Date.parse('2025-03-04T10:00:00Z');

  beforeAll(async () => {
    openai = await startFakeOpenAiServer();
    feeds = await startFeedServer();
    feeds.setFeed('/tidal.html', { body: page, contentType: 'text/html; charset=utf-8' });
    feeds.setFeed('/empty.html', { body: '<html><body><p>Hi.</p></body></html>', contentType: 'text/html' });
    db = await database.open();
    deps = await testDeps(
      db.url,
      { OPENAI_API_KEY: openai.apiKey, OPENAI_BASE_URL: openai.baseURL, SUMMARIZE_URL_USER_LIMIT: '2' },
      { now: () => clock },
    );
  });
  afterAll(async () => {
    await deps?.store.close();
    await Promise.all([openai?.close(), feeds?.close()]);
    await db?.dispose();
  });
  beforeEach(() => {
    openai.requests.length = 0;
  });

  const sentArticle = (i = 0) => articleFromRequest(openai.requests[i]?.body ?? null);

  describe('teaser-only feeds', () => {
    it('summarizes the article extracted from the linked page, not the teaser', async () => {
      const now = clock;
      const feed = await deps.store.feeds.upsert({
        url: feeds.url('/teasers.xml'),
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
      feeds.setRss('/teasers.xml', { title: 'Teasers', link: 'https://coastal.example/', items: [] });
      await pollFeed(deps, feed.id);
      const teaser = (guid: string, link: string) => ({
        guid,
        title: `Tidal power ${guid}`,
        link,
        description: '<p>Porthaven switched on its first tidal power plant. Read more on our site.</p>',
      });
      feeds.setRss('/teasers.xml', {
        title: 'Teasers',
        link: 'https://coastal.example/',
        items: [teaser('1', feeds.url('/tidal.html')), teaser('2', feeds.url('/missing.html'))],
      });
      const outcome = await pollFeed(deps, feed.id);
      if (outcome.status !== 'polled') throw new Error('poll failed');
      const stored = await Promise.all(outcome.newArticleIds.map((id) => deps.store.articles.get(id)));
      const idOf = (guid: string): number => stored.find((a) => a?.guid === guid)?.id ?? -1;
      const [fromPage, fromTeaser] = [idOf('1'), idOf('2')];

      await summarizeArticle(deps, fromPage);
      const sent = sentArticle(0)?.text ?? '';
      expect(sent).toContain('Twelve turbines, each the size of a bus');
      expect(sent).toContain('Engineers will spend the next three months');
      expect(sent).not.toMatch(/Subscribe|Related|All rights reserved|figcaption|lowered into the channel/);

      // A page that cannot be fetched (404) leaves the teaser to summarize.
      await summarizeArticle(deps, fromTeaser);
      expect(sentArticle(1)?.text).toBe('Porthaven switched on its first tidal power plant. Read more on our site.');
      expect((await deps.store.articles.get(fromTeaser))?.state).toBe('summarized');
    });
  });

  describe('summarizeUrl', () => {
    const input = {
      guildId: '720000000000000001',
      userId: '730000000000000001',
      language: 'en',
      style: 'brief' as const,
    };

    it('fetches, extracts and summarizes a page, then serves the same story from the cache', async () => {
      const first = await summarizeUrl(deps, { ...input, url: feeds.url('/tidal.html#top') });
      expect(first).toMatchObject({ url: feeds.url('/tidal.html'), cached: false });
      expect(first.title).toContain('Harbour city opens its first tidal power plant');
      expect(first.summary.source).toBe('llm');
      expect(openai.requests).toHaveLength(1);

      const again = await summarizeUrl(deps, { ...input, userId: '730000000000000002', url: feeds.url('/tidal.html') });
      expect(again.cached).toBe(true);
      expect(again.summary.id).toBe(first.summary.id);
      expect(openai.requests).toHaveLength(1);
    });

    it('refuses a user over the limit, saying when to retry, and lets them in once the window passed', async () => {
      const user = { ...input, userId: '730000000000000009', url: feeds.url('/tidal.html') };
      await summarizeUrl(deps, user);
      const started = clock;
      clock += 60_000;
      await summarizeUrl(deps, user);
      const error = await summarizeUrl(deps, user).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UserError);
      expect((error as Error).message).toBe(
        `You can summarize 2 pages every 10 minutes. Try again <t:${Math.ceil((started + 600_000) / 1000)}:R>.`,
      );
      clock = started + 600_001;
      await expect(summarizeUrl(deps, user)).resolves.toMatchObject({ cached: true });
    });

    it('refuses a server over its hourly limit', async () => {
      const limited = await testDeps(
        db.url,
        { SUMMARIZE_URL_SERVER_LIMIT: '1' },
        { store: deps.store, now: () => clock },
      );
      const guild = { ...input, guildId: '720000000000000077', url: feeds.url('/tidal.html') };
      await summarizeUrl(limited, { ...guild, userId: '1' });
      await expect(summarizeUrl(limited, { ...guild, userId: '2' })).rejects.toThrow(
        /^This server can summarize 1 pages an hour\. Try again <t:\d+:R>\.$/,
      );
    });

    it('says so for a bad URL, a page without an article, and an unreachable page', async () => {
      const u = { ...input, userId: '730000000000000010' };
      await expect(summarizeUrl(deps, { ...u, url: 'not a url' })).rejects.toBeInstanceOf(UserError);
      await expect(summarizeUrl(deps, { ...u, url: 'ftp://x.example/a' })).rejects.toThrow(/Only http and https/);
      clock += 3_600_000;
      await expect(summarizeUrl(deps, { ...u, url: feeds.url('/empty.html') })).rejects.toThrow(/Found no article/);
      await expect(summarizeUrl(deps, { ...u, url: feeds.url('/missing.html') })).rejects.toThrow(/Could not fetch/);
      expect(openai.requests).toHaveLength(0);
    });
  });
});
