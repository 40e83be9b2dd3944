import type { WebhooksCatalogue } from './en-webhooks.js';

/** 繁體中文：以其他名稱透過頻道 webhook 發文。 */
export const zhTWWebhooks: WebhooksCatalogue = {
  subscribedWebhook: (p) =>
    !p.webhook ? '' : p.name ? `，並以 **${p.name}** 的名義透過 webhook 發文` : '，並以來源的名稱透過 webhook 發文',
  subscriptionWebhook: (p) => (p.name ? `以 **${p.name}** 的名義發文` : '以來源的名稱發文'),
  webhookAvatarInvalid: () => '頭像必須是以 https:// 開頭的圖片網址，例如 https://example.com/logo.png。',
  webhookNeedsPermission: (p) =>
    `要在 <#${p.channel}> 以其他名稱發文，Herald 需要該頻道的 **管理 Webhook** 權限。請在頻道設定中授予後再試，或不使用 \`webhook\` 選項訂閱。`,
  pausedManageWebhooks: () => 'Herald 已無法建立該頻道訂閱發文所用的 webhook（管理 Webhook）。',
};
