import { PermissionFlagsBits as F } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverChannel } from '../../src/pipeline/deliver/deliver.js';
import { runCommand } from '../support/command-runner.js';
import {
  type DiscordHarness,
  FORUM,
  GUILD_A,
  MANAGE_GUILD,
  NEWS,
  startHarness,
  T0,
  twoGuilds,
} from '../support/discord-harness.js';

let h: DiscordHarness;
let feedId: number;
const admin = { memberPermissions: MANAGE_GUILD };

beforeAll(async () => {
  const guilds = twoGuilds();
  // Forum posts need Send Messages in Threads, which the default bot role lacks.
  guilds[0]!.botPermissions = F.ViewChannel | F.SendMessages | F.EmbedLinks | F.SendMessagesInThreads;
  h = await startHarness({ bot: true, guilds });
  feedId = (await h.feed('https://a.example/feed', 'A News', [[GUILD_A, NEWS]])).id;
});
afterAll(async () => {
  await h?.close();
});

/** Stores an article of the feed and summarizes it, which creates the topic deliveries it matches. */
async function article(key: string, title: string, minute: number) {
  return h.article(feedId, { key, title, publishedAt: T0 + minute * 60_000 });
}

describe('/subscribe topic with max-per-hour in a forum', () => {
  it('posts one forum post per match up to the cap, then one roundup post, and lists the cap', async () => {
    const reply = await runCommand(h, {
      ...admin,
      commandName: 'subscribe',
      options: { topic: 'harbour', channel: FORUM, 'max-per-hour': 2 },
    });
    expect(reply.content).toBe(
      `<#${FORUM}> now follows the topic “harbour” across this server’s feeds, at most 2 posts an hour.`,
    );
    const [topic] = await h.deps.store.topics.ofGuild(GUILD_A);
    expect(topic).toMatchObject({ channelId: FORUM, query: 'harbour', maxPerHour: 2, channelType: 15, pausedAt: null });

    for (let i = 1; i <= 5; i++) await article(`h${i}`, `Harbour news ${i}`, i);
    await article('w', 'Weather turns cold', 6);
    expect(await deliverChannel(h.deps, FORUM)).toMatchObject({ sent: 5, failed: 0, roundups: 1 });

    const threads = h.discord.threads(FORUM);
    expect(threads.map((t) => t.name)).toEqual(['Harbour news 1', 'Harbour news 2', '3 more stories on “harbour”']);
    const [roundup] = h.discord.messages(threads[2]!.id);
    expect(roundup?.embeds[0]?.description).toBe(
      [3, 4, 5].map((i) => `• [Harbour news ${i}](https://news.example/h${i})`).join('\n'),
    );
    expect(roundup?.allowed_mentions).toEqual({ parse: [], roles: [] });
    // Nothing was sent as a plain message into the forum itself (Discord refuses that).
    expect(h.discord.messages(FORUM)).toEqual([]);

    const listed = await runCommand(h, { ...admin, commandName: 'subscriptions', options: { channel: FORUM } });
    expect(listed.content).toContain(`• \`t${topic?.id}\` <#${FORUM}> ← topic “harbour” · ≤ 2/h`);
  });

  it('updates the cap and resumes a paused topic subscription when run again, answering in the user’s language', async () => {
    await h.deps.store.topics.pauseChannel(FORUM, T0);
    const reply = await runCommand(h, {
      ...admin,
      locale: 'zh-TW',
      commandName: 'subscribe',
      options: { topic: 'harbour', channel: FORUM, 'max-per-hour': 4 },
    });
    expect(reply.content).toBe(`<#${FORUM}> 現在追蹤主題「harbour」（此伺服器的所有來源），每小時最多 4 則。`);
    const topics = await h.deps.store.topics.ofGuild(GUILD_A);
    expect(topics.map((t) => [t.query, t.maxPerHour, t.pausedAt])).toEqual([['harbour', 4, null]]);

    // Five posts in the last hour already (the roundup counts each of its articles): the next match is a roundup,
    // written in the server's language.
    await h.deps.store.guilds.put({ guildId: GUILD_A, language: 'zh-TW', style: 'standard' }, T0);
    await article('h6', 'Harbour news 6', 7);
    expect(await deliverChannel(h.deps, FORUM)).toMatchObject({ sent: 1, roundups: 1 });
    expect(h.discord.threads(FORUM).at(-1)?.name).toBe('主題「harbour」的另外 1 則報導');
  });
});
