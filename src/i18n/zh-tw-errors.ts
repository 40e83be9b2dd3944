import type { FeedProblem, NotAFeedDocument, OpmlEntryProblem } from '../domain.js';
import type { ErrorCatalogue } from './en-errors.js';
import { mebibytes as mib, QUERY_EXAMPLES, relativeTime as when } from './format.js';
import { zhTWBlocked } from './zh-tw-fetch.js';

const QUERY_HELP =
  '語法：字詞（須全部符合）、"完整片語"、-排除、a OR b、feed:名稱、since:7d 或 since:2024-05-01、before:2024-06-01、lang:zh。';

/** 繁體中文錯誤訊息。 */
export const zhTWErrors: ErrorCatalogue = {
  notOneOf: (p) => `「${p.value}」不是可用的值，請從 ${p.allowed.join('、')} 中選擇。`,
  badBackfill: (p) => `補發必須是 0 到 ${p.max} 的整數。`,
  feedUrlInvalid: (p) => `「${p.value}」不是網址。請提供來源的完整網址，以 https:// 開頭。`,
  feedUrlScheme: (p) => `只支援 http 和 https 的來源，不支援 ${p.scheme}。`,
  feedNotModified: (p) => `${p.url} 對第一次請求回覆了「未修改」。`,
  feedNotOnPage: (p) => `${p.url} 是網頁，但沒有連到任何來源。請提供來源本身的網址。`,
  feedNotAdded: (p) => `無法新增 ${p.url}：${feedProblem(p.problem)}。`,
  feedNotAddedUnexpected: (p) => `無法新增 ${p.url}：Herald 發生錯誤（詳情請見記錄檔）。`,
  noFeedMatch: () => '此伺服器沒有符合的來源。請使用 `/feed list` 顯示的編號或網址。',
  pageUrlInvalid: (p) => `「${p.value}」不是網址。請提供文章的完整網址，以 https:// 開頭。`,
  pageUrlScheme: () => '只能摘要 http 和 https 的網頁。',
  summarizeOff: () => '這個 Herald 已關閉網頁摘要功能。',
  summarizeUserLimit: (p) => `你每 10 分鐘最多可以摘要 ${p.max} 個網頁。請於 ${when(p.retryAt)}再試。`,
  summarizeServerLimit: (p) => `此伺服器每小時最多可以摘要 ${p.max} 個網頁。請於 ${when(p.retryAt)}再試。`,
  pageNotFetched: (p) => `無法擷取 ${p.url}：${feedProblem(p.problem)}。`,
  pageWithoutArticle: (p) => `在 ${p.url} 找不到文章。`,
  opmlNotModified: () => '無法從 Discord 下載此檔案（伺服器回覆 304 未修改）。',
  opmlNotDownloaded: (p) => `無法從 Discord 下載此檔案：${feedProblem(p.problem)}。`,
  opmlTooLarge: (p) => `此檔案大於 ${mib(p.maxBytes)} MiB，OPML 檔案不會這麼大。`,
  opmlEmpty: () => '此檔案是空的。',
  opmlWebPage: () => '此檔案是網頁，不是 OPML 檔案。',
  opmlNotXml: () => '此檔案不是 XML，因此不可能是 OPML。',
  opmlMalformed: (p) => `此檔案不是格式正確的 XML（${p.detail}），因此不可能是 OPML。`,
  opmlWrongRoot: (p) =>
    `此檔案不是 OPML：它的根元素是 <${p.root}>，而不是 <opml>。${p.feed ? '它看起來是單一來源，而不是來源清單。' : ''}`,
  opmlNoBody: () => '此 OPML 檔案沒有 <body>，因此沒有列出任何來源。',
  opmlTooManyFeeds: (p) => `此 OPML 檔案列出超過 ${p.max} 個來源；請拆成幾個檔案分別匯入。`,
  opmlTooManyOutlines: (p) => `此 OPML 檔案有超過 ${p.max} 個大綱項目（outline）。`,
  opmlTooDeep: (p) => `此 OPML 檔案的大綱項目巢狀超過 ${p.max} 層。`,
  importInvalid: (p) => `${p.entry ?? '（未命名）'} — ${opmlEntryProblem(p.problem)}`,
  queryTooLong: (p) => `查詢太長了（最多 ${p.max} 個字元）。`,
  queryTooManyTerms: (p) => `查詢的字詞太多了（最多 ${p.max} 個）。`,
  queryOrSides: () => `OR 的兩邊都必須有字詞或片語。${QUERY_HELP}`,
  queryOrExclusion: () => `OR 不能連接排除條件（-字詞）。${QUERY_HELP}`,
  queryOnlyExclusions: () => `除了排除條件，請至少加上一個要找的字詞。${QUERY_HELP}`,
  queryEmpty: () => `請輸入幾個要搜尋的字詞。${QUERY_HELP}`,
  queryQuoteNotClosed: () => `有引號沒有結束：請補上結尾的 "。${QUERY_HELP}`,
  queryQuoteNotOpened: () => `有引號沒有開頭：請在片語前補上開頭的 "，或移除這個引號。${QUERY_HELP}`,
  queryFilterEmpty: (p) => `${p.name}: 需要一個值，例如 ${p.name}:${QUERY_EXAMPLES[p.name]}。${QUERY_HELP}`,
  queryLang: () => 'lang: 需要語言代碼，例如 lang:zh、lang:zh-TW 或 lang:en。',
  queryDate: (p) =>
    `${p.name}: 需要日期（例如 2024-05-01）或時間長度（例如 7d、24h、2w 或 1y），而不是「${p.value}」。`,
  searchPage: () => '頁碼必須是從 1 開始的整數。',
  searchNothing: () => '請輸入幾個要搜尋的字詞。',
  searchPickFeed: () => '請在輸入時從清單中選擇來源。',
  searchSince: () => '起始請填 7d、24h 或 2024-05-01 這樣的格式。',
  searchTooLong: (p) => `查詢和篩選條件請保持在 ${p.max} 個字元以內。`,
};

const NOT_A_FEED: Record<NotAFeedDocument, string> = {
  html: '這份文件是 HTML 網頁，不是來源',
  empty: '這份文件是空的',
  xml: '這份文件是 XML，但不是 RSS 或 Atom',
  json: '這份文件是 JSON，但不是 JSON Feed',
  text: '這份文件既不是 XML 也不是 JSON',
};

function feedProblem(p: FeedProblem): string {
  switch (p.code) {
    case 'http-status':
      return `${p.host} 回覆 HTTP ${p.status}${p.statusText ? ` ${p.statusText}` : ''}`;
    case 'too-many-redirects':
      return `重新導向太多次（超過 ${p.max} 次）`;
    case 'timeout':
      return '伺服器沒有及時回應';
    case 'unreachable':
      return `Herald 無法連線到 ${p.host}`;
    case 'blocked':
      return zhTWBlocked(p);
    case 'too-large':
      return `它大於 ${mib(p.maxBytes)} MiB，超過 Herald 讀取的上限`;
    case 'invalid-url':
      return '它指向的位址不是有效的網址';
    case 'unsupported-scheme':
      return `Herald 只擷取 http 和 https 網址，不擷取 ${p.scheme}`;
    case 'private-address':
      return `Herald 不會從私人或保留位址擷取內容（${p.host}）`;
    case 'not-a-feed':
      return NOT_A_FEED[p.document];
    case 'unreadable-file':
      return `無法讀取檔案（${p.errno}）`;
    case 'malformed':
      return `來源的格式不正確（${p.detail}）`;
    case 'too-deep':
      return `來源的元素巢狀超過 ${p.max} 層`;
    case 'too-slow':
      return `讀取來源花了超過 ${p.seconds} 秒`;
    case 'unreadable':
      return '無法讀取這個來源';
  }
}

function opmlEntryProblem(p: OpmlEntryProblem): string {
  switch (p.code) {
    case 'not-absolute':
      return '不是完整的網址';
    case 'unsupported-scheme':
      return `只支援 http 和 https 的來源，不支援 ${p.scheme}`;
    case 'no-address':
      return '沒有來源網址（xmlUrl）';
  }
}
