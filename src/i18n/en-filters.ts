/**
 * Filters, age cutoffs and mention rules of subscriptions: what `/subscribe`, `/mention` and `/subscriptions` say, and
 * the errors of a malformed filter. Text parameters arrive escaped (they come from the member).
 */
const FILTER_HELP =
  'Fields: title:, author:, category:, link:example.com, topic:, entity:, with "phrases", -exclusions, a OR b, and title:/pattern/.';

export const enFilters = {
  filterFieldEmpty: (p: { name: string }) => `${p.name}: needs a value, e.g. ${p.name}:word or ${p.name}:"two words".`,
  filterPatternTooLong: (p: { max: number }) => `That pattern is too long (at most ${p.max} characters).`,
  filterPatternEmpty: () => 'That pattern is empty: write it between slashes, e.g. title:/breaking|live/.',
  filterPatternInvalid: (p: { pattern: string }) =>
    `Herald cannot run the pattern \`${p.pattern}\`: it is malformed, or uses what a safe engine refuses (backreferences such as \\1, lookahead or lookbehind). ${FILTER_HELP}`,
  filterPatternNotClosed: () => 'A pattern opened with / is not closed: write title:/words|more words/.',
  filterWithTopic: () =>
    'A topic is already a filter: put field terms in the topic itself, e.g. topic: `entity:台灣 -title:sponsored`.',
  /** Appended to `/subscribe`'s confirmation; `filter` null: none. */
  subscribedFilter: (p: { filter: string | null; hours: number | null }) =>
    [p.filter ? `, only when \`${p.filter}\`` : '', p.hours ? `, skipping items older than ${p.hours} h` : ''].join(''),
  /** A subscription's filter and age cutoff in `/subscriptions`. */
  subscriptionFilter: (p: { filter: string }) => `filter \`${p.filter}\``,
  subscriptionMaxAge: (p: { hours: number }) => `skips items older than ${p.hours} h`,
  /** A mention rule of a subscription, in `/subscriptions` and `/mention list`; `filter` null: every post. */
  mentionRule: (p: { role: string; filter: string | null }) =>
    p.filter ? `<@&${p.role}> when \`${p.filter}\`` : `<@&${p.role}> on every post`,
  mentionAdded: (p: { role: string; subscription: string; filter: string | null }) =>
    p.filter
      ? `Posts of subscription \`${p.subscription}\` now mention <@&${p.role}> when they match \`${p.filter}\`.`
      : `Every post of subscription \`${p.subscription}\` now mentions <@&${p.role}>.`,
  mentionRemoved: (p: { role: string; subscription: string }) =>
    `Posts of subscription \`${p.subscription}\` no longer mention <@&${p.role}>.`,
  mentionNotFound: (p: { role: string; subscription: string }) =>
    `Subscription \`${p.subscription}\` has no mention rule for <@&${p.role}>.`,
  mentionTooMany: (p: { max: number }) => `A subscription can have at most ${p.max} mention rules.`,
  mentionListTitle: (p: { count: number }) => `**Mention rules** (${p.count})`,
  mentionListEmpty: () => 'No mention rules. Add one with `/mention add subscription role [filter]`.',
};

export type FiltersCatalogue = typeof enFilters;
