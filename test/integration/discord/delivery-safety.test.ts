import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Poster } from '../../../src/discord/poster.js';
import { createDiscordPublisher } from '../../../src/discord/publisher.js';
import { DestinationUnavailable, deliverChannel } from '../../../src/pipeline/deliver/deliver.js';
import { channelDeleted, guildRemoved } from '../../../src/pipeline/deliver/lost-destinations.js';
import {
  type DiscordHarness,
  GUILD_A,
  GUILD_B,
  NEWS,
  OTHER_NEWS,
  OWNER_A,
  SPORTS,
  startHarness,
} from '../../support/discord-harness.js';

let h: DiscordHarness;

beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const subsOf = async (guildId: string) =>
  (await h.deps.store.subscriptions.ofGuild(guildId)).map((s) => ({
    channelId: s.channelId,
    pausedAt: s.pausedAt !== null,
    pausedReason: s.pausedReason,
  }));

describe('a channel Herald can no longer post in', () => {
  it('pauses the channel on Missing Permissions and tells the server once, in its system channel, pinging no one', async () => {
    const feed = await h.feed('https://a.example/feed', 'A News', [[GUILD_A, SPORTS]]);
    await h.article(feed.id, { key: 'one', title: 'One' });
    await h.article(feed.id, { key: 'two', title: 'Two' });
    h.discord.setChannelAccess(SPORTS, 'missing-permissions');

    const result = await deliverChannel(h.deps, SPORTS);
    expect(result).toMatchObject({ sent: 0, failed: 1, paused: 1 });
    expect(await subsOf(GUILD_A)).toEqual([{ channelId: SPORTS, pausedAt: true, pausedReason: 'missing-permissions' }]);
    // The second article's delivery is failed too, not retried for ever.
    expect(await h.deps.store.deliveries.nextPending(SPORTS)).toBeNull();

    const notices = h.discord.messages(NEWS);
    expect(notices).toHaveLength(1);
    expect(notices[0]?.content).toBe(
      `Herald stopped posting in <#${SPORTS}> (1 subscription paused): Herald is no longer allowed to post there ` +
        '(Send Messages / Embed Links). Fix it, then run `/subscribe` again in that channel to resume.',
    );
    expect(notices[0]?.allowed_mentions).toEqual({ parse: [] });

    // A new article for the paused channel creates no delivery; a second run finds nothing and says nothing.
    await h.article(feed.id, { key: 'three', title: 'Three' });
    expect(await deliverChannel(h.deps, SPORTS)).toEqual({ sent: 0, failed: 0, waiting: false });
    expect(h.discord.messages(NEWS)).toHaveLength(1);
  });

  it('writes the notice in the server language (zh-TW) on Missing Access', async () => {
    await h.deps.store.guilds.put({ guildId: GUILD_A, language: 'zh-TW', style: 'standard' }, 0);
    const feed = await h.feed('https://a.example/feed', 'A News', [[GUILD_A, SPORTS]]);
    await h.article(feed.id, { key: 'one', title: 'One' });
    h.discord.setChannelAccess(SPORTS, 'missing-access');
    await deliverChannel(h.deps, SPORTS);
    expect(h.discord.messages(NEWS).map((m) => m.content)).toEqual([
      `Herald 已停止在 <#${SPORTS}> 發文（暫停 1 個訂閱）：Herald 已無法檢視該頻道（檢視頻道）。修正後請在該頻道再次執行 \`/subscribe\` 以恢復。`,
    ]);
  });

  it('falls back to another channel when the system channel is the one lost, and to the owner by DM when none is left', async () => {
    const feed = await h.feed('https://a.example/feed', 'A News', [[GUILD_A, NEWS]]);
    await h.article(feed.id, { key: 'one', title: 'One' });
    h.discord.deleteChannel(NEWS);
    await deliverChannel(h.deps, NEWS);
    expect(h.discord.messages(SPORTS).map((m) => m.content)).toEqual([
      `Herald stopped posting in <#${NEWS}> (1 subscription paused): the channel no longer exists. Fix it, then run \`/subscribe\` again in that channel to resume.`,
    ]);
    expect(await subsOf(GUILD_A)).toEqual([{ channelId: NEWS, pausedAt: true, pausedReason: 'channel-deleted' }]);

    h.discord.setChannelAccess(SPORTS, 'missing-permissions');
    await h.feed('https://b.example/feed', 'B News', [[GUILD_A, SPORTS]]);
    const b = await h.deps.store.feeds.byUrl('https://b.example/feed');
    await h.article(b!.id, { key: 'b1', title: 'B1' });
    await deliverChannel(h.deps, SPORTS);
    const dms = h.discord.dmsTo(OWNER_A);
    expect(dms).toHaveLength(1);
    expect(dms[0]?.content).toContain(`Herald stopped posting in <#${SPORTS}>`);
    expect(dms[0]?.allowed_mentions).toEqual({ parse: [] });
  });

  it('pauses without crashing when the owner refuses DMs and no channel is left', async () => {
    const feed = await h.feed('https://a.example/feed', 'A News', [[GUILD_A, SPORTS]]);
    await h.article(feed.id, { key: 'one', title: 'One' });
    h.discord.setChannelAccess(NEWS, 'missing-access');
    h.discord.setChannelAccess(SPORTS, 'missing-access');
    h.discord.closeDms(OWNER_A);
    expect(await deliverChannel(h.deps, SPORTS)).toMatchObject({ failed: 1, paused: 1 });
    expect(h.discord.dmsTo(OWNER_A)).toEqual([]);
  });
});

describe('guild and channel lifecycle', () => {
  it('pauses a guild’s subscriptions when the bot leaves it, and removes a deleted channel’s', async () => {
    await h.feed('https://a.example/feed', 'A News', [
      [GUILD_A, NEWS],
      [GUILD_A, SPORTS],
      [GUILD_B, OTHER_NEWS],
    ]);
    expect(await channelDeleted(h.deps, SPORTS)).toBe(1);
    expect(await guildRemoved(h.deps, GUILD_A)).toBe(1);
    expect(await subsOf(GUILD_A)).toEqual([{ channelId: NEWS, pausedAt: true, pausedReason: 'bot-removed' }]);
    expect(await subsOf(GUILD_B)).toEqual([{ channelId: OTHER_NEWS, pausedAt: false, pausedReason: null }]);
  });
});

describe('idempotent delivery', () => {
  it('leaves exactly one message when the same deliver job runs twice at once', async () => {
    const feed = await h.feed('https://a.example/feed', 'A News', [[GUILD_A, NEWS]]);
    const articleId = await h.article(feed.id, { key: 'one', title: 'One' });
    const results = await Promise.all([deliverChannel(h.deps, NEWS), deliverChannel(h.deps, NEWS)]);
    expect(results.reduce((n, r) => n + r.sent, 0)).toBeGreaterThanOrEqual(1);
    expect(h.discord.messages(NEWS)).toHaveLength(1);
    const [delivery] = await h.deps.store.deliveries.ofArticle(articleId);
    expect(delivery).toMatchObject({ state: 'sent', messageId: h.discord.messages(NEWS)[0]?.id });
  });

  it('leaves exactly one message when a worker dies between posting and recording, and the job is rerun', async () => {
    const feed = await h.feed('https://a.example/feed', 'A News', [[GUILD_A, NEWS]]);
    const articleId = await h.article(feed.id, { key: 'one', title: 'One' });
    const dying: Poster = {
      async post(channelId, body, nonce) {
        await h.poster.post(channelId, body, nonce);
        throw new Error('worker killed before markDeliverySent');
      },
    };
    const publisher = createDiscordPublisher({ poster: dying });
    await expect(deliverChannel({ ...h.deps, publisher }, NEWS)).rejects.toThrow('worker killed');
    expect(h.discord.messages(NEWS)).toHaveLength(1);
    expect((await h.deps.store.deliveries.ofArticle(articleId))[0]?.state).toBe('pending');

    expect(await deliverChannel(h.deps, NEWS)).toMatchObject({ sent: 1 });
    expect(h.discord.messages(NEWS)).toHaveLength(1);
    expect((await h.deps.store.deliveries.ofArticle(articleId))[0]).toMatchObject({
      state: 'sent',
      messageId: h.discord.messages(NEWS)[0]?.id,
    });
  });

  it('retries a 5xx and posts once; a transient failure past the retries is thrown for the queue to back off', async () => {
    const feed = await h.feed('https://a.example/feed', 'A News', [[GUILD_A, NEWS]]);
    await h.article(feed.id, { key: 'one', title: 'One' });
    h.discord.failNext('POST /channels/*/messages', 503, 2);
    expect(await deliverChannel(h.deps, NEWS)).toMatchObject({ sent: 1 });
    expect(h.discord.messages(NEWS)).toHaveLength(1);

    await h.article(feed.id, { key: 'two', title: 'Two' });
    h.discord.failNext('POST /channels/*/messages', 502, 10);
    const err = await deliverChannel(h.deps, NEWS).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DestinationUnavailable);
    expect((await h.deps.store.subscriptions.ofGuild(GUILD_A))[0]?.pausedAt).toBeNull();
  });
});
