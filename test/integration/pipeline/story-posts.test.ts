import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderCoverage, storyIds } from '../../../src/discord/story-post.js';
import { messages } from '../../../src/i18n/messages.js';
import { deliverChannel } from '../../../src/pipeline/deliver/deliver.js';
import { storyCoverage, storyCoverageOfLink } from '../../../src/pipeline/use-cases/stories.js';
import type { FeedRow } from '../../../src/store/store.js';
import { type FakeOpenAiServer, startFakeOpenAiServer } from '../../fakes/openai-server.js';
import {
  type DiscordHarness,
  GUILD_A,
  GUILD_B,
  NEWS,
  OTHER_NEWS,
  ROLE_A,
  SPORTS,
  startHarness,
  T0,
  twoGuilds,
} from '../../support/discord-harness.js';

const HOUR = 3_600_000;
/** A channel of server A that follows a topic, no feed. */
const TOPICS = '1300000000000000004';
const QUAKE_EN = {
  title: 'Magnitude 6.1 earthquake strikes off eastern Taiwan',
  text: "A magnitude 6.1 earthquake struck off the eastern coast of Taiwan on Tuesday morning, the island's Central Weather Administration said. The quake was centred in the sea about 30 kilometres east of Hualien at a depth of 15 kilometres. Buildings swayed in the capital Taipei, but there were no immediate reports of damage or casualties. Train services along the east coast were briefly suspended for safety checks. Taiwan sits near the junction of two tectonic plates and is regularly hit by earthquakes.",
};
/** The same wire copy as a second outlet runs it, with its own credit line. */
const QUAKE_EN_COPY = {
  ...QUAKE_EN,
  text: `${QUAKE_EN.text}\n(Reporting by Ben Blanchard; Editing by Stephen Coates)`,
};
const QUAKE_TW = {
  title: '台灣東部外海發生規模6.1地震',
  text: '中央氣象署表示，台灣東部外海週二上午發生規模6.1地震，震央位於花蓮東方約30公里的海域，深度15公里。台北的建築物明顯搖晃，但目前沒有傳出災情或傷亡。東部沿線的火車一度暫停行駛，進行安全檢查。台灣位於兩個板塊交界處，經常發生地震。',
};
const QUAKE_CN = {
  title: '台湾东部外海发生规模6.1地震',
  text: '中央气象署表示，台湾东部外海周二上午发生规模6.1地震，震央位于花莲东方约30公里的海域，深度15公里。台北的建筑物明显摇晃，但目前没有传出灾情或伤亡。东部沿线的火车一度暂停行驶，进行安全检查。台湾位于两个板块交界处，经常发生地震。',
};
/** Another quake the same day, off another county: the same country and agency, a different magnitude. */
const QUAKE_YILAN = {
  title: '宜蘭外海規模5.2地震 北部有感',
  text: '中央氣象署指出，宜蘭外海週二下午發生規模5.2地震，震源深度約20公里。台北及台灣北部多地有感，暫無災情傳出。氣象署提醒民眾，未來一週仍可能有規模4以上餘震。',
};
/** A later quake, in English and in Chinese, for the topic subscription. */
const QUAKE_TAITUNG = {
  title: 'Magnitude 5.4 earthquake shakes Taitung in southeastern Taiwan',
  text: 'A magnitude 5.4 earthquake shook Taitung county in southeastern Taiwan on Thursday evening, the Central Weather Administration said. The quake struck at a depth of 10 kilometres near the coast. Shops in Taitung city lost power for an hour and a few rockfalls closed a mountain road, but no injuries were reported.',
};
const QUAKE_TAITUNG_ZH = {
  title: '台東規模5.4地震 山區道路落石',
  text: '中央氣象署表示，台東縣週四晚間發生規模5.4地震，震源深度10公里。台東市區停電約一小時，山區道路因落石封閉，台灣各地暫無傷亡報告。',
};
const METRO = {
  title: 'Taipei council approves budget for new metro line',
  text: 'Taipei city council on Tuesday approved the budget for a new metro line linking the eastern districts with the airport. Construction is due to start next year and the line should open by the end of the decade, the city government said. Council members argued for hours over the cost and the route before the vote.',
};
const TYPHOON = {
  title: 'Typhoon forces schools and offices to close in southern Taiwan',
  text: 'Schools and offices across southern Taiwan closed on Wednesday as a strong typhoon approached the coast, bringing heavy rain and winds that toppled trees in Kaohsiung. Thousands of people were moved from low-lying villages, and domestic flights were cancelled. Forecasters said the storm would weaken as it crossed the mountains.',
};

describe('one post per story in a channel', () => {
  let h: DiscordHarness;
  let clock = T0;
  const feeds: Record<string, FeedRow> = {};
  let keyCount = 0;
  let openai: FakeOpenAiServer;

  beforeAll(async () => {
    // The LLM (the fake) gives each summary the English names of its entities: they link the Chinese reports.
    openai = await startFakeOpenAiServer();
    const guilds = twoGuilds().map((g) =>
      g.id === GUILD_A ? { ...g, channels: [...(g.channels ?? []), { id: TOPICS, name: 'quakes', type: 0 }] } : g,
    );
    h = await startHarness({
      guilds,
      now: () => clock,
      env: { OPENAI_API_KEY: openai.apiKey, OPENAI_BASE_URL: openai.baseURL, OPENAI_MODEL: 'fake-model' },
    });
    for (const [name, host] of [
      ['AP', 'ap.example'],
      ['Reuters', 'reuters.example'],
      ['DW 中文', 'dw.example'],
      ['联合早报', 'zaobao.example'],
      ['BBC', 'bbc.example'],
    ] as const) {
      feeds[name] = await h.feed(`https://${host}/feed.xml`, name, [
        [GUILD_A, NEWS],
        [GUILD_A, SPORTS],
        [GUILD_B, OTHER_NEWS],
      ]);
    }
  }, 30_000);
  afterAll(async () => {
    await h?.close();
    await openai?.close();
  });

  /** Stores one article of `outlet` as a poll would and runs the summarize stage (real story matching) on it. */
  async function publish(outlet: string, story: { title: string; text: string }): Promise<number> {
    const feed = feeds[outlet];
    if (!feed) throw new Error(`no feed ${outlet}`);
    const key = `item-${++keyCount}`;
    const link = `https://${new URL(feed.url).host}/news/${key}`;
    const item = { key, guid: key, link, title: story.title, contentText: story.text, publishedAt: clock };
    return h.article(feed.id, { ...item, story: null });
  }
  const posts = (channelId: string) => h.discord.messages(channelId);
  const edits = () => h.discord.requests.filter((r) => r.method === 'PATCH' && r.path.startsWith('/channels/'));
  const storyKey = async (articleId: number) => (await h.deps.store.articles.get(articleId))?.storyKey;
  const deliveryIn = async (articleId: number, channelId: string) =>
    (await h.deps.store.deliveries.ofArticle(articleId)).find((d) => d.channelId === channelId);

  it('posts the first copy, edits it to name each later outlet once, and posts a different story apart', async () => {
    const ap = await publish('AP', QUAKE_EN);
    expect(await deliverChannel(h.deps, NEWS)).toMatchObject({ sent: 1 });
    const [post] = posts(NEWS);
    expect(post?.components).toEqual([
      {
        type: 1,
        components: [{ type: 2, style: 2, label: 'All coverage', custom_id: `story:coverage:${await storyKey(ap)}` }],
      },
    ]);

    // The same wire copy in a second outlet: matched by today's matcher.
    const reuters = await publish('Reuters', QUAKE_EN_COPY);
    expect(await storyKey(reuters)).toBe(await storyKey(ap));
    expect(await deliverChannel(h.deps, NEWS)).toMatchObject({ sent: 0, merged: 1 });
    expect(posts(NEWS)).toHaveLength(1);
    expect(posts(NEWS)[0]?.embeds[0]?.fields).toEqual([
      { name: 'Also reported by', value: `[Reuters](https://reuters.example/news/item-2)` },
    ]);
    expect(posts(NEWS)[0]?.edited_timestamp).not.toBeNull();
    expect(await deliveryIn(reuters, NEWS)).toMatchObject({ state: 'skipped', error: `merged: ${post?.id}` });

    // A Traditional Chinese rewrite and a Simplified copy of it: a story of their own (their own summaries), linked
    // to the English one by their entities' English names. They join the AP post, which names each outlet once.
    const tw = await publish('DW 中文', QUAKE_TW);
    const cn = await publish('联合早报', QUAKE_CN);
    expect(await storyKey(cn)).toBe(await storyKey(tw));
    expect(await storyKey(tw)).not.toBe(await storyKey(ap));
    expect(await h.deps.store.stories.storyIdOf((await storyKey(tw)) ?? '')).toBe(await storyKey(ap));
    expect(await deliverChannel(h.deps, NEWS)).toMatchObject({ sent: 0, merged: 2 });
    expect(posts(NEWS)).toHaveLength(1);
    const allThree =
      '[Reuters](https://reuters.example/news/item-2) · [DW 中文](https://dw.example/news/item-3) · [联合早报](https://zaobao.example/news/item-4)';
    expect(posts(NEWS)[0]?.embeds[0]?.fields).toEqual([{ name: 'Also reported by', value: allThree }]);
    expect(await deliveryIn(cn, NEWS)).toMatchObject({ state: 'skipped', error: `merged: ${post?.id}` });

    // The same outlet again adds nothing; different stories of the same day are posts of their own: another quake
    // (the same country and agency, another magnitude) and a council vote.
    await publish('Reuters', { ...QUAKE_EN_COPY, title: `${QUAKE_EN.title} (update)` });
    const yilan = await publish('DW 中文', QUAKE_YILAN);
    await publish('AP', METRO);
    expect(await h.deps.store.stories.storyIdOf((await storyKey(yilan)) ?? '')).toBe(await storyKey(yilan));
    const before = edits().length;
    expect(await deliverChannel(h.deps, NEWS)).toMatchObject({ sent: 2, merged: 1 });
    expect(posts(NEWS)).toHaveLength(3);
    expect(posts(NEWS)[0]?.embeds[0]?.fields?.[0]?.value).toBe(allThree);
    expect(posts(NEWS).map((m) => m.embeds[0]?.url)).toEqual([
      'https://ap.example/news/item-1',
      'https://dw.example/news/item-6',
      'https://ap.example/news/item-7',
    ]);
    expect(edits().length).toBe(before + 1);
    // Nothing is left to do: a second run changes nothing.
    expect(await deliverChannel(h.deps, NEWS)).toEqual({ sent: 0, failed: 0, waiting: false });
    expect(edits().length).toBe(before + 1);

    // A server that turned it off gets every copy.
    await h.deps.store.storyPosts.configureGuild(GUILD_B, { perStory: false });
    expect(await deliverChannel(h.deps, OTHER_NEWS)).toMatchObject({ sent: 7 });
  });

  it('lists every report in “All coverage”, the linked reports in other languages included, with time and language', async () => {
    const [post] = posts(NEWS);
    const [row] = (post?.components ?? []) as Array<{ components: Array<{ custom_id: string }> }>;
    const { key } = storyIds.parse(row?.components[0]?.custom_id ?? '').data;
    const reports = await storyCoverage(h.deps, GUILD_A, key);
    expect(reports.map((r) => [r.feedTitle, r.link, r.language])).toEqual([
      ['AP', 'https://ap.example/news/item-1', 'en'],
      ['Reuters', 'https://reuters.example/news/item-2', 'en'],
      // The Simplified copy shares the Traditional rewrite's story and summaries, not its language.
      ['DW 中文', 'https://dw.example/news/item-3', 'zh-TW'],
      ['联合早报', 'https://zaobao.example/news/item-4', 'zh-CN'],
      ['Reuters', 'https://reuters.example/news/item-5', 'en'],
    ]);
    // The same from any report's address, the Chinese one's included.
    expect(await storyCoverageOfLink(h.deps, GUILD_A, 'https://zaobao.example/news/item-4')).toEqual(reports);
    const text = renderCoverage(reports, messages('en-US'));
    expect(text.split('\n')).toHaveLength(6);
    expect(text).toContain(
      `• <t:${T0 / 1000}:f> · \`zh-CN\` · **联合早报**: [台湾东部外海发生规模6.1地震](<https://zaobao.example/news/item-4>)`,
    );
  });

  it('posts a copy anew when the story’s post was deleted, and past the window', async () => {
    const [apPost] = posts(NEWS);
    if (!apPost) throw new Error('no post');
    h.discord.deleteMessage(NEWS, apPost.id);
    const bbc = await publish('BBC', QUAKE_EN_COPY);
    expect(await deliverChannel(h.deps, NEWS)).toMatchObject({ sent: 1 });
    const fresh = posts(NEWS).at(-1);
    expect(fresh?.embeds[0]?.url).toBe('https://bbc.example/news/item-8');
    // The new post starts afresh: it names no outlet yet.
    expect(fresh?.embeds[0]?.fields ?? []).toEqual([]);
    expect((await deliveryIn(bbc, NEWS))?.state).toBe('sent');

    clock += 49 * HOUR;
    await publish('AP', QUAKE_EN);
    expect(await deliverChannel(h.deps, NEWS)).toMatchObject({ sent: 1 });
    expect(posts(NEWS).at(-1)?.embeds[0]?.url).toBe('https://ap.example/news/item-9');
  });

  it('replies to a story’s post once with the role when the story reaches N outlets within M minutes', async () => {
    const [apSub] = (await h.deps.store.subscriptions.ofGuild(GUILD_A)).filter(
      (s) => s.channelId === SPORTS && s.feedId === feeds.AP?.id,
    );
    if (!apSub) throw new Error('no subscription');
    await h.deps.store.storyPosts.configureSubscription(apSub.id, {
      alert: { roleId: ROLE_A, outlets: 3, minutes: 30 },
    });
    // SPORTS has its own story posts: its earlier copies went out there too (posted and merged).
    await deliverChannel(h.deps, SPORTS);
    const start = posts(SPORTS).length;

    await publish('AP', TYPHOON);
    clock += 10 * 60_000;
    await publish('Reuters', { ...TYPHOON, text: `${TYPHOON.text} (Reuters)` });
    expect(await deliverChannel(h.deps, SPORTS)).toMatchObject({ sent: 1, merged: 1 });
    expect(posts(SPORTS)).toHaveLength(start + 1);
    clock += 15 * 60_000;
    await publish('BBC', { ...TYPHOON, text: `${TYPHOON.text} (BBC)` });
    expect(await deliverChannel(h.deps, SPORTS)).toMatchObject({ merged: 1 });
    const story = posts(SPORTS)[start];
    const alert = posts(SPORTS).at(-1);
    expect(posts(SPORTS)).toHaveLength(start + 2);
    expect(alert?.message_reference?.message_id).toBe(story?.id);
    expect(alert?.mention_roles).toEqual([ROLE_A]);
    expect(alert?.content).toBe(`<@&${ROLE_A}> Breaking: 3 outlets reported this story within 30 minutes.`);

    // A fourth outlet: the post is edited, the alert is not sent again.
    await publish('DW 中文', { ...TYPHOON, text: `${TYPHOON.text} (DW)` });
    expect(await deliverChannel(h.deps, SPORTS)).toMatchObject({ merged: 1 });
    expect(posts(SPORTS)).toHaveLength(start + 2);
    expect(posts(SPORTS)[start]?.embeds[0]?.fields?.[0]?.value).toContain('[DW 中文]');
  });

  it('makes one post per story for a topic subscription too', async () => {
    await h.deps.store.topics.upsert(
      { guildId: GUILD_A, channelId: TOPICS, feedId: null, query: 'earthquake OR 地震', mentionRoleId: null },
      clock,
    );
    clock += HOUR;
    const ap = await publish('AP', QUAKE_TAITUNG);
    await publish('Reuters', { ...QUAKE_TAITUNG, text: `${QUAKE_TAITUNG.text}\n(Reporting by Yimou Lee)` });
    const dw = await publish('DW 中文', QUAKE_TAITUNG_ZH);
    expect(await storyKey(dw)).not.toBe(await storyKey(ap));
    expect((await deliveryIn(dw, TOPICS))?.topicSubscriptionId).not.toBeNull();
    expect(await deliverChannel(h.deps, TOPICS)).toMatchObject({ sent: 1, merged: 2 });
    expect(posts(TOPICS)).toHaveLength(1);
    expect(posts(TOPICS)[0]?.embeds[0]?.url).toBe(`https://ap.example/news/item-${keyCount - 2}`);
    expect(posts(TOPICS)[0]?.embeds[0]?.fields).toEqual([
      {
        name: 'Also reported by',
        value: `[Reuters](https://reuters.example/news/item-${keyCount - 1}) · [DW 中文](https://dw.example/news/item-${keyCount})`,
      },
    ]);
  });
});
