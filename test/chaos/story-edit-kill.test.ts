import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverChannel } from '../../src/pipeline/deliver/deliver.js';
import { summarizeArticle } from '../../src/pipeline/summarize/summarize.js';
import type { FeedRow } from '../../src/store/store.js';
import { APP, type DiscordHarness, GUILD_A, NEWS, startHarness, T0, TOKEN } from '../support/discord-harness.js';

const CHILD = fileURLToPath(new URL('../fixtures/deliver-channel.ts', import.meta.url));
const TEXTS = [
  'Parliament passed the long-debated climate bill on Thursday after a late-night session, setting a binding target to cut emissions by 55 percent by 2030. The opposition walked out before the vote, calling the costs for industry too high. The government said the first measures would take effect next spring and promised support for households.',
  'The central bank raised its key interest rate by a quarter point on Wednesday, the third increase this year, citing stubborn inflation in services and rents. Economists had expected the move. The governor said further increases were possible if wages kept rising faster than productivity.',
];

/**
 * A worker killed with SIGKILL while it edits a story's post to add a later copy (the edit reached Discord, or did
 * not): the job run again leaves one post, edited to name the copy once, and the copy recorded as merged.
 */
describe('a worker killed during a story post’s edit', () => {
  let h: DiscordHarness;
  const feeds: FeedRow[] = [];
  let n = 0;

  beforeAll(async () => {
    h = await startHarness();
    for (const name of ['AP', 'Reuters', 'BBC']) {
      feeds.push(await h.feed(`https://${name.toLowerCase()}.example/feed.xml`, name, [[GUILD_A, NEWS]]));
    }
  }, 30_000);
  afterAll(async () => {
    await h?.close();
  });

  async function publish(feed: FeedRow, title: string, text: string): Promise<number> {
    const key = `k${++n}`;
    const link = `${new URL(feed.url).origin}/${key}`;
    const item = { key, guid: key, title, link, publishedAt: T0, author: null, imageUrl: null, categories: [] };
    const [row] = await h.deps.store.articles.insert(feed.id, [{ ...item, contentText: text }], 'new', h.deps.now());
    if (!row) throw new Error('not stored');
    await summarizeArticle(h.deps, row.id);
    return row.id;
  }

  /** Runs the deliver stage in a child process and kills it when its edit of the story's post reaches Discord. */
  async function killDuringEdit(applied: boolean): Promise<void> {
    const hung = h.discord.hangNext('PATCH /channels/*/messages/*', applied);
    const url = h.deps.config.DATABASE_URL ?? '';
    const child: ChildProcess = spawn(
      process.execPath,
      ['--import', 'tsx', CHILD, url, h.discord.apiUrl, TOKEN, APP, NEWS],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    await hung;
    child.kill('SIGKILL');
    await exited;
  }

  it.each([
    ['after the edit took effect', true],
    ['before the edit took effect', false],
  ])(
    'leaves one post, edited once, when killed %s',
    async (_when, applied) => {
      const [title, text] = applied
        ? ['Climate bill passes parliament', TEXTS[0] ?? '']
        : ['Central bank raises interest rate again', TEXTS[1] ?? ''];
      const first = await publish(feeds[0]!, title, text);
      expect(await deliverChannel(h.deps, NEWS)).toMatchObject({ sent: 1 });
      const post = h.discord.messages(NEWS).at(-1);
      const copy = await publish(feeds[1]!, title, `${text} (Reuters)`);
      const key = (await h.deps.store.articles.get(first))?.storyKey;
      expect((await h.deps.store.articles.get(copy))?.storyKey).toBe(key);

      await killDuringEdit(applied);
      const count = h.discord.messages(NEWS).length;
      expect(await deliverChannel(h.deps, NEWS)).toMatchObject({ sent: 0, merged: 1 });
      expect(h.discord.messages(NEWS)).toHaveLength(count);
      const edited = h.discord.messages(NEWS).find((m) => m.id === post?.id);
      expect(edited?.embeds[0]?.fields).toEqual([
        { name: 'Also reported by', value: `[Reuters](https://reuters.example/k${n})` },
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
