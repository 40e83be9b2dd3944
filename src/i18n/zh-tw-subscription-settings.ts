import type { SubscriptionSettingsCatalogue } from './en-subscription-settings.js';

const STYLES: Record<string, string> = { brief: '簡短', standard: '標準', detailed: '詳細' };
const LAYOUTS: Record<string, string> = { full: '完整', compact: '精簡' };

/** 繁體中文：訂閱自己的語言、摘要風格與版面。 */
export const zhTWSubscriptionSettings: SubscriptionSettingsCatalogue = {
  subscribedSettings: (p) =>
    [
      p.language ? `，摘要語言 \`${p.language}\`` : '',
      p.style ? `，${STYLES[p.style] ?? p.style}摘要` : '',
      p.layout ? `，${LAYOUTS[p.layout] ?? p.layout}版面` : '',
    ].join(''),
  subscriptionSettings: (p) =>
    [
      p.language ? `語言 \`${p.language}\`` : '',
      p.style ? `風格：${STYLES[p.style] ?? p.style}` : '',
      p.layout ? `版面：${LAYOUTS[p.layout] ?? p.layout}` : '',
    ]
      .filter(Boolean)
      .join(' · '),
};
