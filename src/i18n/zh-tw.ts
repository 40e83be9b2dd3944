import type { PageRefusal } from '../domain.js';
import type { BotPermission, Catalogue } from './en.js';
import { zhTWBackup } from './zh-tw-backup.js';
import { zhTWBriefings } from './zh-tw-briefings.js';
import { zhTWErrors } from './zh-tw-errors.js';
import { zhTWFeedAdmin } from './zh-tw-feed-admin.js';
import { zhTWFetch } from './zh-tw-fetch.js';
import { zhTWFilters } from './zh-tw-filters.js';
import { zhTWStories } from './zh-tw-stories.js';
import { zhTWSubscriptionSettings } from './zh-tw-subscription-settings.js';
import { zhTWTemplates } from './zh-tw-templates.js';
import { zhTWThreads } from './zh-tw-threads.js';
import { zhTWWebhooks } from './zh-tw-webhooks.js';

const permissions: Record<BotPermission, string> = {
  'view-channel': '檢視頻道',
  'send-messages': '傳送訊息',
  'create-posts': '建立貼文',
  'send-messages-in-threads': '在討論串中傳送訊息',
  'create-public-threads': '建立公開討論串',
  'manage-threads': '管理討論串',
  'embed-links': '嵌入連結',
};

const reasons: Record<string, string> = {
  'channel-deleted': '該頻道已不存在。',
  'missing-access': 'Herald 已無法檢視該頻道（檢視頻道）。',
  'missing-permissions': 'Herald 已無權在該頻道發文（傳送訊息／嵌入連結）。',
  'thread-locked': '該討論串已被鎖定，只有管理員能在其中發文。',
  'missing-manage-webhooks': zhTWWebhooks.pausedManageWebhooks(),
};

const pageRefusals: Record<PageRefusal, (limit: number) => string> = {
  'too-deep': (limit) => `它的 HTML 巢狀超過 ${limit} 層，遠超過文章頁面所需。`,
  'too-many-nodes': (limit) => `它有超過 ${limit} 個 HTML 元素，遠超過文章頁面所需。`,
  'too-much-text': () => '它的文字超過 Herald 從單一頁面讀取的上限。',
  timeout: (limit) => `擷取文章花了超過 ${limit / 1000} 秒。`,
  'out-of-memory': (limit) => `擷取文章需要超過 ${limit} MB 的記憶體。`,
};

function duration(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} 小時`;
  if (seconds % 60 === 0) return `${seconds / 60} 分鐘`;
  return `${seconds} 秒`;
}

/** 繁體中文回覆。 */
export const zhTW: Catalogue = {
  dmOnly: () => 'Herald 的指令只能在伺服器內使用，無法在私訊中使用。請到伺服器的頻道裡使用。',
  unknownCommand: () => '這個版本的 Herald 不認得此指令。',
  incident: (p) => `Herald 發生錯誤（事件編號 ${p.id}），請稍後再試。`,
  needManageServer: () => '你需要 **管理伺服器** 權限才能變更 Herald 在此發布的內容。',
  expired: () => '此按鈕已失效，或屬於其他人。請重新執行指令。',
  cancelled: () => '已取消，沒有任何變更。',
  noticePaused: (p) =>
    `Herald 已停止在 <#${p.channelId}> 發文（暫停 ${p.count} 個訂閱）：${reasons[p.reason] ?? 'Herald 已被移出伺服器。'}修正後請在該頻道再次執行 \`/subscribe\` 以恢復。`,
  noticeFeedDisabled: (p) =>
    [
      p.failures === 1
        ? `Herald 已停止檢查來源 ${p.feed}：它的伺服器表示此來源已永久移除。`
        : `Herald 已停止檢查來源 ${p.feed}：它連續失敗了 ${p.failures} 次。`,
      `最後的錯誤：${p.error ?? '不明'}。`,
      `在擁有「管理伺服器」權限的人執行 \`/feed retry feed:${p.id}\` 之前，這裡不會發布它的任何內容。`,
    ].join('\n'),
  feedHealthTitle: (p) => `**此伺服器的來源**（${p.count}）`,
  feedHealthNone: () => '此伺服器尚未追蹤任何來源。請用 `/feed add` 新增。',
  feedHealthMore: (p) => `…還有 ${p.count} 個。`,
  feedHealthUntitled: () => '未命名來源',
  feedHealthLastSuccess: (p) => `上次成功 ${p.when}`,
  feedHealthNeverFetched: () => '從未成功抓取',
  feedHealthLastError: (p) => `上次錯誤${p.kind ? `（${p.kind}）` : ''}：${p.error}`,
  feedHealthDisabled: (p) => `⛔ 已停用（${p.when}，連續失敗 ${p.failures} 次）`,
  feedHealthRetryHint: (p) => `執行 \`/feed retry feed:${p.id}\` 可重新啟用`,
  feedHealthFailing: (p) => `⚠️ 失敗中：已失敗 ${p.failures} 次，達 ${p.limit} 次即停用`,
  feedHealthNextTry: (p) => `下次重試 ${p.when}`,
  feedHealthOk: (p) => `✅ ${p.success}`,
  feedHealthNextPoll: (p) => `下次檢查 ${p.when}`,
  feedHealthEvery: (p) => `每 ${duration(p.seconds)}`,
  feedRetried: (p) => `**${p.feed}** 已重新啟用；Herald 會在一分鐘內檢查它。\`/feed list\` 會顯示結果。`,
  feedAdded: (p) => `已在 <#${p.channel}> 追蹤 **${p.feed}**。新報導會摘要後發布在那裡。`,
  feedAlready: (p) => `<#${p.channel}> 已經追蹤 **${p.feed}**。`,
  feedDiscovered: (p) => `在 ${p.page} 找到了來源。`,
  feedBackfilled: (p) => `最新的 ${p.count} 則報導即將發布。`,
  feedLatest: (p) => `最新：${p.line}`,
  feedEmpty: () => '此來源尚無內容。',
  feedTruncated: (p) =>
    [
      p.kept < p.total ? `只讀取了此來源 ${p.total} 則項目中最新的 ${p.kept} 則。` : '',
      p.textCut > 0 ? `${p.textCut} 則項目的內文被截短。` : '',
    ].join(''),
  importProgress: (p) => `正在匯入來源… ${p.done}/${p.total}`,
  importResult: (p) =>
    `<#${p.channel}> 新追蹤了 **${p.added}** 個來源${p.already > 0 ? `（另有 ${p.already} 個原本就在追蹤）` : ''}。之前發布的內容不會發文，之後的新報導才會。`,
  importFailed: (p) => `**${p.count}** 個無法加入：`,
  importSkipped: (p) => `有 ${p.count} 個來源來不及處理：請再匯入一次以加入。`,
  importNone: () => '此檔案沒有列出任何來源。',
  exportDone: (p) => `此伺服器的 ${p.count} 個來源（OPML 格式）：可匯入其他閱讀器，或在此用 \`/feed import\` 匯入。`,
  searchTitle: (p) =>
    p.capped
      ? `**「${p.query}」的結果** — 第 ${p.page}／${p.pages}+ 頁（超過 ${p.total} 篇）`
      : `**「${p.query}」的結果** — 第 ${p.page}／${p.pages} 頁（共 ${p.total} 篇）`,
  searchNone: (p) => `沒有文章符合「${p.query}」。`,
  previous: () => '上一頁',
  next: () => '下一頁',
  needFeedOrTopic: () => '請提供來源、主題或兩者。',
  subscribedTopic: (p) =>
    `<#${p.channel}> 現在追蹤主題「${p.topic}」${p.feed ? `（限 **${p.feed}**）` : '（此伺服器的所有來源）'}${p.extras}。`,
  topicLine: (p) => `• \`t${p.id}\` <#${p.channel}> ← 主題「${p.topic}」${p.feed ? `（**${p.feed}**）` : ''}`,
  unknownFeed: () => '此伺服器沒有追蹤這個來源。請在輸入時從清單中選擇。',
  unknownSubscription: () => '此伺服器沒有這個訂閱。請在輸入時從清單中選擇。',
  channelNotHere: () => '該頻道不在此伺服器中。',
  channelUnreachable: () => 'Herald 看不到該頻道。請在該頻道給予 **檢視頻道** 權限。',
  channelType: () => 'Herald 只能在文字、公告和論壇頻道發文。',
  roleNotHere: () => '該身分組不在此伺服器中。',
  botMissing: (p) =>
    `Herald 無法在 <#${p.channel}> 發文：缺少 **${p.permissions.map((n) => permissions[n]).join('、')}** 權限。請在頻道設定中授予後再試。`,
  subscribed: (p) => `<#${p.channel}> 現在追蹤 **${p.feed}**${p.extras}。`,
  subscribedExtras: (p) => [p.role ? `，並提及 <@&${p.role}>` : '', p.max ? `，每小時最多 ${p.max} 則` : ''].join(''),
  confirmUnsubscribe: (p) => `要停止在 <#${p.channel}> 發布 **${p.feed}** 嗎？`,
  unsubscribed: (p) => `<#${p.channel}> 已不再追蹤 **${p.feed}**。`,
  confirmRemoveFeed: (p) => `要從此伺服器移除 **${p.feed}** 嗎？將刪除 ${p.count} 個頻道訂閱。`,
  feedRemoved: (p) => `已移除 **${p.feed}**（刪除 ${p.count} 個訂閱）。`,
  confirmButton: () => '確認',
  cancelButton: () => '取消',
  noSubscriptions: () => '此伺服器尚未追蹤任何來源。請用 `/feed add` 新增。',
  noSubscriptionsIn: (p) => `<#${p.channel}> 沒有追蹤任何來源。`,
  subscriptionsTitle: (p) => `**訂閱（${p.count}）**`,
  paused: () => '已暫停',
  latestTitle: (p) => `**${p.feed} 的最新文章**`,
  latestNone: () => '尚無文章。',
  settingsShow: (p) =>
    `**設定**\n語言：\`${p.language}\`\n摘要風格：\`${p.style}\`\n範本：\`${p.layout}\`\n時區：\`${p.timezone}\`\n非新聞內容（廣告、星座、測驗…）：\`${p.filler}\``,
  roundupTitle: (p) => `${p.feed} 的另外 ${p.count} 則報導`,
  roundupTopicTitle: (p) => `主題「${p.topic}」的另外 ${p.count} 則報導`,
  settingsSaved: () => '設定已儲存。',
  badTimezone: (p) => `「${p.value}」不是已知的時區。請使用 IANA 名稱，例如 \`Asia/Taipei\`。`,
  badLanguage: (p) => `「${p.value}」不是語言標籤。請使用 \`source\` 或 \`en\`、\`zh-TW\`、\`zh-CN\` 等標籤。`,
  pageRefused: (p) => `Herald 沒有讀取 ${p.url}：${pageRefusals[p.reason](p.limit)}`,
  help: () =>
    [
      '**Herald** 會為此伺服器追蹤的來源的每則新報導發布簡短摘要。',
      '`/feed add url [channel]` 追蹤來源 · `/feed remove feed` 停止追蹤',
      '`/feed import file [channel]` 追蹤 OPML 檔案中的來源 · `/feed export` 以 OPML 匯出此伺服器的來源',
      '`/feed list` 來源狀態 · `/feed why url` 文章的下落 · `/feed history feed` 來源最近的檢查 · `/feed interval feed minutes` 檢查間隔 · `/feed move feed url` 更改網址',
      '`/subscribe feed [channel] [mention-role] [max-per-hour] [filter] [max-age-hours] [language] [style] [template]` 在另一個頻道發布已追蹤的來源，可只發布符合篩選條件的文章，也可用自己的語言、風格或範本',
      '`/subscribe … [thread] [publish] [webhook] [per-story]` 每則貼文開討論串、發布（公告頻道）、以來源自己的名稱發文、每則新聞一則貼文',
      '`/mention add|remove|list` 在符合篩選條件的貼文中提及身分組',
      '`/forum-tags map|remove|list` 為論壇中某主題的貼文加上論壇的標籤',
      '`/story link` 各媒體對同一則新聞的報導 · `/alert set|remove|list` 新聞在 M 分鐘內有 N 家媒體報導時提及身分組',
      '`/unsubscribe subscription` · `/subscriptions [channel]` 各頻道追蹤的內容',
      '`/search query` 搜尋過去的文章 · `/latest [feed] [count]` 最新文章 · `/summarize url` 摘要任何網頁',
      '`/backup export` · `/backup import file` 將此伺服器的設定存成檔案，並還原到這裡或其他伺服器',
      '`/template set|list|remove|preview` 訊息範本 · `/settings` 語言、摘要風格、範本、時區、非新聞內容（發布或略過）',
      '`/briefing add|list|remove|preview` 每天在指定時間於頻道發布重點新聞簡報',
      '管理指令需要 **管理伺服器** 權限。',
    ].join('\n'),
  ...zhTWErrors,
  ...zhTWFeedAdmin,
  ...zhTWFilters,
  ...zhTWBackup,
  ...zhTWWebhooks,
  ...zhTWStories,
  ...zhTWBriefings,
  ...zhTWSubscriptionSettings,
  ...zhTWThreads,
  ...zhTWTemplates,
  ...zhTWFetch,
};
