import type { SubscriptionSettingsCatalogue } from './en-subscription-settings.js';

const STYLES: Record<string, string> = { brief: '簡短', standard: '標準', detailed: '詳細' };
const LAYOUTS: Record<string, string> = {
  full: '摘要卡片',
  compact: '精簡一行',
  headline: '只有標題',
  points: '重點',
  bilingual: '雙語',
};

/** 繁體中文：訂閱自己的語言、摘要風格與範本。 */
export const zhTWSubscriptionSettings: SubscriptionSettingsCatalogue = {
  subscribedSettings: (p) =>
    [
      p.language ? `，摘要語言 \`${p.language}\`` : '',
      p.style ? `，${STYLES[p.style] ?? p.style}摘要` : '',
      p.layout ? `，範本：${LAYOUTS[p.layout] ?? p.layout}` : '',
    ].join(''),
  subscriptionSettings: (p) =>
    [
      p.language ? `語言 \`${p.language}\`` : '',
      p.style ? `風格：${STYLES[p.style] ?? p.style}` : '',
      p.layout ? `範本：${LAYOUTS[p.layout] ?? p.layout}` : '',
    ]
      .filter(Boolean)
      .join(' · '),
};
