import type { FeedProblem } from '../domain.js';
import type { FetchCatalogue } from './en-fetch.js';

/** 简体中文：来源抓取相关回复。 */
export const zhCNFetch: FetchCatalogue = {
  rsshubNotConfigured: () =>
    'rsshub:// 地址需要 RSSHub 实例，但这个 Herald 尚未配置：请让管理 Herald 的人设置 `RSSHUB_URL`（例如 https://rsshub.app）。在此之前，请提供来源本身的网址。',
  rsshubRouteMissing: () => '请在 rsshub:// 后面加上 RSSHub 路由，例如 rsshub://github/issue/DIYgod/RSSHub。',
  youtubeChannelNotFound: (p) =>
    `Herald 在 ${p.url} 上找不到 YouTube 频道。请提供 https://www.youtube.com/channel/UC… 格式的频道网址。`,
  feedResolved: (p) => `${p.from} 将通过它的来源 ${p.url} 关注。`,
  feedHealthBlockedHint: () => '该网站会拦截机器人；抓取配置或 RSSHub 也许有帮助（请联系管理 Herald 的人）',
};

/** 来源被机器人验证拦截时的子句。 */
export function zhCNBlocked(p: Extract<FeedProblem, { code: 'blocked' }>): string {
  return `${p.host} 以机器人验证（Cloudflare）返回 HTTP ${p.status}：该网站会拦截机器人，抓取配置或 RSSHub 也许有帮助`;
}
