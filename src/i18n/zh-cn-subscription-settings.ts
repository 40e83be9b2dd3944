import type { SubscriptionSettingsCatalogue } from './en-subscription-settings.js';

const STYLES: Record<string, string> = { brief: '简短', standard: '标准', detailed: '详细' };
const LAYOUTS: Record<string, string> = {
  full: '摘要卡片',
  compact: '精简一行',
  headline: '仅标题',
  points: '要点',
  bilingual: '双语',
};

/** 简体中文：订阅自己的语言、摘要风格与模板。 */
export const zhCNSubscriptionSettings: SubscriptionSettingsCatalogue = {
  subscribedSettings: (p) =>
    [
      p.language ? `，摘要语言 \`${p.language}\`` : '',
      p.style ? `，${STYLES[p.style] ?? p.style}摘要` : '',
      p.layout ? `，模板：${LAYOUTS[p.layout] ?? p.layout}` : '',
    ].join(''),
  subscriptionSettings: (p) =>
    [
      p.language ? `语言 \`${p.language}\`` : '',
      p.style ? `风格：${STYLES[p.style] ?? p.style}` : '',
      p.layout ? `模板：${LAYOUTS[p.layout] ?? p.layout}` : '',
    ]
      .filter(Boolean)
      .join(' · '),
};
