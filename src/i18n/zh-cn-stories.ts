import type { StoriesCatalogue } from './en-stories.js';

/** 简体中文：同一事件一条帖子、突发提醒与“全部报道”。 */
export const zhCNStories: StoriesCatalogue = {
  storyAlsoReportedBy: () => '其他报道',
  storyMore: (p) => `另有 ${p.count} 家`,
  storyAllCoverage: () => '全部报道',
  storyAlert: (p) => `突发：${p.minutes} 分钟内已有 ${p.outlets} 家媒体报道此事件。`,
  storyCoverageTitle: (p) => `**全部报道**（${p.count} 篇）`,
  storyCoverageEmpty: () => 'Herald 已没有这一事件的报道（旧文章会从存档中删除）。',
  whyMerged: (p) => `<#${p.channel}>：已合并到先前发布的同一事件帖子${p.link ? `：${p.link}` : ''}（列在“其他报道”中）`,
  subscribedPerStory: (p) =>
    p.perStory ? '，同一事件只发一条帖子（之后的报道会添加到该帖子中）' : '，同一事件的每篇报道都会发帖',
  settingsStories: (p) =>
    p.perStory
      ? `同一事件一条帖子：\`开启\`（${p.hours} 小时内的其他报道会添加到第一条帖子中）`
      : `同一事件一条帖子：\`关闭\`（开启后，${p.hours} 小时内的其他报道会添加到第一条帖子中）`,
  alertSet: (p) =>
    `订阅 \`${p.subscription}\` 的事件在 ${p.minutes} 分钟内有 ${p.outlets} 家媒体报道时，会提及 <@&${p.role}>。`,
  alertNeedsPerStory: () =>
    '不过这个订阅目前会发布每一篇报道：要等它改为同一事件一条帖子（`/subscribe per-story:True`）后才会发出突发提醒。',
  alertRemoved: (p) => `订阅 \`${p.subscription}\` 不再发出突发提醒。`,
  alertNone: (p) => `订阅 \`${p.subscription}\` 没有设置突发提醒。`,
  alertTopic: () => '突发提醒只适用于来源订阅：主题订阅会发布同一事件的每一篇报道。',
  alertListTitle: (p) => `**突发提醒**（${p.count}）`,
  alertListEmpty: () => '目前没有突发提醒。可用 `/alert set subscription role outlets minutes` 添加。',
  alertRule: (p) =>
    `<#${p.channel}> 的 \`${p.subscription}\`：${p.minutes} 分钟内达到 ${p.outlets} 家媒体时提及 <@&${p.role}>`,
};
