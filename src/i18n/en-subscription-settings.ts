/**
 * A subscription's own language, style and template (`/subscribe language: style: template:`; `layout` is its
 * preset or the name of the server's template): what `/subscribe` and
 * `/subscriptions` say about them. A null value is the server's setting and is not mentioned.
 */
interface Overrides {
  language: string | null;
  style: string | null;
  layout: string | null;
}

export const enSubscriptionSettings = {
  /** Appended to `/subscribe`'s confirmation; empty when the subscription follows the server's settings. */
  subscribedSettings: (p: Overrides) =>
    [
      p.language ? `, summaries in \`${p.language}\`` : '',
      p.style ? `, ${p.style} summaries` : '',
      p.layout ? `, template ${p.layout}` : '',
    ].join(''),
  /** What a subscription overrides, in `/subscriptions`; empty when nothing. */
  subscriptionSettings: (p: Overrides) =>
    [
      p.language ? `language \`${p.language}\`` : '',
      p.style ? `style ${p.style}` : '',
      p.layout ? `template ${p.layout}` : '',
    ]
      .filter(Boolean)
      .join(' · '),
};

export type SubscriptionSettingsCatalogue = typeof enSubscriptionSettings;
