import { type FeedAdminCatalogue, kilobytes } from './en-feed-admin.js';

/** `/feed why`、`/feed history`、`/feed interval`、`/feed move` 的简体中文回复。 */
export const zhCNFeedAdmin: FeedAdminCatalogue = {
  feedIntervalRange: (p) => `间隔必须是 ${p.min} 到 ${p.max} 分钟之间的整数（此 Herald 的限制）。`,
  feedIntervalShared: (p) =>
    `另有 ${p.servers} 个服务器也关注这个来源，所以只能让它更频繁地检查：间隔最多 ${p.minutes} 分钟。`,
  feedIntervalSet: (p) =>
    `Herald 现在每 ${p.minutes} 分钟检查一次 **${p.feed}**。` +
    (p.slower === null ? '' : `来源本身要求至少间隔 ${p.slower} 分钟才读取，所以 Herald 会等这么久。`),
  feedHealthOverride: () => '由 `/feed interval` 设置',
  feedMoveShared: (p) =>
    `另有 ${p.servers} 个服务器也关注这个来源，迁移会改变他们收到的内容。请改用 \`/feed add\` 关注新地址，再用 \`/feed remove\` 移除这个来源。`,
  feedMoveSame: () => '这已经是该来源的地址。',
  feedMoveTaken: (p) =>
    `Herald 已经作为另一个来源读取 ${p.url}。请用 \`/feed add\` 关注它，再用 \`/feed remove\` 移除这个来源。`,
  feedMoved: (p) =>
    `**${p.feed}** 现在改从 ${p.url} 读取（原为 ${p.from}）。订阅、文章和记录都会保留。` +
    `新地址上的 ${p.added} 条报道已标为已读，不会发布；另有 ${p.kept} 条 Herald 原本就有。`,
  feedHistoryTitle: (p) => `**${p.feed}** 最近 ${p.count} 次检查（从新到旧）：`,
  feedHistoryNone: (p) => `Herald 目前还没有 **${p.feed}** 的检查记录。`,
  feedPollLine: (p) => {
    const http = p.http === null ? '' : ` · HTTP ${p.http}`;
    if (p.status === 'failed') {
      return `❌ ${p.when}${http} · ${p.ms} 毫秒 · 失败（${p.kind ?? '未知'}）${p.error !== null ? `：${p.error}` : ''}`;
    }
    if (p.status === 'not-modified') return `✅ ${p.when}${http} · 未修改 · ${p.ms} 毫秒`;
    const size = p.bytes === null ? '' : ` · ${kilobytes(p.bytes)} KB`;
    return `✅ ${p.when}${http}${size} · ${p.ms} 毫秒 · ${p.count} 条新报道`;
  },
  whyTitle: (p) => `**${p.title}**（${p.feed}）：`,
  whyPosted: (p) => `<#${p.channel}>：已发布：${p.link}`,
  whyRoundup: (p) => `<#${p.channel}>：已收入一份包含 ${p.count} 条报道的汇总（达到每小时上限）：${p.link}`,
  whyFiltered: (p) => `<#${p.channel}>：被订阅的筛选条件排除：${p.detail}`,
  whyTooOld: (p) => `<#${p.channel}>：超出订阅的时间限制，视为过旧而跳过（${p.detail}）`,
  whyFiller: (p) =>
    `<#${p.channel}>：属于非新闻内容（广告、星座等）而跳过（此服务器的 \`/settings filler\` 为 \`skip\`）`,
  whySkipped: (p) => `<#${p.channel}>：已跳过（${p.detail}）`,
  whyWaiting: (p) => `<#${p.channel}>：自 ${p.when} 起等待摘要；摘要完成后就会发布`,
  whyQueued: (p) => `<#${p.channel}>：已摘要，自 ${p.when} 起在频道中排队等待发布`,
  whyFailed: (p) => `<#${p.channel}>：失败：${p.error}`,
  whyPaused: (p) =>
    `<#${p.channel}>：未发布：此频道的订阅自 ${p.when} 起已暂停${p.error !== null ? `（${p.error}）` : ''}`,
  whySeen: (p) => `<#${p.channel}>：Herald 开始关注此来源时（${p.when}）它已在来源中，因此标为已读，不会发布`,
  whyBeforeSubscription: (p) => `<#${p.channel}>：Herald 在此频道关注这个来源之前就读到了它（${p.when}）`,
  whyNoRecord: (p) => `<#${p.channel}>：Herald 没有它在此频道的记录`,
  whyNotSeen: (p) => `此服务器的来源中都没有出现过 ${p.url} 这个条目。`,
  whyLastPoll: (p) => `**${p.feed}**：上次检查 ${p.line}`,
  whyNeverPolled: (p) => `**${p.feed}**：还没有检查记录`,
  whyNoFeeds: () => '此服务器尚未关注任何来源：可用 `/feed add` 添加。',
};
