import type { LocalizationMap } from 'discord-api-types/v10';
import { BRIEFING_COMMANDS } from './commands-briefings.js';
import { STORY_COMMANDS } from './commands-stories.js';

/** One text in Traditional (zh-TW) and Simplified (zh-CN) Chinese. */
type Pair = readonly [tw: string, cn: string];

/** What Discord shows in place of a command's, subcommand's, option's or choice's English name and description. */
interface Localized {
  /** Lowercase where the script has case, matching Discord's name rule; choice names are 1–100 characters. */
  name: Pair;
  /** 1–100 characters; choices have none. */
  description?: Pair;
}

/**
 * The zh-TW and zh-CN names and descriptions of every command, keyed by path: `command`, `command.option`,
 * `command.subcommand`, `command.subcommand.option`, and `….option.<choice value>` for a choice. Discord sends the
 * English names in interactions whatever the user's language, so the code reads options by their English names.
 */
const TABLE: Record<string, Localized> = {
  feed: { name: ['來源', '来源'], description: ['管理此伺服器追蹤的來源', '管理此服务器关注的来源'] },
  'feed.add': {
    name: ['新增', '添加'],
    description: ['在頻道中追蹤來源（RSS、Atom 或 JSON Feed）', '在频道中关注来源（RSS、Atom 或 JSON Feed）'],
  },
  'feed.add.url': {
    name: ['網址', '网址'],
    description: ['來源網址（或連到來源的網頁）', '来源网址（或链接到来源的网页）'],
  },
  'feed.add.channel': {
    name: ['頻道', '频道'],
    description: ['發文的頻道（預設：此頻道）', '发帖的频道（默认：此频道）'],
  },
  'feed.add.backfill': {
    name: ['補發', '补发'],
    description: ['立即發布最新的幾則（0–10）', '立即发布最新的几条（0–10）'],
  },
  'feed.remove': {
    name: ['移除', '移除'],
    description: ['停止追蹤來源並刪除其所有訂閱', '取消关注来源并删除其所有订阅'],
  },
  'feed.remove.feed': { name: ['來源', '来源'], description: ['要移除的來源', '要移除的来源'] },
  'feed.list': {
    name: ['列表', '列表'],
    description: [
      '此伺服器的來源與狀態：上次成功、上次錯誤、下次檢查',
      '此服务器的来源与状态：上次成功、上次错误、下次检查',
    ],
  },
  'feed.retry': {
    name: ['重試', '重试'],
    description: ['重新啟用失敗或停用的來源並立即檢查', '重新启用失败或停用的来源并立即检查'],
  },
  'feed.retry.feed': {
    name: ['來源', '来源'],
    description: ['來源：/feed list 中的編號或網址', '来源：/feed list 中的编号或网址'],
  },
  'feed.import': {
    name: ['匯入', '导入'],
    description: [
      '在頻道中追蹤 OPML 檔案（其他閱讀器匯出的）中的每個來源',
      '在频道中关注 OPML 文件（其他阅读器导出的）中的每个来源',
    ],
  },
  'feed.import.file': {
    name: ['檔案', '文件'],
    description: ['OPML 檔案（.opml 或 .xml）', 'OPML 文件（.opml 或 .xml）'],
  },
  'feed.import.channel': {
    name: ['頻道', '频道'],
    description: ['發文的頻道（預設：此頻道）', '发帖的频道（默认：此频道）'],
  },
  'feed.export': {
    name: ['匯出', '导出'],
    description: [
      '以 OPML 檔案匯出此伺服器的來源，供其他閱讀器使用',
      '以 OPML 文件导出此服务器的来源，供其他阅读器使用',
    ],
  },
  backup: {
    name: ['備份', '备份'],
    description: ['將此伺服器的 Herald 設定存成檔案，或從檔案還原', '将此服务器的 Herald 设置保存为文件，或从文件恢复'],
  },
  'backup.export': {
    name: ['匯出', '导出'],
    description: [
      '以檔案匯出此伺服器的來源、訂閱、身分組與設定，可用 /backup import 還原',
      '以文件导出此服务器的来源、订阅、身份组和设置，可用 /backup import 恢复',
    ],
  },
  'backup.import': {
    name: ['匯入', '导入'],
    description: [
      '還原 /backup export 產生的檔案（來自此伺服器或其他伺服器）',
      '恢复 /backup export 生成的文件（来自此服务器或其他服务器）',
    ],
  },
  'backup.import.file': {
    name: ['檔案', '文件'],
    description: ['備份檔案（.json）', '备份文件（.json）'],
  },
  'feed.why': {
    name: ['原因', '原因'],
    description: [
      '某篇文章在此伺服器各頻道的下落：已發布、被篩選、略過、等待中或失敗',
      '某篇文章在此服务器各频道的去向：已发布、被筛选、跳过、等待中或失败',
    ],
  },
  'feed.why.url': { name: ['網址', '网址'], description: ['文章的連結（或 guid）', '文章的链接（或 guid）'] },
  'feed.history': {
    name: ['紀錄', '记录'],
    description: [
      '來源最近 20 次檢查：時間、HTTP 狀態、大小、耗時、新報導、錯誤',
      '来源最近 20 次检查：时间、HTTP 状态、大小、耗时、新报道、错误',
    ],
  },
  'feed.history.feed': {
    name: ['來源', '来源'],
    description: ['來源：/feed list 中的編號或網址', '来源：/feed list 中的编号或网址'],
  },
  'feed.interval': {
    name: ['間隔', '间隔'],
    description: ['Herald 多久檢查一次來源（分鐘）', 'Herald 多久检查一次来源（分钟）'],
  },
  'feed.interval.feed': {
    name: ['來源', '来源'],
    description: ['來源：/feed list 中的編號或網址', '来源：/feed list 中的编号或网址'],
  },
  'feed.interval.minutes': { name: ['分鐘', '分钟'], description: ['每次檢查間隔的分鐘數', '每次检查间隔的分钟数'] },
  'feed.move': {
    name: ['搬移', '迁移'],
    description: ['更改來源的網址，保留訂閱與紀錄', '更改来源的地址，保留订阅与记录'],
  },
  'feed.move.feed': {
    name: ['來源', '来源'],
    description: ['來源：/feed list 中的編號或網址', '来源：/feed list 中的编号或网址'],
  },
  'feed.move.url': {
    name: ['網址', '网址'],
    description: ['新網址（來源，或連到來源的網頁）', '新地址（来源，或链接到来源的网页）'],
  },
  subscribe: { name: ['訂閱', '订阅'], description: ['讓頻道發布已追蹤的來源', '让频道发布已关注的来源'] },
  'subscribe.feed': { name: ['來源', '来源'], description: ['來源（此伺服器追蹤的）', '来源（此服务器关注的）'] },
  'subscribe.topic': {
    name: ['主題', '主题'],
    description: ['主題查詢：符合的文章會發布到頻道', '主题查询：符合的文章会发布到频道'],
  },
  'subscribe.channel': {
    name: ['頻道', '频道'],
    description: ['發文的頻道（預設：此頻道）', '发帖的频道（默认：此频道）'],
  },
  'subscribe.mention-role': {
    name: ['提及身分組', '提及身份组'],
    description: ['每則新文章要提及的身分組', '每条新文章要提及的身份组'],
  },
  'subscribe.max-per-hour': {
    name: ['每小時上限', '每小时上限'],
    description: ['每小時最多幾則，超出的合併為一則摘要', '每小时最多几条，超出的合并为一条汇总'],
  },
  unsubscribe: { name: ['取消訂閱', '取消订阅'], description: ['停止頻道的一個訂閱', '停止频道的一个订阅'] },
  'unsubscribe.subscription': { name: ['訂閱', '订阅'], description: ['要停止的訂閱', '要停止的订阅'] },
  subscriptions: { name: ['訂閱列表', '订阅列表'], description: ['列出此伺服器的訂閱', '列出此服务器的订阅'] },
  'subscriptions.channel': { name: ['頻道', '频道'], description: ['只列出此頻道的訂閱', '只列出此频道的订阅'] },
  'subscribe.filter': {
    name: ['篩選', '筛选'],
    description: [
      '只發布符合的文章：title:、author:、category:、link:、topic:、entity:、-排除',
      '只发布符合的文章：title:、author:、category:、link:、topic:、entity:、-排除',
    ],
  },
  'subscribe.max-age-hours': {
    name: ['最長時數', '最长小时数'],
    description: ['略過 Herald 首次看到時已發布超過此時數的項目', '跳过 Herald 首次看到时已发布超过此小时数的条目'],
  },
  'subscribe.language': {
    name: ['語言', '语言'],
    description: [
      '此訂閱的摘要語言：source（原文）或 en、zh-TW、zh-CN…（預設：伺服器設定）',
      '此订阅的摘要语言：source（原文）或 en、zh-TW、zh-CN…（默认：服务器设置）',
    ],
  },
  'subscribe.style': {
    name: ['風格', '风格'],
    description: ['此訂閱的摘要風格（預設：伺服器設定）', '此订阅的摘要风格（默认：服务器设置）'],
  },
  'subscribe.style.brief': { name: ['簡短', '简短'] },
  'subscribe.style.standard': { name: ['標準', '标准'] },
  'subscribe.style.detailed': { name: ['詳細', '详细'] },
  'subscribe.template': {
    name: ['範本', '模板'],
    description: [
      '貼文的樣子：預設樣式或此伺服器的範本（預設：伺服器設定）',
      '帖子的样子：预设样式或本服务器的模板（默认：服务器设置）',
    ],
  },
  'subscribe.thread': {
    name: ['討論串', '子区'],
    description: ['在每則貼文上開討論串（文字與公告頻道）', '在每条帖子上开子区（文字与公告频道）'],
  },
  'subscribe.thread.none': { name: ['不開', '不开'] },
  'subscribe.thread.per-article': { name: ['每則文章', '每篇文章'] },
  'subscribe.thread-archive': {
    name: ['討論串封存', '子区归档'],
    description: ['貼文的討論串無活動多久後封存（預設：1 天）', '帖子的子区无活动多久后归档（默认：1 天）'],
  },
  'subscribe.thread-archive.60': { name: ['1 小時', '1 小时'] },
  'subscribe.thread-archive.1440': { name: ['1 天', '1 天'] },
  'subscribe.thread-archive.4320': { name: ['3 天', '3 天'] },
  'subscribe.thread-archive.10080': { name: ['1 週', '1 周'] },
  'subscribe.publish': {
    name: ['發布', '发布'],
    description: [
      '將每則貼文發布到追蹤此公告頻道的伺服器（每小時最多 10 則）',
      '将每条帖子发布到关注此公告频道的服务器（每小时最多 10 条）',
    ],
  },
  'subscribe.webhook': {
    name: ['webhook發文', 'webhook发帖'],
    description: [
      '透過頻道 webhook 以來源的名稱與圖示發文（需要「管理 Webhook」權限）',
      '通过频道 webhook 以来源的名称与图标发帖（需要“管理 Webhook”权限）',
    ],
  },
  'subscribe.webhook-name': {
    name: ['webhook名稱', 'webhook名称'],
    description: ['webhook 貼文顯示的名稱（預設：來源標題）', 'webhook 帖子显示的名称（默认：来源标题）'],
  },
  'subscribe.webhook-avatar': {
    name: ['webhook頭像', 'webhook头像'],
    description: [
      'webhook 貼文顯示的頭像：https 圖片網址（預設：網站圖示）',
      'webhook 帖子显示的头像：https 图片网址（默认：网站图标）',
    ],
  },
  mention: {
    name: ['提及', '提及'],
    description: ['在訂閱的貼文中提及身分組，各有各的篩選條件', '在订阅的帖子中提及身份组，各有各的筛选条件'],
  },
  'mention.add': {
    name: ['新增', '添加'],
    description: ['在訂閱的貼文（或符合篩選的貼文）中提及身分組', '在订阅的帖子（或符合筛选的帖子）中提及身份组'],
  },
  'mention.add.subscription': { name: ['訂閱', '订阅'], description: ['來源或主題訂閱', '源或主题订阅'] },
  'mention.add.role': { name: ['身分組', '身份组'], description: ['要提及的身分組', '要提及的身份组'] },
  'mention.add.filter': {
    name: ['篩選', '筛选'],
    description: [
      '只在符合時提及，例如 entity:台灣 或 topic:business（預設：每則貼文）',
      '只在符合时提及，例如 entity:台湾 或 topic:business（默认：每条帖子）',
    ],
  },
  'mention.remove': {
    name: ['移除', '移除'],
    description: ['不再在訂閱的貼文中提及身分組', '不再在订阅的帖子中提及身份组'],
  },
  'mention.remove.subscription': { name: ['訂閱', '订阅'], description: ['來源或主題訂閱', '源或主题订阅'] },
  'mention.remove.role': { name: ['身分組', '身份组'], description: ['不再提及的身分組', '不再提及的身份组'] },
  'forum-tags': {
    name: ['論壇標籤', '论坛标签'],
    description: ['貼文依文章主題加上哪些論壇標籤', '帖子按文章主题加上哪些论坛标签'],
  },
  'forum-tags.map': {
    name: ['對應', '对应'],
    description: ['讓關於某主題的論壇貼文加上論壇的某個標籤', '让关于某主题的论坛帖子加上论坛的某个标签'],
  },
  'forum-tags.map.channel': { name: ['頻道', '频道'], description: ['論壇頻道', '论坛频道'] },
  'forum-tags.map.topic': {
    name: ['主題', '主题'],
    description: ['文章的主題標籤，例如 經濟 或 Economy', '文章的主题标签，例如 经济 或 Economy'],
  },
  'forum-tags.map.tag': { name: ['標籤', '标签'], description: ['論壇中某個標籤的名稱', '论坛中某个标签的名称'] },
  'forum-tags.remove': {
    name: ['移除', '移除'],
    description: ['移除論壇中某主題的標籤對應', '移除论坛中某主题的标签对应'],
  },
  'forum-tags.remove.channel': { name: ['頻道', '频道'], description: ['論壇頻道', '论坛频道'] },
  'forum-tags.remove.topic': { name: ['主題', '主题'], description: ['文章的主題標籤', '文章的主题标签'] },
  'forum-tags.list': {
    name: ['列表', '列表'],
    description: ['列出此伺服器的論壇標籤對應', '列出此服务器的论坛标签对应'],
  },
  'mention.list': { name: ['列表', '列表'], description: ['列出此伺服器的提及規則', '列出此服务器的提及规则'] },
  latest: { name: ['最新', '最新'], description: ['顯示最新文章', '显示最新文章'] },
  'latest.feed': { name: ['來源', '来源'], description: ['來源（預設：全部）', '来源（默认：全部）'] },
  'latest.count': { name: ['數量', '数量'], description: ['幾則（1–10）', '几条（1–10）'] },
  settings: {
    name: ['設定', '设置'],
    description: ['查看或變更 Herald 在此伺服器的設定', '查看或更改 Herald 在此服务器的设置'],
  },
  'settings.language': {
    name: ['語言', '语言'],
    description: ['摘要語言：source（原文）或 en、zh-TW、zh-CN…', '摘要语言：source（原文）或 en、zh-TW、zh-CN…'],
  },
  'settings.style': { name: ['風格', '风格'], description: ['摘要風格', '摘要风格'] },
  'settings.style.brief': { name: ['簡短', '简短'] },
  'settings.style.standard': { name: ['標準', '标准'] },
  'settings.style.detailed': { name: ['詳細', '详细'] },
  'settings.template': {
    name: ['範本', '模板'],
    description: [
      '貼文的樣子：預設樣式（摘要卡片、精簡一行…）或此伺服器的範本',
      '帖子的样子：预设样式（摘要卡片、精简一行…）或本服务器的模板',
    ],
  },
  template: {
    name: ['範本', '模板'],
    description: ['訊息範本：預設樣式之外，貼文的樣子', '消息模板：预设样式之外，帖子的样子'],
  },
  'template.set': {
    name: ['儲存', '保存'],
    description: [
      '儲存訊息範本（含 content、embed、button 的 JSON，見 README「Posts」）',
      '保存消息模板（包含 content、embed、button 的 JSON，见 README“Posts”）',
    ],
  },
  'template.set.name': {
    name: ['名稱', '名称'],
    description: ['小寫英文字母、數字、連字號', '小写英文字母、数字、连字符'],
  },
  'template.set.content': {
    name: ['內容', '内容'],
    description: [
      '{"content": "…", "embed": {…}, "button": "…"}，可用 {headline}、{summary:200}、{author|feed}…',
      '{"content": "…", "embed": {…}, "button": "…"}，可用 {headline}、{summary:200}、{author|feed}…',
    ],
  },
  'template.list': { name: ['列表', '列表'], description: ['此伺服器的訊息範本', '本服务器的消息模板'] },
  'template.remove': {
    name: ['移除', '删除'],
    description: ['移除訊息範本；使用它的訂閱改回伺服器的預設樣式', '删除消息模板；使用它的订阅改回服务器的预设样式'],
  },
  'template.remove.name': { name: ['名稱', '名称'], description: ['要移除的範本', '要删除的模板'] },
  'template.preview': {
    name: ['預覽', '预览'],
    description: [
      '只給你看：用某個範本呈現來源的最新文章，並附發送按鈕',
      '仅你可见：用某个模板呈现来源的最新文章，并附发送按钮',
    ],
  },
  'template.preview.feed': { name: ['來源', '来源'], description: ['此伺服器追蹤的來源', '本服务器关注的来源'] },
  'template.preview.template': {
    name: ['範本', '模板'],
    description: ['預設樣式或此伺服器的範本', '预设样式或本服务器的模板'],
  },
  'template.preview.language': {
    name: ['語言', '语言'],
    description: [
      '摘要語言：source（原文）或 en、zh-TW…（預設：伺服器設定）',
      '摘要语言：source（原文）或 en、zh-TW…（默认：服务器设置）',
    ],
  },
  'template.preview.channel': {
    name: ['頻道', '频道'],
    description: ['「發送到頻道」要發到哪裡（預設：此頻道）', '“发送到频道”要发到哪里（默认：此频道）'],
  },
  'settings.timezone': {
    name: ['時區', '时区'],
    description: ['IANA 時區，例如 Asia/Taipei', 'IANA 时区，例如 Asia/Shanghai'],
  },
  'settings.filler': {
    name: ['非新聞內容', '非新闻内容'],
    description: ['非新聞內容（廣告、星座、測驗…）要發布還是略過', '非新闻内容（广告、星座、测验…）要发布还是跳过'],
  },
  'settings.filler.post': { name: ['發布', '发布'] },
  'settings.filler.skip': { name: ['略過', '跳过'] },
  summarize: { name: ['摘要', '摘要'], description: ['摘要任何文章網頁', '摘要任意文章网页'] },
  'summarize.url': { name: ['網址', '网址'], description: ['文章網址', '文章网址'] },
  help: { name: ['說明', '帮助'], description: ['Herald 的使用說明', 'Herald 的使用说明'] },
  search: {
    name: ['搜尋', '搜索'],
    description: ['搜尋此伺服器追蹤的來源的過去文章', '搜索此服务器关注的来源的过去文章'],
  },
  'search.query': { name: ['關鍵字', '关键词'], description: ['要找的字詞', '要找的词语'] },
  'search.feed': { name: ['來源', '来源'], description: ['只搜尋這個來源', '只搜索这个来源'] },
  'search.since': {
    name: ['起始', '起始'],
    description: ['只搜尋此後的文章（例如 7d 或 2024-05-01）', '只搜索此后的文章（例如 7d 或 2024-05-01）'],
  },
  ...STORY_COMMANDS,
  ...BRIEFING_COMMANDS,
};

const map = ([tw, cn]: Pair): LocalizationMap => ({ 'zh-TW': tw, 'zh-CN': cn });

/** A command, subcommand or option as `toJSON()` gives it, reduced to what localization reads and writes. */
interface CommandNode {
  name: string;
  name_localizations?: LocalizationMap | null;
  description?: string;
  description_localizations?: LocalizationMap | null;
  options?: readonly CommandNode[];
  choices?: ReadonlyArray<{ name: string; value: string | number; name_localizations?: LocalizationMap | null }>;
}

/**
 * A command's JSON with the zh-TW and zh-CN names and descriptions of the command, its subcommands, options and
 * choices filled in from the table. Anything the table does not list keeps what the builder gave it. Applied where
 * the commands are sent to Discord (`deployCommands`), so the builders carry English only.
 */
export function localizeCommand<T extends CommandNode>(command: T): T {
  return localize(command, command.name);
}

function localize<T extends CommandNode>(node: T, key: string): T {
  const entry = TABLE[key];
  return {
    ...node,
    ...(entry ? { name_localizations: map(entry.name) } : {}),
    ...(entry?.description ? { description_localizations: map(entry.description) } : {}),
    ...(node.options ? { options: node.options.map((o) => localize(o, `${key}.${o.name}`)) } : {}),
    ...(node.choices
      ? {
          choices: node.choices.map((c) => {
            const choice = TABLE[`${key}.${c.value}`];
            return choice ? { ...c, name_localizations: map(choice.name) } : c;
          }),
        }
      : {}),
  };
}

/** Every key the table localizes (tests check each names a real command, option or choice, and none is missing). */
export function localizationKeys(): string[] {
  return Object.keys(TABLE);
}
