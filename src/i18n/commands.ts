import type { LocalizationMap } from 'discord-api-types/v10';

/** Localized command names and descriptions: `command` or `command.option` → [zh-TW, zh-CN]. */
const DESCRIPTIONS: Record<string, [string, string]> = {
  feed: ['管理此伺服器追蹤的來源', '管理此服务器关注的来源'],
  'feed.add': ['在頻道中追蹤來源（RSS、Atom 或 JSON Feed）', '在频道中关注来源（RSS、Atom 或 JSON Feed）'],
  'feed.add.url': ['來源網址', '来源网址'],
  'feed.add.channel': ['發文的頻道（預設：此頻道）', '发帖的频道（默认：此频道）'],
  'feed.add.backfill': ['立即發布最新的幾則（0–10）', '立即发布最新的几条（0–10）'],
  'feed.remove': ['停止追蹤來源並刪除其所有訂閱', '取消关注来源并删除其所有订阅'],
  'feed.remove.feed': ['要移除的來源', '要移除的来源'],
  subscribe: ['讓頻道發布已追蹤的來源', '让频道发布已关注的来源'],
  'subscribe.feed': ['來源（此伺服器追蹤的）', '来源（此服务器关注的）'],
  'subscribe.topic': ['主題查詢：符合的文章會發布到頻道', '主题查询：符合的文章会发布到频道'],
  'subscribe.channel': ['發文的頻道（預設：此頻道）', '发帖的频道（默认：此频道）'],
  'subscribe.mention-role': ['每則新文章要提及的身分組', '每条新文章要提及的身份组'],
  'subscribe.max-per-hour': ['每小時最多幾則，超出的合併為一則摘要', '每小时最多几条，超出的合并为一条汇总'],
  unsubscribe: ['停止頻道的一個訂閱', '停止频道的一个订阅'],
  'unsubscribe.subscription': ['要停止的訂閱', '要停止的订阅'],
  subscriptions: ['列出此伺服器的訂閱', '列出此服务器的订阅'],
  'subscriptions.channel': ['只列出此頻道的訂閱', '只列出此频道的订阅'],
  latest: ['顯示最新文章', '显示最新文章'],
  'latest.feed': ['來源（預設：全部）', '来源（默认：全部）'],
  'latest.count': ['幾則（1–10）', '几条（1–10）'],
  settings: ['查看或變更 Herald 在此伺服器的設定', '查看或更改 Herald 在此服务器的设置'],
  'settings.language': ['摘要語言：source（原文）或 en、zh-TW、zh-CN…', '摘要语言：source（原文）或 en、zh-TW、zh-CN…'],
  'settings.style': ['摘要風格', '摘要风格'],
  'settings.layout': ['貼文版面', '帖子版式'],
  'settings.timezone': ['IANA 時區，例如 Asia/Taipei', 'IANA 时区，例如 Asia/Shanghai'],
  summarize: ['摘要任何文章網頁', '摘要任意文章网页'],
  'summarize.url': ['文章網址', '文章网址'],
  help: ['Herald 的使用說明', 'Herald 的使用说明'],
  search: ['搜尋此伺服器追蹤的來源的過去文章', '搜索此服务器关注的来源的过去文章'],
  'search.query': ['要找的字詞', '要找的词语'],
  'search.feed': ['只搜尋這個來源', '只搜索这个来源'],
  'search.since': ['只搜尋此後的文章（例如 7d 或 2024-05-01）', '只搜索此后的文章（例如 7d 或 2024-05-01）'],
};

const NAMES: Record<string, [string, string]> = {
  subscribe: ['訂閱', '订阅'],
  unsubscribe: ['取消訂閱', '取消订阅'],
  subscriptions: ['訂閱列表', '订阅列表'],
  latest: ['最新', '最新'],
  settings: ['設定', '设置'],
  help: ['說明', '帮助'],
  summarize: ['摘要', '摘要'],
  search: ['搜尋', '搜索'],
};

const map = ([tw, cn]: [string, string]): LocalizationMap => ({ 'zh-TW': tw, 'zh-CN': cn });

/** Description localizations for `key` (`command`, `command.option` or `command.sub.option`). */
export function descriptions(key: string): LocalizationMap {
  const entry = DESCRIPTIONS[key];
  return entry ? map(entry) : {};
}

/** Name localizations of a top-level command (options keep their English names, which the docs use). */
export function names(command: string): LocalizationMap {
  const entry = NAMES[command];
  return entry ? map(entry) : {};
}
