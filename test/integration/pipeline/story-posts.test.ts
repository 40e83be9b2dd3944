import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverChannel } from '../../../src/pipeline/deliver/deliver.js';
import { summarizeArticle } from '../../../src/pipeline/summarize/summarize.js';
import type { FeedRow } from '../../../src/store/store.js';
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
} from '../../support/discord-harness.js';

const HOUR = 3_600_000;
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

  beforeAll(async () => {
    h = await startHarness({ now: () => clock });
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
  });

  /** Stores one article of `outlet` as a poll would and runs the summarize stage (real story matching) on it. */
  async function publish(outlet: string, story: { title: string; text: string }): Promise<number> {
    const feed = feeds[outlet];
    if (!feed) throw new Error(`no feed ${outlet}`);
    const key = `item-${++keyCount}`;
    const host = new URL(feed.url).host;
    const [row] = await h.deps.store.articles.insert(
      feed.id,
      [
        {
          key,
          guid: key,
          title: story.title,
          link: `https://${host}/news/${key}`,
          publishedAt: clock,
          author: null,
          imageUrl: null,
          contentText: story.text,
          categories: [],
        },
      ],
      'new',
      clock,
    );
    if (!row) throw new Error('article not stored');
    await summarizeArticle(h.deps, row.id);
    return row.id;
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

    // A Traditional Chinese rewrite and a Simplified copy of it. Today's matcher pairs the two scripts but not the
    // languages: the Chinese copies make one post of their own. With a cross-language matcher they join the AP post.
    const tw = await publish('DW 中文', QUAKE_TW);
    const cn = await publish('联合早报', QUAKE_CN);
    expect(await storyKey(cn)).toBe(await storyKey(tw));
    expect(await deliverChannel(h.deps, NEWS)).toMatchObject({ sent: 1, merged: 1 });
    expect(posts(NEWS)).toHaveLength(2);
    expect(posts(NEWS)[1]?.embeds[0]?.fields?.[0]?.value).toBe('[联合早报](https://zaobao.example/news/item-4)');

    // The same outlet again adds nothing; a different story of the same day is its own post.
    await publish('Reuters', { ...QUAKE_EN_COPY, title: `${QUAKE_EN.title} (update)` });
    await publish('AP', METRO);
    const before = edits().length;
    expect(await deliverChannel(h.deps, NEWS)).toMatchObject({ sent: 1, merged: 1 });
    expect(posts(NEWS)).toHaveLength(3);
    expect(posts(NEWS)[0]?.embeds[0]?.fields?.[0]?.value).toBe('[Reuters](https://reuters.example/news/item-2)');
    expect(edits().length).toBe(before + 1);
    // Nothing is left to do: a second run changes nothing.
    expect(await deliverChannel(h.deps, NEWS)).toEqual({ sent: 0, failed: 0, waiting: false });
    expect(edits().length).toBe(before + 1);

    // A server that turned it off gets every copy.
    await h.deps.store.storyPosts.configureGuild(GUILD_B, { perStory: false });
    expect(await deliverChannel(h.deps, OTHER_NEWS)).toMatchObject({ sent: 6 });
  });

  it('posts a copy anew when the story’s post was deleted, and past the window', async () => {
    const [apPost] = posts(NEWS);
    if (!apPost) throw new Error('no post');
    h.discord.deleteMessage(NEWS, apPost.id);
    const bbc = await publish('BBC', QUAKE_EN_COPY);
    expect(await deliverChannel(h.deps, NEWS)).toMatchObject({ sent: 1 });
    const fresh = posts(NEWS).at(-1);
    expect(fresh?.embeds[0]?.url).toBe('https://bbc.example/news/item-7');
    // The new post starts afresh: it names no outlet yet.
    expect(fresh?.embeds[0]?.fields ?? []).toEqual([]);
    expect((await deliveryIn(bbc, NEWS))?.state).toBe('sent');

    clock += 49 * HOUR;
    await publish('AP', QUAKE_EN);
    expect(await deliverChannel(h.deps, NEWS)).toMatchObject({ sent: 1 });
    expect(posts(NEWS).at(-1)?.embeds[0]?.url).toBe('https://ap.example/news/item-8');
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
});
