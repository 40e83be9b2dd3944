import type { StoriesCatalogue } from './en-stories.js';

/** 繁體中文：一則事件一篇貼文、快訊提醒與「所有報導」。 */
export const zhTWStories: StoriesCatalogue = {
  storyAlsoReportedBy: () => '其他報導',
  storyMore: (p) => `另有 ${p.count} 家`,
  storyAllCoverage: () => '所有報導',
  storyAlert: (p) => `快訊：${p.minutes} 分鐘內已有 ${p.outlets} 家媒體報導此事件。`,
  storyCoverageTitle: (p) => `**所有報導**（${p.count} 篇）`,
  storyCoverageEmpty: () => 'Herald 已沒有這則事件的報導（舊文章會從資料庫中移除）。',
  whyMerged: (p) => `<#${p.channel}>：已併入先前發布的同一事件貼文${p.link ? `：${p.link}` : ''}（列在「其他報導」中）`,
  subscribedPerStory: (p) =>
    p.perStory ? '，同一事件只發一篇貼文（之後的報導會加進該貼文）' : '，同一事件的每篇報導都會發文',
  settingsStories: (p) =>
    p.perStory
      ? `同一事件一篇貼文：\`開啟\`（${p.hours} 小時內的其他報導會加進第一篇貼文）`
      : `同一事件一篇貼文：\`關閉\`（開啟後，${p.hours} 小時內的其他報導會加進第一篇貼文）`,
  alertSet: (p) =>
    `訂閱 \`${p.subscription}\` 的事件在 ${p.minutes} 分鐘內有 ${p.outlets} 家媒體報導時，會提及 <@&${p.role}>。`,
  alertNeedsPerStory: () =>
    '不過這個訂閱目前會發出每一篇報導：要等它改成同一事件一篇貼文（`/subscribe per-story:True`）後才會發出快訊。',
  alertRemoved: (p) => `訂閱 \`${p.subscription}\` 不再發出快訊提醒。`,
  alertNone: (p) => `訂閱 \`${p.subscription}\` 沒有設定快訊提醒。`,
  alertTopic: () => '快訊提醒只適用於來源訂閱：主題訂閱會發出同一事件的每一篇報導。',
  alertListTitle: (p) => `**快訊提醒**（${p.count}）`,
  alertListEmpty: () => '目前沒有快訊提醒。可用 `/alert set subscription role outlets minutes` 新增。',
  alertRule: (p) =>
    `<#${p.channel}> 的 \`${p.subscription}\`：${p.minutes} 分鐘內達 ${p.outlets} 家媒體時提及 <@&${p.role}>`,
};
