import type { BriefingsCatalogue } from './en-briefings.js';

/** 简体中文：每日简报与 `/briefing`。 */
export const zhCNBriefings: BriefingsCatalogue = {
  briefingTitle: (p) => `简报 · ${p.date}`,
  briefingEmpty: () => '这段时间没有新的事件。',
  briefingMoreOutlets: (p) => `另 ${p.count} 家`,
  briefingDays: (p) => ({ daily: '每天', weekdays: '周一至周五', weekends: '周六和周日' })[p.days],
  briefingScopeAll: () => '本服务器的所有来源',
  briefingScopeFeed: (p) => `来源 **${p.feed}**`,
  briefingScopeTopic: (p) => `主题“${p.query}”`,
  briefingAdded: (p) =>
    `简报 \`${p.id}\` 将于${p.days} ${p.time}（${p.timezone}）在 <#${p.channel}> 发布${p.scope}的新闻。第一份：<t:${p.next}:F>。`,
  briefingRemoved: (p) => `已删除简报 \`${p.id}\`。`,
  briefingListTitle: (p) => `**简报**（${p.count}）`,
  briefingListEmpty: () => '目前没有简报。可用 `/briefing add channel time` 添加。',
  briefingLine: (p) =>
    `\`${p.id}\` <#${p.channel}> ${p.days} ${p.time}（${p.timezone}）：${p.scope}；下一份 <t:${p.next}:R>`,
  briefingPreviewNote: () => '-# 预览：下一份简报此刻的内容（未发布）。',
  briefingUnknown: (p) => `本服务器没有简报 \`${p.id}\`（请看 \`/briefing list\`）。`,
  briefingBadTime: (p) => `“${p.value}”不是时间：请用 24 小时制的 HH:MM（例如 08:00）。`,
  briefingTooMany: (p) => `每个服务器最多只能有 ${p.max} 份简报。`,
};
