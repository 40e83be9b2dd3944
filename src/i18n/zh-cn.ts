import type { PageRefusal } from '../domain.js';
import type { BotPermission, Catalogue } from './en.js';
import { zhCNBackup } from './zh-cn-backup.js';
import { zhCNBriefings } from './zh-cn-briefings.js';
import { zhCNErrors } from './zh-cn-errors.js';
import { zhCNFeedAdmin } from './zh-cn-feed-admin.js';
import { zhCNFetch } from './zh-cn-fetch.js';
import { zhCNFilters } from './zh-cn-filters.js';
import { zhCNStories } from './zh-cn-stories.js';
import { zhCNSubscriptionSettings } from './zh-cn-subscription-settings.js';
import { zhCNTemplates } from './zh-cn-templates.js';
import { zhCNThreads } from './zh-cn-threads.js';
import { zhCNWebhooks } from './zh-cn-webhooks.js';

const permissions: Record<BotPermission, string> = {
  'view-channel': '查看频道',
  'send-messages': '发送消息',
  'create-posts': '创建帖子',
  'send-messages-in-threads': '在子区中发送消息',
  'create-public-threads': '创建公开子区',
  'manage-threads': '管理子区',
  'embed-links': '嵌入链接',
};

const reasons: Record<string, string> = {
  'channel-deleted': '该频道已不存在。',
  'missing-access': 'Herald 已无法查看该频道（查看频道）。',
  'missing-permissions': 'Herald 已无权在该频道发帖（发送消息／嵌入链接）。',
  'thread-locked': '该子区已被锁定，只有管理员能在其中发帖。',
  'missing-manage-webhooks': zhCNWebhooks.pausedManageWebhooks(),
};

const pageRefusals: Record<PageRefusal, (limit: number) => string> = {
  'too-deep': (limit) => `它的 HTML 嵌套超过 ${limit} 层，远超文章页面所需。`,
  'too-many-nodes': (limit) => `它有超过 ${limit} 个 HTML 元素，远超文章页面所需。`,
  'too-much-text': () => '它的文字超过 Herald 从单个页面读取的上限。',
  timeout: (limit) => `提取文章用了超过 ${limit / 1000} 秒。`,
  'out-of-memory': (limit) => `提取文章需要超过 ${limit} MB 内存。`,
};

function duration(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} 小时`;
  if (seconds % 60 === 0) return `${seconds / 60} 分钟`;
  return `${seconds} 秒`;
}

/** 简体中文回复。 */
export const zhCN: Catalogue = {
  dmOnly: () => 'Herald 的命令只能在服务器内使用，不能在私信中使用。请到服务器的频道里使用。',
  unknownCommand: () => '这个版本的 Herald 不认识此命令。',
  incident: (p) => `Herald 出错了（事件编号 ${p.id}），请稍后再试。`,
  needManageServer: () => '你需要 **管理服务器** 权限才能更改 Herald 在此发布的内容。',
  expired: () => '此按钮已失效，或属于其他人。请重新运行命令。',
  cancelled: () => '已取消，没有任何更改。',
  noticePaused: (p) =>
    `Herald 已停止在 <#${p.channelId}> 发帖（暂停 ${p.count} 个订阅）：${reasons[p.reason] ?? 'Herald 已被移出服务器。'}修复后请在该频道再次运行 \`/subscribe\` 以恢复。`,
  noticeFeedDisabled: (p) =>
    [
      p.failures === 1
        ? `Herald 已停止检查来源 ${p.feed}：它的服务器表示此来源已永久移除。`
        : `Herald 已停止检查来源 ${p.feed}：它连续失败了 ${p.failures} 次。`,
      `最后的错误：${p.error ?? '未知'}。`,
      `在拥有“管理服务器”权限的人运行 \`/feed retry feed:${p.id}\` 之前，这里不会发布它的任何内容。`,
    ].join('\n'),
  feedHealthTitle: (p) => `**此服务器的来源**（${p.count}）`,
  feedHealthNone: () => '此服务器尚未关注任何来源。请用 `/feed add` 添加。',
  feedHealthMore: (p) => `…还有 ${p.count} 个。`,
  feedHealthUntitled: () => '未命名来源',
  feedHealthLastSuccess: (p) => `上次成功 ${p.when}`,
  feedHealthNeverFetched: () => '从未成功抓取',
  feedHealthLastError: (p) => `上次错误${p.kind ? `（${p.kind}）` : ''}：${p.error}`,
  feedHealthDisabled: (p) => `⛔ 已停用（${p.when}，连续失败 ${p.failures} 次）`,
  feedHealthRetryHint: (p) => `运行 \`/feed retry feed:${p.id}\` 可重新启用`,
  feedHealthFailing: (p) => `⚠️ 失败中：已失败 ${p.failures} 次，达到 ${p.limit} 次即停用`,
  feedHealthNextTry: (p) => `下次重试 ${p.when}`,
  feedHealthOk: (p) => `✅ ${p.success}`,
  feedHealthNextPoll: (p) => `下次检查 ${p.when}`,
  feedHealthEvery: (p) => `每 ${duration(p.seconds)}`,
  feedRetried: (p) => `**${p.feed}** 已重新启用；Herald 会在一分钟内检查它。\`/feed list\` 会显示结果。`,
  feedAdded: (p) => `已在 <#${p.channel}> 关注 **${p.feed}**。新报道会摘要后发布在那里。`,
  feedAlready: (p) => `<#${p.channel}> 已经关注 **${p.feed}**。`,
  feedDiscovered: (p) => `在 ${p.page} 找到了来源。`,
  feedBackfilled: (p) => `最新的 ${p.count} 条报道即将发布。`,
  feedLatest: (p) => `最新：${p.line}`,
  feedEmpty: () => '此来源暂无内容。',
  feedTruncated: (p) =>
    [
      p.kept < p.total ? `只读取了此来源 ${p.total} 条项目中最新的 ${p.kept} 条。` : '',
      p.textCut > 0 ? `${p.textCut} 条项目的正文被截短。` : '',
    ].join(''),
  importProgress: (p) => `正在导入来源… ${p.done}/${p.total}`,
  importResult: (p) =>
    `<#${p.channel}> 新关注了 **${p.added}** 个来源${p.already > 0 ? `（另有 ${p.already} 个原本就在关注）` : ''}。之前发布的内容不会发帖，之后的新报道才会。`,
  importFailed: (p) => `**${p.count}** 个无法添加：`,
  importSkipped: (p) => `有 ${p.count} 个来源来不及处理：请再导入一次以添加。`,
  importNone: () => '此文件没有列出任何来源。',
  exportDone: (p) => `此服务器的 ${p.count} 个来源（OPML 格式）：可导入其他阅读器，或在此用 \`/feed import\` 导入。`,
  searchTitle: (p) =>
    p.capped
      ? `**“${p.query}”的结果** — 第 ${p.page}／${p.pages}+ 页（超过 ${p.total} 篇）`
      : `**“${p.query}”的结果** — 第 ${p.page}／${p.pages} 页（共 ${p.total} 篇）`,
  searchNone: (p) => `没有文章符合“${p.query}”。`,
  previous: () => '上一页',
  next: () => '下一页',
  needFeedOrTopic: () => '请提供来源、主题或两者。',
  subscribedTopic: (p) =>
    `<#${p.channel}> 现在关注主题“${p.topic}”${p.feed ? `（限 **${p.feed}**）` : '（此服务器的所有来源）'}${p.extras}。`,
  topicLine: (p) => `• \`t${p.id}\` <#${p.channel}> ← 主题“${p.topic}”${p.feed ? `（**${p.feed}**）` : ''}`,
  unknownFeed: () => '此服务器没有关注这个来源。请在输入时从列表中选择。',
  unknownSubscription: () => '此服务器没有这个订阅。请在输入时从列表中选择。',
  channelNotHere: () => '该频道不在此服务器中。',
  channelUnreachable: () => 'Herald 看不到该频道。请在该频道授予 **查看频道** 权限。',
  channelType: () => 'Herald 只能在文字、公告和论坛频道发帖。',
  roleNotHere: () => '该身份组不在此服务器中。',
  botMissing: (p) =>
    `Herald 无法在 <#${p.channel}> 发帖：缺少 **${p.permissions.map((n) => permissions[n]).join('、')}** 权限。请在频道设置中授予后再试。`,
  subscribed: (p) => `<#${p.channel}> 现在关注 **${p.feed}**${p.extras}。`,
  subscribedExtras: (p) => [p.role ? `，并提及 <@&${p.role}>` : '', p.max ? `，每小时最多 ${p.max} 条` : ''].join(''),
  confirmUnsubscribe: (p) => `要停止在 <#${p.channel}> 发布 **${p.feed}** 吗？`,
  unsubscribed: (p) => `<#${p.channel}> 已不再关注 **${p.feed}**。`,
  confirmRemoveFeed: (p) => `要从此服务器移除 **${p.feed}** 吗？将删除 ${p.count} 个频道订阅。`,
  feedRemoved: (p) => `已移除 **${p.feed}**（删除 ${p.count} 个订阅）。`,
  confirmButton: () => '确认',
  cancelButton: () => '取消',
  noSubscriptions: () => '此服务器尚未关注任何来源。请用 `/feed add` 添加。',
  noSubscriptionsIn: (p) => `<#${p.channel}> 没有关注任何来源。`,
  subscriptionsTitle: (p) => `**订阅（${p.count}）**`,
  paused: () => '已暂停',
  latestTitle: (p) => `**${p.feed} 的最新文章**`,
  latestNone: () => '暂无文章。',
  settingsShow: (p) =>
    `**设置**\n语言：\`${p.language}\`\n摘要风格：\`${p.style}\`\n模板：\`${p.layout}\`\n时区：\`${p.timezone}\`\n非新闻内容（广告、星座、测验…）：\`${p.filler}\``,
  roundupTitle: (p) => `${p.feed} 的另外 ${p.count} 条报道`,
  roundupTopicTitle: (p) => `主题“${p.topic}”的另外 ${p.count} 条报道`,
  settingsSaved: () => '设置已保存。',
  badTimezone: (p) => `“${p.value}”不是已知的时区。请使用 IANA 名称，例如 \`Asia/Shanghai\`。`,
  badLanguage: (p) => `“${p.value}”不是语言标签。请使用 \`source\` 或 \`en\`、\`zh-TW\`、\`zh-CN\` 等标签。`,
  pageRefused: (p) => `Herald 没有读取 ${p.url}：${pageRefusals[p.reason](p.limit)}`,
  help: () =>
    [
      '**Herald** 会为此服务器关注的来源的每条新报道发布简短摘要。',
      '`/feed add url [channel]` 关注来源 · `/feed remove feed` 取消关注',
      '`/feed import file [channel]` 关注 OPML 文件中的来源 · `/feed export` 以 OPML 导出此服务器的来源',
      '`/feed list` 来源状态 · `/feed why url` 文章的去向 · `/feed history feed` 来源最近的检查 · `/feed interval feed minutes` 检查间隔 · `/feed move feed url` 更改地址',
      '`/subscribe feed [channel] [mention-role] [max-per-hour] [filter] [max-age-hours] [language] [style] [template]` 在另一个频道发布已关注的来源，可只发布符合筛选条件的文章，也可用自己的语言、风格或模板',
      '`/subscribe … [thread] [publish] [webhook] [per-story]` 每条帖子开子区、发布（公告频道）、以来源自己的名称发帖、每条新闻一条帖子',
      '`/mention add|remove|list` 在符合筛选条件的帖子中提及身份组',
      '`/forum-tags map|remove|list` 为论坛中某主题的帖子加上论坛的标签',
      '`/story link` 各媒体对同一条新闻的报道 · `/alert set|remove|list` 新闻在 M 分钟内有 N 家媒体报道时提及身份组',
      '`/unsubscribe subscription` · `/subscriptions [channel]` 各频道关注的内容',
      '`/search query` 搜索过去的文章 · `/latest [feed] [count]` 最新文章 · `/summarize url` 摘要任意网页',
      '`/backup export` · `/backup import file` 将此服务器的设置保存为文件，并恢复到这里或其他服务器',
      '`/template set|list|remove|preview` 消息模板 · `/settings` 语言、摘要风格、模板、时区、非新闻内容（发布或跳过）',
      '`/briefing add|list|remove|preview` 每天在指定时间于频道发布要闻简报',
      '管理命令需要 **管理服务器** 权限。',
    ].join('\n'),
  ...zhCNErrors,
  ...zhCNFeedAdmin,
  ...zhCNFilters,
  ...zhCNBackup,
  ...zhCNWebhooks,
  ...zhCNStories,
  ...zhCNBriefings,
  ...zhCNSubscriptionSettings,
  ...zhCNThreads,
  ...zhCNTemplates,
  ...zhCNFetch,
};
