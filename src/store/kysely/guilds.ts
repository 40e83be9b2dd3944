import type { SummaryStyle } from '../../domain.js';
import type { FillerPolicy, PostLayout, Store } from '../store.js';
import type { StoreContext } from './context.js';

type GuildMethods = Pick<
  Store,
  'getGuildSettings' | 'putGuildSettings' | 'getGuildPreferences' | 'putGuildPreferences' | 'pauseGuildSubscriptions'
>;

/** Per-guild settings (language, style, layout, time zone, filler) and what happens when the bot leaves a guild. */
export function guildMethods({ db }: StoreContext): GuildMethods {
  const getGuildPreferences: Store['getGuildPreferences'] = async (guildId) => {
    const row = await db.selectFrom('guilds').selectAll().where('guild_id', '=', guildId).executeTakeFirst();
    if (!row) return null;
    return {
      guildId: row.guild_id,
      language: row.language,
      style: row.style as SummaryStyle,
      layout: (row.layout === 'compact' ? 'compact' : 'full') satisfies PostLayout,
      timezone: row.timezone,
      filler: (row.filler === 'skip' ? 'skip' : 'post') satisfies FillerPolicy,
    };
  };

  return {
    async getGuildSettings(guildId) {
      const prefs = await getGuildPreferences(guildId);
      return prefs ? { guildId: prefs.guildId, language: prefs.language, style: prefs.style } : null;
    },

    async putGuildSettings(settings, now) {
      await db
        .insertInto('guilds')
        .values({
          guild_id: settings.guildId,
          language: settings.language,
          style: settings.style,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) =>
          oc.column('guild_id').doUpdateSet({ language: settings.language, style: settings.style, updated_at: now }),
        )
        .execute();
    },

    getGuildPreferences,

    async putGuildPreferences(prefs, now) {
      const values = {
        language: prefs.language,
        style: prefs.style,
        layout: prefs.layout,
        timezone: prefs.timezone,
        filler: prefs.filler,
      };
      await db
        .insertInto('guilds')
        .values({ guild_id: prefs.guildId, ...values, created_at: now, updated_at: now })
        .onConflict((oc) => oc.column('guild_id').doUpdateSet({ ...values, updated_at: now }))
        .execute();
    },

    async pauseGuildSubscriptions(guildId, reason, now) {
      const result = await db
        .updateTable('subscriptions')
        .set({ paused_at: now, paused_reason: reason })
        .where('guild_id', '=', guildId)
        .where('paused_at', 'is', null)
        .executeTakeFirst();
      const topics = await db
        .updateTable('topic_subscriptions')
        .set({ paused_at: now })
        .where('guild_id', '=', guildId)
        .where('paused_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) + Number(topics.numUpdatedRows);
    },
  };
}
