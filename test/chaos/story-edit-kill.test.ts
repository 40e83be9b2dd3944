import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverChannel } from '../../src/pipeline/deliver/deliver.js';
import type { FeedRow } from '../../src/store/store.js';
import { type FakeOpenAiServer, startFakeOpenAiServer } from '../fakes/openai-server.js';
import { APP, type DiscordHarness, GUILD_A, NEWS, startHarness, TOKEN } from '../support/discord-harness.js';

const CHILD = fileURLToPath(new URL('../fixtures/deliver-channel.ts', import.meta.url));
const CLIMATE = {
  title: 'Climate bill passes parliament',
  text: 'Parliament passed the long-debated climate bill on Thursday after a late-night session, setting a binding target to cut emissions by 55 percent by 2030. The opposition walked out before the vote, calling the costs for industry too high. The government said the first measures would take effect next spring and promised support for households.',
};
/** An English report and a Chinese one of a typhoon: two story keys, linked by their entities' English names. */
const TYPHOON = {
  title: 'Typhoon makes landfall in southeastern Taiwan',
  text: "A strong typhoon made landfall near Taitung in southeastern Taiwan on Friday, the Central Weather Administration said, bringing torrential rain to the east coast. Schools and offices closed in Taitung and Kaohsiung, and more than 2,000 people were moved from villages at risk of landslides. The storm is expected to cross the island's central mountains overnight.",
};
const TYPHOON_ZH = {
  title: '颱風週五登陸台東',
  text: '中央氣象署表示，強烈颱風週五在台東附近登陸，台灣東半部出現豪雨。台東與高雄停班停課，逾2000人因土石流風險撤離。預計颱風將在夜間穿越中央山脈。',
};

describe('a worker killed during a story post’s edit', () => {
  let h: DiscordHarness;
  const feeds: FeedRow[] = [];
  let n = 0;
  let openai: FakeOpenAiServer;

  beforeAll(async () => {
    // The LLM (the fake) gives each summary its entities' English names, which link a Chinese report to its story.
    openai = await startFakeOpenAiServer();
    h = await startHarness({
      env: { OPENAI_API_KEY: openai.apiKey, OPENAI_BASE_URL: openai.baseURL, OPENAI_MODEL: 'fake-model' },
    });
    for (const name of ['AP', 'Reuters', 'DW']) {
      feeds.push(await h.feed(`https://${name.toLowerCase()}.example/feed.xml`, name, [[GUILD_A, NEWS]]));
    }
  }, 30_000);
  afterAll(async () => {
    await h?.close();
    await openai?.close();
  });

  async function publish(feed: FeedRow, title: string, text: string): Promise<number> {
    const key = `k${++n}`;
    const link = `${new URL(feed.url).origin}/${key}`;
    return h.article(feed.id, { key, guid: key, link, title, contentText: text, story: null });
  }

  /** Runs the deliver stage in a child process and kills it when its edit of the story's post reaches Discord. */
  async function killDuringEdit(applied: boolean): Promise<void> {
    const hung = h.discord.hangNext('PATCH /channels/*/messages/*', applied);
    const url = h.deps.config.DATABASE_URL ?? '';
    const child: ChildProcess = spawn(
      process.execPath,
      ['--import', 'tsx', CHILD, url, h.discord.apiUrl, TOKEN, APP, NEWS, openai.baseURL, openai.apiKey],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    await hung;
    child.kill('SIGKILL');
    await exited;
  }

  it.each([
    ['after the edit took effect, adding a copy', true, CLIMATE, { ...CLIMATE, text: `${CLIMATE.text} (Reuters)` }],
    ['before the edit took effect, adding a Chinese report', false, TYPHOON, TYPHOON_ZH],
  ])(
    'leaves one post, edited once, when killed %s',
    async (_when, applied, story, copyOf) => {
      const outlet = applied ? feeds[1]! : feeds[2]!;
      const first = await publish(feeds[0]!, story.title, story.text);
      expect(await deliverChannel(h.deps, NEWS)).toMatchObject({ sent: 1 });
      const post = h.discord.messages(NEWS).at(-1);
      const copy = await publish(outlet, copyOf.title, copyOf.text);
      const key = (await h.deps.store.articles.get(first))?.storyKey;
      const copyKey = (await h.deps.store.articles.get(copy))?.storyKey ?? '';
      expect(await h.deps.store.stories.storyIdOf(copyKey)).toBe(key);

      await killDuringEdit(applied);
      const count = h.discord.messages(NEWS).length;
      expect(await deliverChannel(h.deps, NEWS)).toMatchObject({ sent: 0, merged: 1 });
      expect(h.discord.messages(NEWS)).toHaveLength(count);
      const edited = h.discord.messages(NEWS).find((m) => m.id === post?.id);
      expect(edited?.embeds[0]?.fields).toEqual([
        { name: 'Also reported by', value: `[${outlet.title}](${new URL(outlet.url).origin}/k${n})` },
      ]);
      expect((await h.deps.store.deliveries.ofArticle(copy))[0]).toMatchObject({
        state: 'skipped',
        error: `merged: ${post?.id}`,
      });
      expect(
        await h.deps.store.storyPosts.ofDelivery((await h.deps.store.deliveries.ofArticle(first))[0]!.id),
      ).toMatchObject({ storyKey: key });
    },
    60_000,
  );
});
