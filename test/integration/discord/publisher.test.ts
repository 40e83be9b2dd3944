import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ArticlePublication, Publisher } from '../../../src/ports/publisher.js';
import type { ArticleRow } from '../../../src/store/store.js';
import {
  type DiscordHarness,
  FORUM,
  GUILD_A,
  NEWS,
  SPORTS,
  startHarness,
  twoGuilds,
} from '../../support/discord-harness.js';
import { testSummary } from '../../support/summary.js';

const ANNOUNCEMENTS = '1300000000000000004';

let h: DiscordHarness;
let publisher: Publisher;

beforeEach(async () => {
  const guilds = twoGuilds();
  guilds[0]!.channels.push({ id: ANNOUNCEMENTS, name: 'announcements', type: 5 });
  h = await startHarness({ guilds });
  publisher = h.deps.publisher!;
});
afterEach(async () => {
  await h.close();
});

const article = (n: number): ArticleRow => ({
  id: n,
  feedId: 1,
  itemKey: `g:${n}`,
  guid: String(n),
  title: `Harbour news ${n}`,
  link: `https://news.example/${n}`,
  publishedAt: Date.UTC(2026, 0, 5),
  author: null,
  imageUrl: null,
  contentText: 'The harbour reopened.',
  categories: [],
  state: 'summarized',
  storyKey: `story-${n}`,
  createdAt: 0,
});
const summary = testSummary('The harbour reopens', { summary: 'The harbour reopened on Monday.' });
const feed = { id: 1, title: 'A News', url: 'https://a.example/feed', siteLink: null };

/** Delivery `deliveryId` of article 1 to `channelId`, a channel of the kind `channelType` (null: not recorded). */
const publication = (
  channelId: string,
  channelType: number | null,
  deliveryId: number,
  earlierAttemptAt: number | null = null,
): ArticlePublication => ({
  destination: { guildId: GUILD_A, channelId, channelType },
  attempt: { deliveryId, earlierAttemptAt },
  article: article(1),
  feed,
  summary,
  mentionRoleIds: [],
  layout: 'full',
});

describe('the Discord publisher', () => {
  it('posts a message in text and announcement channels, once per delivery, and starts a post in a forum', async () => {
    const first = await publisher.publishArticle(publication(NEWS, 0, 1));
    const [message] = h.discord.messages(NEWS);
    expect(first).toEqual({ status: 'delivered', messageId: message?.id });
    expect(message?.embeds[0]?.title).toBe('The harbour reopens');
    // Another try of the same delivery carries the same nonce: Discord answers with the first message.
    expect(await publisher.publishArticle(publication(NEWS, null, 1, Date.now()))).toEqual(first);
    expect(h.discord.messages(NEWS)).toHaveLength(1);

    const announced = await publisher.publishArticle(publication(ANNOUNCEMENTS, 5, 2));
    expect(announced).toEqual({ status: 'delivered', messageId: h.discord.messages(ANNOUNCEMENTS)[0]?.id });

    const forum = await publisher.publishArticle(publication(FORUM, 15, 3));
    const threads = h.discord.threads(FORUM);
    expect(threads.map((t) => t.name)).toEqual(['The harbour reopens']);
    expect(forum).toEqual({ status: 'delivered', messageId: threads[0]?.id });
    expect(h.discord.messages(FORUM)).toEqual([]);
  });

  it('answers what Discord said: a lost channel with why, a refused body, an outage to retry', async () => {
    h.discord.setChannelAccess(SPORTS, 'missing-access');
    expect(await publisher.publishArticle(publication(SPORTS, 0, 1))).toMatchObject({
      status: 'destination-lost',
      reason: 'missing-access',
    });
    h.discord.setChannelAccess(SPORTS, 'missing-permissions');
    expect(await publisher.publishArticle(publication(SPORTS, 0, 2))).toMatchObject({
      status: 'destination-lost',
      reason: 'missing-permissions',
    });
    h.discord.deleteChannel(SPORTS);
    expect(await publisher.publishArticle(publication(SPORTS, 0, 3))).toMatchObject({
      status: 'destination-lost',
      reason: 'channel-deleted',
    });

    h.discord.failNext('POST /channels/*/messages', 400, 1);
    expect(await publisher.publishArticle(publication(NEWS, 0, 4))).toMatchObject({ status: 'rejected' });
    // The REST client's first try and its 3 retries.
    h.discord.failNext('POST /channels/*/messages', 503, 4);
    expect(await publisher.publishArticle(publication(NEWS, 0, 5))).toMatchObject({ status: 'retry-later' });
    expect(h.discord.messages(NEWS)).toEqual([]);
  });

  it('writes a roundup and a disable notice in the server’s language', async () => {
    const roundup = await publisher.publishRoundup({
      destination: { guildId: GUILD_A, channelId: NEWS, channelType: 0 },
      attempt: { deliveryId: 1, earlierAttemptAt: null },
      articles: [article(1), article(2)],
      feed,
      topic: null,
      language: 'zh-TW',
    });
    expect(roundup.status).toBe('delivered');
    expect(h.discord.messages(NEWS)[0]?.embeds[0]?.title).toBe('A News 的另外 2 則報導');

    await publisher.announceFeedDisabled({
      guildId: GUILD_A,
      channelId: SPORTS,
      feed: { id: 7, url: 'https://a.example/feed', title: 'A News', lastError: null },
      disabledAt: 1,
      failures: 11,
      language: 'zh-CN',
    });
    expect(h.discord.messages(SPORTS).map((m) => m.content)).toEqual([
      [
        'Herald 已停止检查来源 **A News** (<https://a.example/feed>)：它连续失败了 11 次。',
        '最后的错误：未知。',
        '在拥有“管理服务器”权限的人运行 `/feed retry feed:7` 之前，这里不会发布它的任何内容。',
      ].join('\n'),
    ]);
  });
});
