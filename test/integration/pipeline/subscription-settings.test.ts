import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../../src/deps.js';
import { createDiscordPublisher } from '../../../src/discord/publisher.js';
import { deliverChannel } from '../../../src/pipeline/deliver/deliver.js';
import { pollFeed } from '../../../src/pipeline/poll/poll.js';
import { summarizeArticle } from '../../../src/pipeline/summarize/summarize.js';
import { addTopicSubscription } from '../../../src/pipeline/summarize/topics.js';
import { subscribeToFeed } from '../../../src/pipeline/use-cases/subscriptions-admin.js';
import { type FeedServer, startFeedServer } from '../../fakes/feed-server.js';
import {
  defaultSummaryContent,
  type FakeOpenAiServer,
  reply,
  startFakeOpenAiServer,
} from '../../fakes/openai-server.js';
import { dwSeed } from '../../unit/summarize/fixtures.js';
import { databases, recordingPoster, testDeps } from '../summarize/harness.js';

const seed = dwSeed();
const old = { guid: 'urn:old', title: 'Old story', link: 'https://news.example/old', description: '<p>Old.</p>' };
const story = { guid: 'urn:a:1', title: seed.title, link: 'https://a.example/1', description: seed.html };
/** The same story again in the same feed: a re-published copy with its own title suffix and footer. */
const again = {
  guid: 'urn:a:2',
  title: `${seed.title}｜國際新聞`,
  link: 'https://a.example/2',
  description: `${seed.html}<p>本文由A新聞網轉載，版權所有。</p>`,
};
const GUILD = '700000000000000001';
const ZH = '800000000000000001';
const EN = '800000000000000002';
const OTHER_GUILD = '700000000000000002';
const TOPIC = '800000000000000003';

describe.each(databases)('settings per subscription on $name', (database) => {
  let openai: FakeOpenAiServer;
  let feeds: FeedServer;
  let db: { url: string; dispose(): Promise<void> };
  let deps: Deps;
  const poster = recordingPoster();

  beforeAll(async () => {
    openai = await startFakeOpenAiServer();
    feeds = await startFeedServer();
    db = await database.open();
    const env = { OPENAI_API_KEY: openai.apiKey, OPENAI_BASE_URL: openai.baseURL, OPENAI_MODEL: 'fake-model' };
    deps = await testDeps(db.url, env, { publisher: createDiscordPublisher({ poster }) });
    // Each summary's headline names the language it was asked for, so a post shows which summary it carries.
    openai.respondWith((request) => {
      const content = JSON.parse(defaultSummaryContent(request.body)) as { headline: string; language: string };
      return reply.text(JSON.stringify({ ...content, headline: `«${content.language}» ${content.headline}` }));
    });
  });
  afterAll(async () => {
    await deps?.store.close();
    await Promise.all([openai?.close(), feeds?.close()]);
    await db?.dispose();
  });

  const chats = () => openai.requests.filter((r) => r.path === '/v1/chat/completions').length;
  const postsIn = (channelId: string) => poster.posts.filter((p) => p.channelId === channelId);

  it('posts a story in each subscription’s language with one LLM call per language, and a copy costs none', async () => {
    const { store } = deps;
    const now = Date.now();
    feeds.setRss('/a.xml', { title: 'a', link: 'https://a.example/', items: [old] });
    const feed = await store.feeds.upsert({
      url: feeds.url('/a.xml'),
      title: 'a',
      siteLink: null,
      language: null,
      intervalSeconds: 600,
      nextPollAt: now,
    });
    // The server's own settings are neither: a server default that leaked would make a third summary.
    await store.guilds.put({ guildId: GUILD, language: 'source', style: 'standard' }, now);
    const base = { guildId: GUILD, feedId: feed.id, mentionRoleId: null, maxPerHour: null, channelType: 0 };
    await subscribeToFeed(deps, { ...base, channelId: ZH, language: 'zh-tw' });
    await subscribeToFeed(deps, { ...base, channelId: EN, language: 'en', layout: 'compact' });
    expect((await store.subscriptions.ofGuild(GUILD)).map((s) => [s.channelId, s.language, s.layout])).toEqual([
      [ZH, 'zh-TW', null],
      [EN, 'en', 'compact'],
    ]);
    expect(await pollFeed(deps, feed.id)).toMatchObject({ status: 'polled', newArticleIds: [] });

    feeds.setRss('/a.xml', { title: 'a', link: 'https://a.example/', items: [story, old] });
    const first = await pollFeed(deps, feed.id);
    if (first.status !== 'polled') throw new Error(`poll failed: ${first.status}`);
    expect(first.newArticleIds).toHaveLength(1);
    const { channelIds } = await summarizeArticle(deps, first.newArticleIds[0]!);
    expect(channelIds.sort()).toEqual([ZH, EN].sort());
    expect(chats()).toBe(2);

    for (const channelId of [ZH, EN]) expect(await deliverChannel(deps, channelId)).toMatchObject({ sent: 1 });
    const [zh] = postsIn(ZH);
    const [en] = postsIn(EN);
    expect(JSON.stringify(zh?.body)).toContain('«zh-TW»');
    expect(JSON.stringify(zh?.body)).not.toContain('«en»');
    expect(zh?.body.embeds).toHaveLength(1);
    expect(JSON.stringify(en?.body)).toContain('«en»');
    expect(JSON.stringify(en?.body)).not.toContain('«zh-TW»');
    // The English subscription's compact layout: one line, no embed.
    expect(en?.body.embeds ?? []).toHaveLength(0);

    // A second article of the same story reuses both summaries.
    feeds.setRss('/a.xml', { title: 'a', link: 'https://a.example/', items: [again, story, old] });
    const second = await pollFeed(deps, feed.id);
    if (second.status !== 'polled') throw new Error(`poll failed: ${second.status}`);
    expect(second.newArticleIds).toHaveLength(1);
    await summarizeArticle(deps, second.newArticleIds[0]!);
    const [a, b] = await Promise.all([first, second].map((p) => store.articles.get(p.newArticleIds[0]!)));
    expect(b?.storyKey).toBe(a?.storyKey);
    expect(chats()).toBe(2);
  });

  it('summarizes a waiting article in a subscription’s changed language when the deliver stage asks for it', async () => {
    const { store } = deps;
    const [zhSub] = (await store.subscriptions.ofGuild(GUILD)).filter((s) => s.channelId === ZH);
    // The copy of the story found by the second poll waits in both channels.
    const pending = await store.deliveries.pending(ZH, 10);
    expect(pending).toHaveLength(1);
    const articleId = pending[0]!.article.id;
    await store.subscriptions.configure(zhSub!.id, {
      mentionRoleId: null,
      maxPerHour: null,
      channelType: 0,
      language: 'zh-CN',
    });
    const waiting = await deliverChannel(deps, ZH);
    expect(waiting).toMatchObject({ waiting: true, summarize: [articleId] });
    await summarizeArticle(deps, articleId);
    expect(chats()).toBe(3);
    expect(await deliverChannel(deps, ZH)).toMatchObject({ sent: 1 });
    expect(JSON.stringify(postsIn(ZH).at(-1)?.body)).toContain('«zh-CN»');
    // The English channel still posts its copy in English from the summary made before.
    expect(await deliverChannel(deps, EN)).toMatchObject({ sent: 1 });
    expect(JSON.stringify(postsIn(EN).at(-1)?.body)).toContain('«en»');
    expect(chats()).toBe(3);
  });
  it('summarizes and posts a topic subscription’s match in its own language and style', async () => {
    const { store } = deps;
    const now = Date.now();
    feeds.setRss('/b.xml', { title: 'b', link: 'https://b.example/', items: [old] });
    const feed = await store.feeds.upsert({
      url: feeds.url('/b.xml'),
      title: 'b',
      siteLink: null,
      language: null,
      intervalSeconds: 600,
      nextPollAt: now,
    });
    await store.guilds.put({ guildId: OTHER_GUILD, language: 'zh-TW', style: 'standard' }, now);
    await subscribeToFeed(deps, {
      guildId: OTHER_GUILD,
      channelId: '800000000000000004',
      feedId: feed.id,
      mentionRoleId: null,
      maxPerHour: null,
      channelType: 0,
    });
    const topic = await addTopicSubscription(deps, {
      guildId: OTHER_GUILD,
      channelId: TOPIC,
      feedId: null,
      query: 'Blinken',
      mentionRoleId: null,
      language: 'ja',
      style: 'brief',
    });
    expect(topic).toMatchObject({ language: 'ja', style: 'brief', layout: null });
    expect(await pollFeed(deps, feed.id)).toMatchObject({ status: 'polled', newArticleIds: [] });

    const before = chats();
    const fresh = { guid: 'urn:b:1', title: 'Blinken meets Wang Yi in Beijing', link: 'https://b.example/1' };
    const item = { ...fresh, description: '<p>Blinken met Wang Yi for five hours. Both sides called it candid.</p>' };
    feeds.setRss('/b.xml', { title: 'b', link: 'https://b.example/', items: [item, old] });
    const polled = await pollFeed(deps, feed.id);
    if (polled.status !== 'polled') throw new Error(`poll failed: ${polled.status}`);
    const { channelIds } = await summarizeArticle(deps, polled.newArticleIds[0]!);
    expect(channelIds).toContain(TOPIC);
    // The server's zh-TW for its feed subscription, and the topic's own (ja, brief).
    expect(chats() - before).toBe(2);
    expect(await deliverChannel(deps, TOPIC)).toMatchObject({ sent: 1 });
    expect(JSON.stringify(postsIn(TOPIC).at(-1)?.body)).toContain('«ja»');
  });
});
