import { PermissionFlagsBits as F } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverChannel } from '../../../src/pipeline/deliver/deliver.js';
import { summarizeArticle } from '../../../src/pipeline/summarize/summarize.js';
import type { FeedRow } from '../../../src/store/store.js';
import {
  type DiscordHarness,
  FORUM,
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

const STRIKE = {
  title: 'Dock workers end three-day strike at Kaohsiung port',
  text: 'Dock workers at the port of Kaohsiung returned to work on Thursday after a three-day strike over pay and night shifts, the port authority said. Union leaders accepted a wage rise of four percent and a cap on consecutive night shifts. Dozens of container ships waited offshore during the strike, and shipping lines warned of delays of up to a week. The port handles about a third of Taiwan’s container traffic.',
};

describe('one post per story in a channel', () => {
  let h: DiscordHarness;
  let clock = T0;
  const feeds: Record<string, FeedRow> = {};
  let keyCount = 0;

  beforeAll(async () => {
    // Server A's bot may make webhooks: its forum follows the outlets under their own names.
    const guilds = twoGuilds();
    guilds[0] = {
      ...guilds[0]!,
      botPermissions: F.ViewChannel | F.SendMessages | F.EmbedLinks | F.ReadMessageHistory | F.ManageWebhooks,
    };
    h = await startHarness({ now: () => clock, guilds });
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

  it('edits a post made under the subscription’s own name through its webhook, and posts anew when either is gone', async () => {
    for (const feed of Object.values(feeds)) {
      const sub = await h.deps.store.subscriptions.create(
        { guildId: GUILD_A, channelId: FORUM, feedId: feed.id, mentionRoleId: null },
        clock,
      );
      await h.deps.store.subscriptions.configure(sub.id, {
        mentionRoleId: null,
        maxPerHour: null,
        channelType: 15,
        webhook: { name: null, avatarUrl: null },
      });
    }
    const webhookEdits = () =>
      h.discord.requests.filter((r) => r.method === 'PATCH' && r.path.startsWith('/webhooks/'));
    await publish('AP', STRIKE);
    expect(await deliverChannel(h.deps, FORUM)).toMatchObject({ sent: 1 });
    const [thread] = h.discord.threads(FORUM);
    const [hook] = h.discord.webhooks(FORUM);
    expect(h.discord.messages(thread!.id)[0]?.webhook_id).toBe(hook?.id);

    // The forum post's first message is the webhook's: edited through it, in the post's thread.
    const channelEdits = edits().length;
    await publish('Reuters', { ...STRIKE, text: `${STRIKE.text} (Reuters)` });
    expect(await deliverChannel(h.deps, FORUM)).toMatchObject({ sent: 0, merged: 1 });
    expect(h.discord.threads(FORUM)).toHaveLength(1);
    expect(h.discord.messages(thread!.id)[0]?.embeds[0]?.fields?.at(-1)?.value).toContain('[Reuters]');
    expect(webhookEdits().map((r) => [r.path.split('/').at(-1), r.query, r.status])).toEqual([
      [thread!.id, `?thread_id=${thread!.id}`, 200],
    ]);
    expect(edits()).toHaveLength(channelEdits);

    // The webhook deleted (10015): its message is no longer Herald's to edit, and the copy makes a post of its own.
    h.discord.deleteWebhook(hook!.id);
    await publish('BBC', { ...STRIKE, text: `${STRIKE.text} (BBC)` });
    expect(await deliverChannel(h.deps, FORUM)).toMatchObject({ sent: 1 });
    const threads = h.discord.threads(FORUM);
    expect(threads).toHaveLength(2);
    expect(webhookEdits().map((r) => r.status)).toEqual([200, 404]);

    // The new post's message deleted (10008): the next copy is posted anew as well.
    const fresh = threads.find((t) => t.id !== thread!.id)!;
    h.discord.deleteMessage(fresh.id, fresh.id);
    await publish('DW 中文', { ...STRIKE, text: `${STRIKE.text} (DW)` });
    expect(await deliverChannel(h.deps, FORUM)).toMatchObject({ sent: 1 });
    expect(h.discord.threads(FORUM)).toHaveLength(3);
    expect(webhookEdits().map((r) => r.status)).toEqual([200, 404, 404]);
    expect(edits()).toHaveLength(channelEdits);
  });
});
