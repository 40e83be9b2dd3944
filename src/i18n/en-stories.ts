/**
 * One post per story, breaking alerts and "All coverage": the words of story posts, of `/alert`, and of the story
 * options of `/subscribe` and `/settings`. Text parameters arrive escaped.
 */
export const enStories = {
  /** Label of the line (or embed field) listing the other outlets on a story's post. */
  storyAlsoReportedBy: () => 'Also reported by',
  /** Ends a list of outlets cut to fit the message. */
  storyMore: (p: { count: number }) => `+${p.count} more`,
  /** The button on a story's post. */
  storyAllCoverage: () => 'All coverage',
  storyAlert: (p: { outlets: number; minutes: number }) =>
    `Breaking: ${p.outlets} outlets reported this story within ${p.minutes} minutes.`,
  storyCoverageTitle: (p: { count: number }) => `**All coverage** (${p.count} ${p.count === 1 ? 'report' : 'reports'})`,
  storyCoverageEmpty: () => 'Herald no longer has any report of this story (old articles leave the archive).',
  /** `/feed why`: a copy shown on its story's post; `link` null: that post is not made yet. */
  whyMerged: (p: { channel: string; link: string | null }) =>
    `<#${p.channel}>: merged into a story already posted${p.link ? `: ${p.link}` : ''} (listed under “Also reported by”)`,
  /** Appended to `/subscribe`'s confirmation. */
  subscribedPerStory: (p: { perStory: boolean }): string =>
    p.perStory ? ', one post per story (later copies are added to it)' : ', every copy of a story posted',
  /** A line of `/settings`. */
  settingsStories: (p: { perStory: boolean; hours: number }) =>
    p.perStory
      ? `One post per story: \`on\` (copies within ${p.hours} h are added to the first post)`
      : `One post per story: \`off\` (copies within ${p.hours} h would be added to the first post)`,
  alertSet: (p: { subscription: string; role: string; outlets: number; minutes: number }) =>
    `Subscription \`${p.subscription}\` now mentions <@&${p.role}> once a story reaches ${p.outlets} outlets within ${p.minutes} minutes.`,
  /** Appended to `alertSet` when the subscription posts every copy: no story post to reply to. */
  alertNeedsPerStory: () =>
    ' It posts every copy of a story, though: alerts start once it posts one post per story (`/subscribe per-story:True`).',
  alertRemoved: (p: { subscription: string }) => `Subscription \`${p.subscription}\` no longer sends breaking alerts.`,
  alertNone: (p: { subscription: string }) => `Subscription \`${p.subscription}\` has no breaking alert.`,
  alertTopic: () => 'Breaking alerts are for feed subscriptions: a topic subscription posts every copy of a story.',
  alertListTitle: (p: { count: number }) => `**Breaking alerts** (${p.count})`,
  alertListEmpty: () => 'No breaking alerts. Add one with `/alert set subscription role outlets minutes`.',
  alertRule: (p: { subscription: string; channel: string; role: string; outlets: number; minutes: number }) =>
    `\`${p.subscription}\` in <#${p.channel}>: <@&${p.role}> at ${p.outlets} outlets within ${p.minutes} min`,
};

export type StoriesCatalogue = typeof enStories;
