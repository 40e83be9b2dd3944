import type { StoreContext } from './context.js';

/** The webhook Herald made in a channel. `token` is a secret: never logged, never shown. */
export interface StoredWebhook {
  channelId: string;
  id: string;
  token: string;
}

/** The one webhook per channel Herald posts through for subscriptions that post under another name. */
export interface WebhookRepository {
  /** The channel's webhook, or null when Herald has none stored there. */
  get(channelId: string): Promise<StoredWebhook | null>;
  /** Stores the channel's webhook, replacing the one stored before. */
  save(webhook: StoredWebhook, now: number): Promise<void>;
  /**
   * Forgets the channel's webhook if it is still `webhookId` (Discord no longer knows it); a webhook another process
   * stored since is kept. True when one was forgotten.
   */
  forget(channelId: string, webhookId: string): Promise<boolean>;
}

export function createKyselyWebhookRepository({ db }: StoreContext): WebhookRepository {
  return {
    async get(channelId) {
      const row = await db.selectFrom('webhooks').selectAll().where('channel_id', '=', channelId).executeTakeFirst();
      return row ? { channelId: row.channel_id, id: row.webhook_id, token: row.token } : null;
    },

    async save({ channelId, id, token }, now) {
      await db
        .insertInto('webhooks')
        .values({ channel_id: channelId, webhook_id: id, token, created_at: now })
        .onConflict((oc) => oc.column('channel_id').doUpdateSet({ webhook_id: id, token, created_at: now }))
        .execute();
    },

    async forget(channelId, webhookId) {
      const result = await db
        .deleteFrom('webhooks')
        .where('channel_id', '=', channelId)
        .where('webhook_id', '=', webhookId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}
