import { type FeedAdminCatalogue, kilobytes } from './en-feed-admin.js';

/** `/feed why`、`/feed history`、`/feed interval`、`/feed move` 的繁體中文回覆。 */
export const zhTWFeedAdmin: FeedAdminCatalogue = {
  feedIntervalRange: (p) => `間隔必須是 ${p.min} 到 ${p.max} 分鐘之間的整數（此 Herald 的限制）。`,
  feedIntervalShared: (p) =>
    `另有 ${p.servers} 個伺服器也追蹤這個來源，所以只能讓它更常檢查：間隔最多 ${p.minutes} 分鐘。`,
  feedIntervalSet: (p) =>
    `Herald 現在每 ${p.minutes} 分鐘檢查一次 **${p.feed}**。` +
    (p.slower === null ? '' : `來源本身要求至少間隔 ${p.slower} 分鐘才讀取，所以 Herald 會等那麼久。`),
  feedHealthOverride: () => '由 `/feed interval` 設定',
  feedMoveShared: (p) =>
    `另有 ${p.servers} 個伺服器也追蹤這個來源，搬移會改變他們收到的內容。請改用 \`/feed add\` 追蹤新網址，再用 \`/feed remove\` 移除這個來源。`,
  feedMoveSame: () => '這已經是此來源的網址。',
  feedMoveTaken: (p) =>
    `Herald 已經以另一個來源讀取 ${p.url}。請用 \`/feed add\` 追蹤它，再用 \`/feed remove\` 移除這個來源。`,
  feedMoved: (p) =>
    `**${p.feed}** 現在改從 ${p.url} 讀取（原為 ${p.from}）。訂閱、文章和紀錄都會保留。` +
    `新網址上的 ${p.added} 則報導已標為已讀，不會發布；另有 ${p.kept} 則 Herald 原本就有。`,
  feedHistoryTitle: (p) => `**${p.feed}** 最近 ${p.count} 次檢查（由新到舊）：`,
  feedHistoryNone: (p) => `Herald 目前還沒有 **${p.feed}** 的檢查紀錄。`,
  feedPollLine: (p) => {
    const http = p.http === null ? '' : ` · HTTP ${p.http}`;
    if (p.status === 'failed') {
      return `❌ ${p.when}${http} · ${p.ms} 毫秒 · 失敗（${p.kind ?? '不明'}）${p.error !== null ? `：${p.error}` : ''}`;
    }
    if (p.status === 'not-modified') return `✅ ${p.when}${http} · 未修改 · ${p.ms} 毫秒`;
    const size = p.bytes === null ? '' : ` · ${kilobytes(p.bytes)} KB`;
    return `✅ ${p.when}${http}${size} · ${p.ms} 毫秒 · ${p.count} 則新報導`;
  },
  whyTitle: (p) => `**${p.title}**（${p.feed}）：`,
  whyPosted: (p) => `<#${p.channel}>：已發布：${p.link}`,
  whyRoundup: (p) => `<#${p.channel}>：已收進一則包含 ${p.count} 則報導的彙整（達到每小時上限）：${p.link}`,
  whyFiltered: (p) => `<#${p.channel}>：被訂閱的篩選條件排除：${p.detail}`,
  whyTooOld: (p) => `<#${p.channel}>：超過訂閱的時間限制，視為太舊而略過（${p.detail}）`,
  whyFiller: (p) =>
    `<#${p.channel}>：屬於非新聞內容（廣告、星座等）而略過（此伺服器的 \`/settings filler\` 為 \`skip\`）`,
  whySkipped: (p) => `<#${p.channel}>：已略過（${p.detail}）`,
  whyWaiting: (p) => `<#${p.channel}>：自 ${p.when} 起等待摘要；摘要完成後就會發布`,
  whyQueued: (p) => `<#${p.channel}>：已摘要，自 ${p.when} 起在頻道中排隊等候發布`,
  whyFailed: (p) => `<#${p.channel}>：失敗：${p.error}`,
  whyPaused: (p) =>
    `<#${p.channel}>：未發布：此頻道的訂閱自 ${p.when} 起已暫停${p.error !== null ? `（${p.error}）` : ''}`,
  whySeen: (p) => `<#${p.channel}>：Herald 開始追蹤此來源時（${p.when}）它已在來源中，因此標為已讀，不會發布`,
  whyBeforeSubscription: (p) => `<#${p.channel}>：Herald 在此頻道追蹤這個來源之前就讀到了它（${p.when}）`,
  whyNoRecord: (p) => `<#${p.channel}>：Herald 沒有它在此頻道的紀錄`,
  whyNotSeen: (p) => `此伺服器的來源中都沒有出現過 ${p.url} 這個項目。`,
  whyLastPoll: (p) => `**${p.feed}**：上次檢查 ${p.line}`,
  whyNeverPolled: (p) => `**${p.feed}**：還沒有檢查紀錄`,
  whyNoFeeds: () => '此伺服器尚未追蹤任何來源：可用 `/feed add` 新增。',
};
