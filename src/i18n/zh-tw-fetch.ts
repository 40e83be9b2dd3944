import type { FeedProblem } from '../domain.js';
import type { FetchCatalogue } from './en-fetch.js';

/** 繁體中文：來源擷取相關回覆。 */
export const zhTWFetch: FetchCatalogue = {
  rsshubNotConfigured: () =>
    'rsshub:// 網址需要 RSSHub 執行個體，但這個 Herald 尚未設定：請管理 Herald 的人設定 `RSSHUB_URL`（例如 https://rsshub.app）。在那之前，請提供來源本身的網址。',
  rsshubRouteMissing: () => '請在 rsshub:// 後面加上 RSSHub 路由，例如 rsshub://github/issue/DIYgod/RSSHub。',
  youtubeChannelNotFound: (p) =>
    `Herald 在 ${p.url} 找不到 YouTube 頻道。請提供 https://www.youtube.com/channel/UC… 格式的頻道網址。`,
  feedResolved: (p) => `${p.from} 將透過它的來源 ${p.url} 追蹤。`,
  feedHealthBlockedHint: () => '這個網站會阻擋機器人；擷取設定檔或 RSSHub 或許有幫助（請洽管理 Herald 的人）',
};

/** 來源遭機器人驗證阻擋時的子句。 */
export function zhTWBlocked(p: Extract<FeedProblem, { code: 'blocked' }>): string {
  return `${p.host} 以機器人驗證（Cloudflare）回覆 HTTP ${p.status}：這個網站會阻擋機器人，擷取設定檔或 RSSHub 或許有幫助`;
}
