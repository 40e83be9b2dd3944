/**
 * Posting under another name through a channel webhook (`/subscribe webhook: webhook-name: webhook-avatar:`): what
 * `/subscribe` and `/subscriptions` say, the errors, and why a channel was paused. `name` arrives escaped.
 */
export const enWebhooks = {
  /** Appended to `/subscribe`'s confirmation; empty when the subscription posts as Herald. */
  subscribedWebhook: (p: { webhook: boolean; name: string | null }) =>
    !p.webhook
      ? ''
      : p.name
        ? `, posting as **${p.name}** through a webhook`
        : ', posting under the feed’s name through a webhook',
  /** A subscription's webhook identity in `/subscriptions`. */
  subscriptionWebhook: (p: { name: string | null }) =>
    p.name ? `posts as **${p.name}**` : 'posts under the feed’s name',
  webhookAvatarInvalid: () => 'The avatar must be an https:// address of an image, e.g. https://example.com/logo.png.',
  webhookNeedsPermission: (p: { channel: string }) =>
    `To post under another name in <#${p.channel}>, Herald needs **Manage Webhooks** there. Grant it in the channel's settings and try again, or subscribe without \`webhook\`.`,
  /** Why posting in a channel was paused (in the pause notice). */
  pausedManageWebhooks: () =>
    'Herald may no longer make the webhook its subscriptions there post through (Manage Webhooks).',
};

export type WebhooksCatalogue = typeof enWebhooks;
