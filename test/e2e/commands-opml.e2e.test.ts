import { Routes } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRest } from '../../src/discord/poster.js';
import { parseOpml } from '../../src/feeds/opml.js';
import { UPLOAD_LIMITS } from '../fakes/discord/index.js';
import { type FakeRssItem, type FeedServer, startFeedServer } from '../fakes/feed-server.js';
import {
  ADMIN,
  type DiscordHarness,
  GUILD_A,
  GUILD_B,
  MANAGE_GUILD,
  MEMBER,
  NEWS,
  OTHER_NEWS,
  startHarness,
  TOKEN,
} from '../support/discord-harness.js';
import { waitFor } from '../support/wait.js';

let h: DiscordHarness;
let feeds: FeedServer;
const admin = { userId: ADMIN, memberPermissions: MANAGE_GUILD };

const items = (site: string): FakeRssItem[] =>
  [1, 2, 3].map((n) => ({
    guid: `${site}-${n}`,
    title: `${site} story ${n}`,
    link: `https://${site}.example/${n}`,
    pubDate: new Date(Date.UTC(2026, 0, n)).toUTCString(),
    description: `Story ${n} of ${site}.`,
  }));

beforeAll(async () => {
  h = await startHarness({ bot: true });
  feeds = await startFeedServer();
  for (const site of ['one', 'two', 'three']) {
    feeds.setRss(`/${site}.xml`, { title: `${site} News`, link: `https://${site}.example/`, items: items(site) });
  }
  await h.feed('https://a.example/feed', 'A News', [[GUILD_A, NEWS]]);
  await h.feed('https://b.example/feed', 'B Secret News', [[GUILD_B, OTHER_NEWS]]);
});
afterAll(async () => {
  await h?.close();
  await feeds?.close();
});

/** An OPML file as a reader exports it: categories, a feed this channel follows already, a dead one, a bad one. */
function readerExport(): string {
  const outline = (title: string, url: string) =>
    `<outline type="rss" text="${title}" title="${title}" xmlUrl="${url}"/>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0">
  <head><title>Subscriptions from Inoreader [https://www.inoreader.com]</title></head>
  <body>
    <outline text="News" title="News">
      ${outline('One News', feeds.url('/one.xml'))}
      ${outline('Two &amp; More', feeds.url('/two.xml'))}
      ${outline('A News', 'https://a.example/feed')}
    </outline>
    <outline text="Later" title="Later">
      ${outline('Three News', feeds.url('/three.xml'))}
      ${outline('One News again', feeds.url('/one.xml'))}
      ${outline('Gone', feeds.url('/gone.xml'))}
      ${outline('Script', 'javascript:alert(1)')}
    </outline>
  </body>
</opml>`;
}

/** Sends `/feed import` with the file attached and resolves with its final answer (not a progress edit). */
async function runImport(content: string, input: { memberPermissions?: bigint; userId?: string } = admin) {
  const file = h.discord.upload({ filename: 'subscriptions.opml', content, contentType: 'text/x-opml' });
  const { id, first } = await h.interact({
    ...input,
    commandName: 'feed',
    options: [{ type: 1, name: 'import', options: [{ type: 11, name: 'file', value: file.id }] }],
    attachments: [file],
  });
  expect(first.delayMs).toBeLessThan(3000);
  const answer = await waitFor(`the final answer to ${id}`, () => {
    const last = h.discord.interactionResponses(id).at(-1);
    const body = last?.body as { content?: string; data?: { content?: string } } | undefined;
    const text = body?.content ?? body?.data?.content;
    return text !== undefined && !text.startsWith('Importing feeds') ? text : undefined;
  });
  return { first, content: answer };
}

describe('/feed import', () => {
  it('follows each feed of the file in the channel without posting what they already published', async () => {
    const { first, content } = await runImport(readerExport());
    expect(first.callbackType).toBe(5);
    expect(first.ephemeral).toBe(true);
    const lines = content.split('\n');
    expect(lines[0]).toBe(
      `<#${NEWS}> now follows **3** more feeds (1 already followed). What they published before now is not posted; their new stories will be.`,
    );
    expect(lines[1]).toBe('**2** could not be added:');
    expect(lines[2]).toBe('• javascript:alert(1) — only http and https feeds are supported, not javascript');
    expect(lines[3]).toMatch(new RegExp(`^• Could not add ${feeds.url('/gone.xml')}: .*404`));
    expect(lines).toHaveLength(4);

    const subs = (await h.deps.store.subscriptions.ofGuild(GUILD_A)).filter((s) => s.channelId === NEWS);
    expect(subs.map((s) => s.feedUrl).sort()).toEqual(
      ['https://a.example/feed', feeds.url('/one.xml'), feeds.url('/three.xml'), feeds.url('/two.xml')].sort(),
    );
    for (const sub of subs.filter((s) => s.feedUrl.startsWith(feeds.url('/')))) {
      const stored = await h.deps.store.articles.latest(sub.feedId, 10);
      expect(stored.map((a) => a.state)).toEqual(['seen', 'seen', 'seen']);
      expect((await h.deps.store.feeds.get(sub.feedId))?.lastPolledAt).not.toBeNull();
    }
    expect(await h.deps.store.deliveries.pending(NEWS, 10)).toEqual([]);
    expect(h.discord.messages(NEWS)).toEqual([]);
    // Each feed was fetched once, the repeated one included; the feed Herald already knew was not fetched.
    const fetched = feeds.requests.map((r) => r.path).sort();
    expect(fetched).toEqual(['/gone.xml', '/one.xml', '/three.xml', '/two.xml']);
  });

  it('adds nothing twice when the same file is imported again', async () => {
    const before = feeds.requests.length;
    const { content } = await runImport(readerExport());
    expect(content.split('\n')[0]).toBe(
      `<#${NEWS}> now follows **0** more feeds (4 already followed). What they published before now is not posted; their new stories will be.`,
    );
    expect((await h.deps.store.subscriptions.ofGuild(GUILD_A)).filter((s) => s.channelId === NEWS)).toHaveLength(4);
    // Only the dead feed is fetched again: the others are known to Herald now.
    expect(feeds.requests.slice(before).map((r) => r.path)).toEqual(['/gone.xml']);
  });

  it('refuses a file that is not OPML, saying what it is', async () => {
    const rss = '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>';
    const { content } = await runImport(rss);
    expect(content).toBe(
      'This file is not OPML: its root element is <rss>, not <opml>. It looks like a feed, not a list of feeds.',
    );
  });

  it('refuses a member without Manage Server before reading the file', async () => {
    const { first, content } = await runImport(readerExport(), { userId: MEMBER });
    expect(first.callbackType).toBe(4);
    expect(content).toBe('You need the **Manage Server** permission to change what Herald posts here.');
  });
});

describe('/feed export', () => {
  const runExport = (input: { memberPermissions?: bigint; userId?: string; locale?: string }) =>
    h.interact({ ...input, commandName: 'feed', options: [{ type: 1, name: 'export' }] });

  it('answers with an .opml file listing this server’s feeds, and only them', async () => {
    const { first } = await runExport({ ...admin, locale: 'zh-TW' });
    expect(first.callbackType).toBe(4);
    expect(first.ephemeral).toBe(true);
    expect((first.body as { data: { content: string } }).data.content).toBe(
      '此伺服器的 4 個來源（OPML 格式）：可匯入其他閱讀器，或在此用 `/feed import` 匯入。',
    );
    const [attachment] = first.message?.attachments ?? [];
    expect(attachment).toMatchObject({ filename: 'herald-feeds.opml' });
    const res = await fetch(attachment?.url ?? '');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(attachment?.size).toBe(bytes.length);
    const doc = await parseOpml(bytes);
    // The feeds in the order Herald stored them: the one it knew, then the imported ones as their fetches finished.
    expect(doc.feeds[0]).toEqual({ url: 'https://a.example/feed', title: 'A News', siteLink: null, category: null });
    expect(
      doc.feeds
        .slice(1)
        .map((f) => [f.url, f.title, f.siteLink])
        .sort(),
    ).toEqual(['one', 'three', 'two'].map((s) => [feeds.url(`/${s}.xml`), `${s} News`, `https://${s}.example/`]));
    expect(doc.feeds).toHaveLength(4);
  });

  it('refuses a member without Manage Server', async () => {
    const { first } = await runExport({ userId: MEMBER });
    expect((first.body as { data: { content: string } }).data.content).toBe(
      'You need the **Manage Server** permission to change what Herald posts here.',
    );
    expect(first.message?.attachments ?? []).toEqual([]);
  });
});

describe('the fake Discord’s uploads', () => {
  const post = (files: Array<{ name: string; data: Buffer }>) =>
    createRest(TOKEN, h.discord.apiUrl).post(Routes.channelMessages(NEWS), { body: { content: 'files' }, files });

  it('refuses more than 10 files and a file over the size limit, as Discord does', async () => {
    const small = (i: number) => ({ name: `f${i}.txt`, data: Buffer.from(`file ${i}`) });
    await expect(post(Array.from({ length: UPLOAD_LIMITS.files + 1 }, (_, i) => small(i)))).rejects.toMatchObject({
      status: 400,
      code: 50035,
    });
    await expect(post([{ name: 'big.bin', data: Buffer.alloc(UPLOAD_LIMITS.fileBytes + 1) }])).rejects.toMatchObject({
      status: 413,
      code: 40005,
    });
    const sent = (await post(Array.from({ length: UPLOAD_LIMITS.files }, (_, i) => small(i)))) as {
      attachments: Array<{ filename: string; url: string }>;
    };
    expect(sent.attachments.map((a) => a.filename)).toEqual(Array.from({ length: 10 }, (_, i) => `f${i}.txt`));
    expect(await (await fetch(sent.attachments[3]?.url ?? '')).text()).toBe('file 3');
    // The two refused requests left no message.
    expect(h.discord.messages(NEWS).map((m) => m.content)).toEqual(['files']);
  });
});
