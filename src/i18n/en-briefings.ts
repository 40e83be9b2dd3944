/** A briefing as replies describe it; `next` is its next time in epoch seconds. */
interface BriefingDescription {
  id: number;
  channel: string;
  time: string;
  timezone: string;
  days: string;
  scope: string;
  next: number;
}

/** Briefings (daily digests): the words of a briefing post and of `/briefing`. Text parameters arrive escaped. */
export const enBriefings = {
  /** A briefing's title; `date` is its local date, YYYY-MM-DD. */
  briefingTitle: (p: { date: string }) => `Briefing · ${p.date}`,
  /** A briefing whose period had no story in its scope. */
  briefingEmpty: () => 'No new stories in this period.',
  /** Ends a story's outlets cut to fit. */
  briefingMoreOutlets: (p: { count: number }) => `+${p.count}`,
  briefingDays: (p: { days: 'daily' | 'weekdays' | 'weekends' }) =>
    ({ daily: 'every day', weekdays: 'Monday to Friday', weekends: 'Saturday and Sunday' })[p.days],
  briefingScopeAll: () => 'all of this server’s feeds',
  briefingScopeFeed: (p: { feed: string }) => `the feed **${p.feed}**`,
  briefingScopeTopic: (p: { query: string }) => `the topic “${p.query}”`,
  briefingAdded: (p: BriefingDescription) =>
    `Briefing \`${p.id}\` will post ${p.scope} in <#${p.channel}> at ${p.time} (${p.timezone}), ${p.days}. First one: <t:${p.next}:F>.`,
  briefingRemoved: (p: { id: number }) => `Briefing \`${p.id}\` removed.`,
  briefingListTitle: (p: { count: number }) => `**Briefings** (${p.count})`,
  briefingListEmpty: () => 'No briefings yet. Add one with `/briefing add channel time`.',
  briefingLine: (p: BriefingDescription) =>
    `\`${p.id}\` <#${p.channel}> ${p.time} (${p.timezone}), ${p.days}: ${p.scope}; next <t:${p.next}:R>`,
  /** Above `/briefing preview`'s reply. */
  briefingPreviewNote: () => '-# Preview: what the next briefing would say now (not posted).',
  briefingUnknown: (p: { id: string }) => `This server has no briefing \`${p.id}\` (see \`/briefing list\`).`,
  briefingBadTime: (p: { value: string }) => `“${p.value}” is not a time: give it as HH:MM, 24-hour (e.g. 08:00).`,
  briefingTooMany: (p: { max: number }) => `A server may have at most ${p.max} briefings.`,
};

export type BriefingsCatalogue = typeof enBriefings;
