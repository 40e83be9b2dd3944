import type { WebhooksCatalogue } from './en-webhooks.js';

/** 简体中文：以其他名称通过频道 webhook 发帖。 */
export const zhCNWebhooks: WebhooksCatalogue = {
  subscribedWebhook: (p) =>
    !p.webhook ? '' : p.name ? `，并以 **${p.name}** 的名义通过 webhook 发帖` : '，并以来源的名称通过 webhook 发帖',
  subscriptionWebhook: (p) => (p.name ? `以 **${p.name}** 的名义发帖` : '以来源的名称发帖'),
  webhookAvatarInvalid: () => '头像必须是以 https:// 开头的图片网址，例如 https://example.com/logo.png。',
  webhookNeedsPermission: (p) =>
    `要在 <#${p.channel}> 以其他名称发帖，Herald 需要该频道的 **管理 Webhook** 权限。请在频道设置中授予后再试，或不使用 \`webhook\` 选项订阅。`,
  pausedManageWebhooks: () => 'Herald 已无法创建该频道订阅发帖所用的 webhook（管理 Webhook）。',
};
