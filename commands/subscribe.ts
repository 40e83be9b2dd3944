import { InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { feedChoices, lookChoices, STYLE_CHOICES } from '../src/discord/choices.js';
import type { Command } from '../src/discord/command.js';
import { shownFilter } from '../src/discord/filter-text.js';
import { POSTABLE_CHANNEL_TYPES, roleOfGuild } from '../src/discord/guild-refs.js';
import { postableChannel } from '../src/discord/postable-channel.js';
import { safeText } from '../src/discord/safe-text.js';
import { ARCHIVE_CHOICES, asksThreadPerPost, checkedThreadOptions } from '../src/discord/threads.js';
import { requireManageWebhooks } from '../src/discord/webhooks.js';
import { UserError } from '../src/i18n/user-error.js';
import { DEFAULT_ARCHIVE_MINUTES } from '../src/pipeline/deliver/post-options.js';
import { addTopicSubscription } from '../src/pipeline/summarize/topics.js';
import { feedOfGuild, feedsOfGuild } from '../src/pipeline/use-cases/guild-refs.js';
import { checkedSubscriptionSettings } from '../src/pipeline/use-cases/settings.js';
import { perStoryOf, setPerStory } from '../src/pipeline/use-cases/stories.js';
import { subscribeToFeed } from '../src/pipeline/use-cases/subscriptions-admin.js';
import { guildTemplates, lookOfGuild } from '../src/pipeline/use-cases/templates.js';
import { checkedWebhookIdentity } from '../src/pipeline/use-cases/webhook-identity.js';
import { POST_LAYOUTS } from '../src/store/store.js';

export default {
  data: new SlashCommandBuilder()
    .setName('subscribe')
    .setDescription('Post a feed this server follows in a channel')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .addStringOption((o) => o.setName('feed').setDescription('A feed this server follows').setAutocomplete(true))
    .addStringOption((o) =>
      o
        .setName('topic')
        .setDescription('A search query: matching articles (of the feed, or of all feeds) are posted')
        .setMaxLength(200),
    )
    .addChannelOption((o) =>
      o
        .setName('channel')
        .setDescription('Where to post (default: this channel)')
        .addChannelTypes(...POSTABLE_CHANNEL_TYPES),
    )
    .addRoleOption((o) => o.setName('mention-role').setDescription('A role to mention with each new article'))
    .addIntegerOption((o) =>
      o
        .setName('max-per-hour')
        .setDescription('At most this many posts an hour; the rest become one roundup')
        .setMinValue(1)
        .setMaxValue(60),
    )
    .addStringOption((o) =>
      o
        .setName('filter')
        .setDescription('Only articles matching this: title:, author:, category:, link:, topic:, entity:, -exclude')
        .setMaxLength(500),
    )
    .addIntegerOption((o) =>
      o
        .setName('max-age-hours')
        .setDescription('Skip items published more than this many hours before Herald first saw them')
        .setMinValue(1)
        .setMaxValue(8760),
    )
    .addStringOption((o) =>
      o
        .setName('language')
        .setDescription('Summary language of this subscription: source or a tag such as en, zh-TW (default: server’s)')
        .setMaxLength(35),
    )
    .addStringOption((o) =>
      o
        .setName('style')
        .setDescription('Summary length of this subscription (default: the server’s)')
        .addChoices(...STYLE_CHOICES),
    )
    .addStringOption((o) =>
      o
        .setName('template')
        .setDescription('How its posts look: a preset or one of this server’s templates (default: the server’s)')
        .setAutocomplete(true),
    )
    .addStringOption((o) =>
      o
        .setName('thread')
        .setDescription('Start a discussion thread on each post (text and announcement channels)')
        .addChoices({ name: 'none', value: 'none' }, { name: 'per article', value: 'per-article' }),
    )
    .addIntegerOption((o) =>
      o
        .setName('thread-archive')
        .setDescription('Archive each post’s thread after this long without activity (default: 1 day)')
        .addChoices(...ARCHIVE_CHOICES),
    )
    .addBooleanOption((o) =>
      o
        .setName('publish')
        .setDescription('Publish each post to servers following this announcement channel (at most 10 an hour)'),
    )
    .addBooleanOption((o) =>
      o
        .setName('webhook')
        .setDescription('Post through a channel webhook under the feed’s name and icon (needs Manage Webhooks)'),
    )
    .addStringOption((o) =>
      o
        .setName('webhook-name')
        .setDescription('Name its webhook posts show (default: the feed’s title)')
        .setMaxLength(80),
    )
    .addStringOption((o) =>
      o
        .setName('webhook-avatar')
        .setDescription('Avatar its webhook posts show: an https image URL (default: the site’s icon)')
        .setMaxLength(2000),
    )
    .addBooleanOption((o) =>
      o.setName('per-story').setDescription('One post per story: later copies are added to it (default: the server’s)'),
    ),

  requires: { manageServer: true },

  async execute(interaction, { deps, guildId, t }) {
    // Checking the channel and the bot's permissions takes a few REST calls.
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const rest = interaction.client.rest;
    const feedId = interaction.options.getString('feed');
    const topic = interaction.options.getString('topic')?.trim() || null;
    if (!feedId && !topic) throw new UserError('needFeedOrTopic');
    const feed = feedId ? await feedOfGuild(deps, guildId, feedId) : null;
    const asked = {
      thread: interaction.options.getString('thread'),
      archiveMinutes: interaction.options.getInteger('thread-archive'),
      publish: interaction.options.getBoolean('publish'),
    };
    const channel = await postableChannel(interaction, guildId, 'channel', { threads: asksThreadPerPost(asked) });
    // A thread per post and publishing, checked against the channel's kind.
    const threads = checkedThreadOptions(channel.type, asked);
    const roleId = interaction.options.get('mention-role')?.value;
    const role = roleId ? await roleOfGuild(rest, guildId, String(roleId)) : null;
    const maxPerHour = interaction.options.getInteger('max-per-hour');
    const filter = interaction.options.getString('filter')?.trim() || null;
    const maxAgeHours = interaction.options.getInteger('max-age-hours');
    if (topic && filter) throw new UserError('filterWithTopic');
    // Validated as /settings validates the server's; none given: the server's settings.
    const look = interaction.options.getString('template');
    const settings = {
      ...checkedSubscriptionSettings({
        language: interaction.options.getString('language'),
        style: interaction.options.getString('style'),
      }),
      ...(look ? await lookOfGuild(deps, guildId, look) : {}),
    };
    const webhook = checkedWebhookIdentity({
      webhook: interaction.options.getBoolean('webhook'),
      name: interaction.options.getString('webhook-name'),
      avatar: interaction.options.getString('webhook-avatar'),
    });
    if (webhook) await requireManageWebhooks(rest, interaction.client.user.id, channel);
    const extras =
      t.subscribedExtras({ role: role?.id ?? null, max: maxPerHour }) +
      t.subscribedFilter({ filter: filter ? shownFilter(filter) : null, hours: maxAgeHours }) +
      t.subscribedSettings({ ...settings, layout: settings.template ?? settings.layout }) +
      t.subscribedThreads({
        archiveMinutes: threads.thread ? (threads.threadArchiveMinutes ?? DEFAULT_ARCHIVE_MINUTES) : null,
        publish: threads.publish,
      }) +
      t.subscribedWebhook({
        webhook: webhook !== null,
        name: webhook?.name ? safeText(webhook.name, { oneLine: true, max: 80 }) : null,
      });
    if (topic) {
      // Also resumes the channel's paused subscription to the same topic.
      await addTopicSubscription(deps, {
        guildId,
        channelId: channel.id,
        feedId: feed?.id ?? null,
        query: topic,
        mentionRoleId: role?.id ?? null,
        maxPerHour,
        channelType: channel.type,
        maxAgeHours,
        webhook,
        ...settings,
        ...threads,
      });
      const shown = safeText(topic, { oneLine: true, max: 100 });
      const feedName = feed ? safeText(feed.title ?? feed.url, { oneLine: true, max: 100 }) : null;
      await interaction.editReply({
        content: t.subscribedTopic({ topic: shown, channel: channel.id, feed: feedName, extras }),
        allowedMentions: { parse: [] },
      });
      return;
    }
    if (!feed) throw new UserError('needFeedOrTopic');

    const sub = await subscribeToFeed(deps, {
      guildId,
      channelId: channel.id,
      feedId: feed.id,
      mentionRoleId: role?.id ?? null,
      maxPerHour,
      channelType: channel.type,
      filter,
      maxAgeHours,
      webhook,
      ...settings,
      ...threads,
    });
    const perStory = interaction.options.getBoolean('per-story');
    if (perStory !== null) await setPerStory(deps, sub.id, perStory);
    await interaction.editReply({
      content: t.subscribed({
        feed: safeText(feed.title ?? feed.url, { oneLine: true, max: 100 }),
        channel: channel.id,
        extras: extras + t.subscribedPerStory({ perStory: await perStoryOf(deps, sub) }),
      }),
      allowedMentions: { parse: [] },
    });
  },

  async autocomplete(interaction, { deps, guildId, t }) {
    const focused = interaction.options.getFocused(true);
    if (focused.name === 'template') {
      await interaction.respond(lookChoices(t, POST_LAYOUTS, await guildTemplates(deps, guildId), focused.value));
      return;
    }
    await interaction.respond(feedChoices(await feedsOfGuild(deps, guildId), focused.value));
  },
} satisfies Command;
