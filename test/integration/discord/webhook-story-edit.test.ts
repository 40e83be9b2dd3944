import { PermissionFlagsBits as F } from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import { deliverChannel } from '../../../src/pipeline/deliver/deliver.js';
import { type DiscordHarness, FORUM, GUILD_A, startHarness, twoGuilds } from '../../support/discord-harness.js';

let h: DiscordHarness;
afterEach(async () => {
  await h?.close();
});

describe('a story’s post made through a webhook', () => {
  it('is edited through its webhook, in its forum post, and posted anew when the webhook or the message is gone', async () => {
    const guilds = twoGuilds();
    guilds[0] = { ...guilds[0]!, botPermissions: F.ViewChannel | F.SendMessages | F.EmbedLinks | F.ManageWebhooks };
    h = await startHarness({ guilds });
    // Four outlets the forum follows under their own names, one post per story (the server's default).
    const feeds = [];
    for (const name of ['AP', 'Reuters', 'BBC', 'DW']) {
      const feed = await h.feed(`https://${name.toLowerCase()}.example/feed`, name, [[GUILD_A, FORUM]]);
      const sub = (await h.deps.store.subscriptions.ofGuild(GUILD_A)).find((s) => s.feedId === feed.id);
      await h.deps.store.subscriptions.configure(sub!.id, {
        mentionRoleId: null,
        maxPerHour: null,
        channelType: 15,
        webhook: { name: null, avatarUrl: null },
      });
      feeds.push(feed.id);
    }
    const [ap, reuters, bbc, dw] = feeds as [number, number, number, number];
    const copy = (feedId: number, key: string) =>
      h.article(feedId, { key, title: 'Dock workers end strike', link: `https://${key}.example/1`, story: 'strike' });
    const webhookEdits = () =>
      h.discord.requests.filter((r) => r.method === 'PATCH' && r.path.startsWith('/webhooks/'));
    const channelEdits = () =>
      h.discord.requests.filter((r) => r.method === 'PATCH' && r.path.startsWith('/channels/'));

    await copy(ap, 'ap');
    expect(await deliverChannel(h.deps, FORUM)).toMatchObject({ sent: 1 });
    const [thread] = h.discord.threads(FORUM);
    const [hook] = h.discord.webhooks(FORUM);
    expect(h.discord.messages(thread!.id)[0]?.webhook_id).toBe(hook?.id);

    // The forum post's first message is the webhook's: edited through it, in the post's thread.
    await copy(reuters, 'reuters');
    expect(await deliverChannel(h.deps, FORUM)).toMatchObject({ sent: 0, merged: 1 });
    expect(h.discord.threads(FORUM)).toHaveLength(1);
    expect(h.discord.messages(thread!.id)[0]?.embeds[0]?.fields?.at(-1)).toEqual({
      name: 'Also reported by',
      value: '[Reuters](https://reuters.example/1)',
    });
    expect(webhookEdits().map((r) => [r.path.split('/').at(-1), r.query, r.status])).toEqual([
      [thread!.id, `?thread_id=${thread!.id}`, 200],
    ]);

    // The webhook deleted (10015): its message is no longer Herald's to edit, and the copy makes a post of its own.
    h.discord.deleteWebhook(hook!.id);
    await copy(bbc, 'bbc');
    expect(await deliverChannel(h.deps, FORUM)).toMatchObject({ sent: 1 });
    const threads = h.discord.threads(FORUM);
    expect(threads).toHaveLength(2);
    expect(webhookEdits().map((r) => r.status)).toEqual([200, 404]);

    // The new post's message deleted (10008): the next copy is posted anew as well.
    const fresh = threads.find((t) => t.id !== thread!.id)!;
    h.discord.deleteMessage(fresh.id, fresh.id);
    await copy(dw, 'dw');
    expect(await deliverChannel(h.deps, FORUM)).toMatchObject({ sent: 1 });
    expect(h.discord.threads(FORUM)).toHaveLength(3);
    expect(webhookEdits().map((r) => r.status)).toEqual([200, 404, 404]);
    // Never through the channel, which refuses the bot a webhook's message.
    expect(channelEdits()).toEqual([]);
  });
});
