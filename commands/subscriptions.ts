import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/discord/command.js';
import { shownFilter } from '../src/discord/filter-text.js';
import { POSTABLE_CHANNEL_TYPES } from '../src/discord/guild-refs.js';
import { channelNames } from '../src/discord/guild-view.js';
import { safeText } from '../src/discord/safe-text.js';
import { listContent } from '../src/discord/subcommand.js';
import { UserError } from '../src/i18n/user-error.js';
import { DEFAULT_ARCHIVE_MINUTES } from '../src/pipeline/deliver/post-options.js';
import { listSubscriptions } from '../src/pipeline/use-cases/subscriptions-admin.js';
import type { ThreadOptions } from '../src/store/store.js';

export default {
  data: new SlashCommandBuilder()
    .setName('subscriptions')
    .setDescription("List this server's feed subscriptions")
    .setContexts(InteractionContextType.Guild)
    .addChannelOption((o) =>
      o
        .setName('channel')
        .setDescription('Only this channel')
        .addChannelTypes(...POSTABLE_CHANNEL_TYPES),
    ),
  async execute(interaction, { deps, guildId, t }) {
    const option = interaction.options.get('channel')?.value;
    const channelId = option ? String(option) : null;
    const { feeds: subs, topics, feedNames, mentions } = await listSubscriptions(deps, guildId, channelId);
    const shown = (text: string) => safeText(text, { oneLine: true, max: 100 });
    // A channel id from elsewhere simply matches nothing here; say so rather than list another server's.
    if (channelId && subs.length + topics.length === 0 && !(await channelNames(interaction)).has(channelId)) {
      throw new UserError('channelNotHere');
    }
    // Role, hourly cap, filter, age cutoff, own language/style/layout, threads, publishing and pause state, shown alike for feed and topic subscriptions, then the
    // subscription's mention rules, one a line.
    const extras = (
      ref: string,
      s: {
        mentionRoleId: string | null;
        maxPerHour: number | null;
        pausedAt: number | null;
        maxAgeHours: number | null;
        language: string | null;
        style: string | null;
        layout: string | null;
        template?: string | null;
        webhook: { name: string | null } | null;
      } & ThreadOptions,
    ) => {
      const reason = 'pausedReason' in s && s.pausedReason ? ` (${s.pausedReason})` : '';
      const filter = 'filter' in s && typeof s.filter === 'string' ? s.filter : null;
      const parts = [
        s.mentionRoleId ? `<@&${s.mentionRoleId}>` : null,
        s.maxPerHour ? `≤ ${s.maxPerHour}/h` : null,
        filter ? t.subscriptionFilter({ filter: shownFilter(filter) }) : null,
        s.maxAgeHours ? t.subscriptionMaxAge({ hours: s.maxAgeHours }) : null,
        // What it sets instead of the server's settings (empty: nothing).
        t.subscriptionSettings({ language: s.language, style: s.style, layout: s.template ?? s.layout }) || null,
        // A thread per post, publishing (and its hourly limit): empty when neither.
        t.subscriptionThreads({
          archiveMinutes: s.thread ? (s.threadArchiveMinutes ?? DEFAULT_ARCHIVE_MINUTES) : null,
          publish: s.publish,
        }) || null,
        s.webhook ? t.subscriptionWebhook({ name: s.webhook.name ? shown(s.webhook.name) : null }) : null,
        s.pausedAt !== null ? `**${t.paused()}**${reason}` : null,
      ].filter(Boolean);
      const rules = (mentions.get(ref) ?? []).map(
        (r) => `\n  ↳ ${t.mentionRule({ role: r.roleId, filter: r.filter === null ? null : shownFilter(r.filter) })}`,
      );
      return `${parts.length ? ` · ${parts.join(' · ')}` : ''}${rules.join('')}`;
    };
    const lines = subs.map(
      (s) => `• \`${s.id}\` <#${s.channelId}> ← **${shown(s.feedTitle ?? s.feedUrl)}**${extras(String(s.id), s)}`,
    );
    const feedName = (feedId: number) => {
      const name = feedNames.get(feedId);
      return name === undefined ? String(feedId) : shown(name);
    };
    for (const topic of topics) {
      const feed = topic.feedId === null ? null : feedName(topic.feedId);
      const line = t.topicLine({ id: topic.id, channel: topic.channelId, topic: shown(topic.query), feed });
      lines.push(`${line}${extras(`t${topic.id}`, topic)}`);
    }
    const empty = channelId ? t.noSubscriptionsIn({ channel: channelId }) : t.noSubscriptions();
    const content = listContent(t.subscriptionsTitle({ count: lines.length }), lines, empty);
    await interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
  },
} satisfies Command;
