import type { BriefingsCatalogue } from './en-briefings.js';

/** 繁體中文：每日簡報與 `/briefing`。 */
export const zhTWBriefings: BriefingsCatalogue = {
  briefingTitle: (p) => `簡報 · ${p.date}`,
  briefingEmpty: () => '這段期間沒有新的事件。',
  briefingMoreOutlets: (p) => `另 ${p.count} 家`,
  briefingDays: (p) => ({ daily: '每天', weekdays: '週一至週五', weekends: '週六與週日' })[p.days],
  briefingScopeAll: () => '此伺服器的所有來源',
  briefingScopeFeed: (p) => `來源 **${p.feed}**`,
  briefingScopeTopic: (p) => `主題「${p.query}」`,
  briefingAdded: (p) =>
    `簡報 \`${p.id}\` 將於${p.days} ${p.time}（${p.timezone}）在 <#${p.channel}> 發布${p.scope}的新聞。第一份：<t:${p.next}:F>。`,
  briefingRemoved: (p) => `已移除簡報 \`${p.id}\`。`,
  briefingListTitle: (p) => `**簡報**（${p.count}）`,
  briefingListEmpty: () => '目前沒有簡報。可用 `/briefing add channel time` 新增。',
  briefingLine: (p) =>
    `\`${p.id}\` <#${p.channel}> ${p.days} ${p.time}（${p.timezone}）：${p.scope}；下一份 <t:${p.next}:R>`,
  briefingPreviewNote: () => '-# 預覽：下一份簡報此刻的內容（未發布）。',
  briefingUnknown: (p) => `此伺服器沒有簡報 \`${p.id}\`（請見 \`/briefing list\`）。`,
  briefingBadTime: (p) => `「${p.value}」不是時間：請用 24 小時制的 HH:MM（例如 08:00）。`,
  briefingTooMany: (p) => `每個伺服器最多只能有 ${p.max} 份簡報。`,
};
