import type { FeedProblem, NotAFeedDocument, OpmlEntryProblem } from '../domain.js';
import type { ErrorCatalogue } from './en-errors.js';
import { mebibytes as mib, QUERY_EXAMPLES, relativeTime as when } from './format.js';
import { zhCNBlocked } from './zh-cn-fetch.js';

const QUERY_HELP =
  '语法：词语（须全部匹配）、"完整短语"、-排除、a OR b、feed:名称、since:7d 或 since:2024-05-01、before:2024-06-01、lang:zh。';

/** 简体中文错误消息。 */
export const zhCNErrors: ErrorCatalogue = {
  notOneOf: (p) => `“${p.value}”不是可用的值，请从 ${p.allowed.join('、')} 中选择。`,
  badBackfill: (p) => `补发必须是 0 到 ${p.max} 之间的整数。`,
  feedUrlInvalid: (p) => `“${p.value}”不是网址。请提供来源的完整网址，以 https:// 开头。`,
  feedUrlScheme: (p) => `只支持 http 和 https 的来源，不支持 ${p.scheme}。`,
  feedNotModified: (p) => `${p.url} 对首次请求返回了“未修改”。`,
  feedNotOnPage: (p) => `${p.url} 是网页，但没有链接到任何来源。请提供来源本身的网址。`,
  feedNotAdded: (p) => `无法添加 ${p.url}：${feedProblem(p.problem)}。`,
  feedNotAddedUnexpected: (p) => `无法添加 ${p.url}：Herald 出错了（详情见日志）。`,
  noFeedMatch: () => '此服务器没有匹配的来源。请使用 `/feed list` 显示的编号或网址。',
  pageUrlInvalid: (p) => `“${p.value}”不是网址。请提供文章的完整网址，以 https:// 开头。`,
  pageUrlScheme: () => '只能摘要 http 和 https 网页。',
  summarizeOff: () => '此 Herald 已关闭网页摘要功能。',
  summarizeUserLimit: (p) => `你每 10 分钟最多可以摘要 ${p.max} 个网页。请于 ${when(p.retryAt)}再试。`,
  summarizeServerLimit: (p) => `此服务器每小时最多可以摘要 ${p.max} 个网页。请于 ${when(p.retryAt)}再试。`,
  pageNotFetched: (p) => `无法获取 ${p.url}：${feedProblem(p.problem)}。`,
  pageWithoutArticle: (p) => `在 ${p.url} 上找不到文章。`,
  opmlNotModified: () => '无法从 Discord 下载此文件（服务器返回 304 未修改）。',
  opmlNotDownloaded: (p) => `无法从 Discord 下载此文件：${feedProblem(p.problem)}。`,
  opmlTooLarge: (p) => `此文件超过 ${mib(p.maxBytes)} MiB，OPML 文件不会这么大。`,
  opmlEmpty: () => '此文件是空的。',
  opmlWebPage: () => '此文件是网页，不是 OPML 文件。',
  opmlNotXml: () => '此文件不是 XML，因此不可能是 OPML。',
  opmlMalformed: (p) => `此文件不是格式正确的 XML（${p.detail}），因此不可能是 OPML。`,
  opmlWrongRoot: (p) =>
    `此文件不是 OPML：它的根元素是 <${p.root}>，而不是 <opml>。${p.feed ? '它看起来是单个来源，而不是来源列表。' : ''}`,
  opmlNoBody: () => '此 OPML 文件没有 <body>，因此没有列出任何来源。',
  opmlTooManyFeeds: (p) => `此 OPML 文件列出了超过 ${p.max} 个来源；请拆分成几个文件分别导入。`,
  opmlTooManyOutlines: (p) => `此 OPML 文件有超过 ${p.max} 个大纲条目（outline）。`,
  opmlTooDeep: (p) => `此 OPML 文件的大纲条目嵌套超过 ${p.max} 层。`,
  importInvalid: (p) => `${p.entry ?? '（未命名）'} — ${opmlEntryProblem(p.problem)}`,
  queryTooLong: (p) => `查询太长了（最多 ${p.max} 个字符）。`,
  queryTooManyTerms: (p) => `查询的词语太多了（最多 ${p.max} 个）。`,
  queryOrSides: () => `OR 的两边都必须有词语或短语。${QUERY_HELP}`,
  queryOrExclusion: () => `OR 不能连接排除条件（-词语）。${QUERY_HELP}`,
  queryOnlyExclusions: () => `除了排除条件，请至少加上一个要找的词语。${QUERY_HELP}`,
  queryEmpty: () => `请输入几个要搜索的词语。${QUERY_HELP}`,
  queryQuoteNotClosed: () => `有引号没有闭合：请补上结尾的 "。${QUERY_HELP}`,
  queryQuoteNotOpened: () => `有引号没有开头：请在短语前补上开头的 "，或删除这个引号。${QUERY_HELP}`,
  queryFilterEmpty: (p) => `${p.name}: 需要一个值，例如 ${p.name}:${QUERY_EXAMPLES[p.name]}。${QUERY_HELP}`,
  queryLang: () => 'lang: 需要语言代码，例如 lang:zh、lang:zh-TW 或 lang:en。',
  queryDate: (p) => `${p.name}: 需要日期（例如 2024-05-01）或时长（例如 7d、24h、2w 或 1y），而不是“${p.value}”。`,
  searchPage: () => '页码必须是从 1 开始的整数。',
  searchNothing: () => '请输入几个要搜索的词语。',
  searchPickFeed: () => '请在输入时从列表中选择来源。',
  searchSince: () => '起始请填写 7d、24h 或 2024-05-01 这样的格式。',
  searchTooLong: (p) => `查询和筛选条件请控制在 ${p.max} 个字符以内。`,
};

const NOT_A_FEED: Record<NotAFeedDocument, string> = {
  html: '该文档是 HTML 网页，不是来源',
  empty: '该文档是空的',
  xml: '该文档是 XML，但不是 RSS 或 Atom',
  json: '该文档是 JSON，但不是 JSON Feed',
  text: '该文档既不是 XML 也不是 JSON',
};

function feedProblem(p: FeedProblem): string {
  switch (p.code) {
    case 'http-status':
      return `${p.host} 返回 HTTP ${p.status}${p.statusText ? ` ${p.statusText}` : ''}`;
    case 'too-many-redirects':
      return `重定向次数太多（超过 ${p.max} 次）`;
    case 'timeout':
      return '服务器没有及时响应';
    case 'unreachable':
      return `Herald 无法连接到 ${p.host}`;
    case 'blocked':
      return zhCNBlocked(p);
    case 'too-large':
      return `它超过 ${mib(p.maxBytes)} MiB，超出 Herald 读取的上限`;
    case 'invalid-url':
      return '它指向的地址不是有效的网址';
    case 'unsupported-scheme':
      return `Herald 只获取 http 和 https 网址，不获取 ${p.scheme}`;
    case 'private-address':
      return `Herald 不会从私有或保留地址获取内容（${p.host}）`;
    case 'not-a-feed':
      return NOT_A_FEED[p.document];
    case 'unreadable-file':
      return `无法读取文件（${p.errno}）`;
    case 'malformed':
      return `来源的格式不正确（${p.detail}）`;
    case 'too-deep':
      return `来源的元素嵌套超过 ${p.max} 层`;
    case 'too-slow':
      return `读取来源用了超过 ${p.seconds} 秒`;
    case 'unreadable':
      return '无法读取该来源';
  }
}

function opmlEntryProblem(p: OpmlEntryProblem): string {
  switch (p.code) {
    case 'not-absolute':
      return '不是完整的网址';
    case 'unsupported-scheme':
      return `只支持 http 和 https 的来源，不支持 ${p.scheme}`;
    case 'no-address':
      return '没有来源网址（xmlUrl）';
  }
}
