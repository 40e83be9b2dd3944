import type { Selectable } from 'kysely';
import type { SummaryStyle } from '../../domain.js';
import type { GuildsTable } from '../schema.js';
import type { StoreContext } from './context.js';

/**
 * How posts look, by preset: `full` the summary card (an embed with summary and key points), `compact` one line with
 * the link, `headline` the linked headline only, `points` the key points, `bilingual` the original headline over the
 * translated summary. A custom template (`/template`) replaces the preset where one is chosen.
 */
export const POST_LAYOUTS = ['full', 'compact', 'headline', 'points', 'bilingual'] as const;
export type PostLayout = (typeof POST_LAYOUTS)[number];

/** What deliveries do with an article the LLM judged filler (ads, horoscopes, quizzes…): post it anyway, or skip it. */
export type FillerPolicy = 'post' | 'skip';

/** A guild's settings: what summaries it reads and how posts and replies look (`/settings`). */
export interface GuildSettings {
  guildId: string;
  /** BCP 47 tag, or `source` to keep the article's language. */
  language: string;
  style: SummaryStyle;
  layout: PostLayout;
  /** IANA time zone name used for dates in replies and posts. */
  timezone: string;
  /** `post` by default, so a model's misjudgement never loses a story unless the server asked for it. */
  filler: FillerPolicy;
  /** The name of one of the server's templates, used instead of `layout`; absent or null: the preset. */
  template?: string | null;
}

/** The settings of a guild that never chose any, and of each setting a stored guild left unset. */
export const DEFAULT_GUILD_SETTINGS: Readonly<Omit<GuildSettings, 'guildId'>> = Object.freeze({
  language: 'source',
  style: 'standard',
  layout: 'full',
  timezone: 'UTC',
  filler: 'post',
});

/**
 * What a feed or topic subscription sets for its own posts instead of its server's settings; null: the server's.
 */
export interface SubscriptionSettings {
  language: string | null;
  style: SummaryStyle | null;
  layout: PostLayout | null;
  /** The name of one of the server's templates, used instead of a preset; absent or null: none. */
  template?: string | null;
}

/** A change of a guild's settings; absent fields keep their value. */
export type GuildSettingsChange = Pick<GuildSettings, 'guildId'> & Partial<Omit<GuildSettings, 'guildId'>>;

/** Per-guild settings. */
export interface GuildRepository {
  /** The guild's settings; null when it never stored any (see {@link DEFAULT_GUILD_SETTINGS}). */
  get(guildId: string): Promise<GuildSettings | null>;
  /**
   * Creates or updates the guild's settings: the fields given replace the stored ones, the others keep their value
   * (a new guild takes {@link DEFAULT_GUILD_SETTINGS} for them). Returns the settings as stored.
   */
  put(change: GuildSettingsChange, now: number): Promise<GuildSettings>;
}

function toGuildSettings(row: Selectable<GuildsTable>): GuildSettings {
  return {
    guildId: row.guild_id,
    language: row.language,
    style: row.style as SummaryStyle,
    layout: (POST_LAYOUTS as readonly string[]).includes(row.layout) ? (row.layout as PostLayout) : 'full',
    timezone: row.timezone,
    filler: row.filler === 'skip' ? 'skip' : 'post',
    ...(row.template !== null && { template: row.template }),
  };
}

export function createKyselyGuildRepository({ db }: StoreContext): GuildRepository {
  return {
    async get(guildId) {
      const row = await db.selectFrom('guilds').selectAll().where('guild_id', '=', guildId).executeTakeFirst();
      return row ? toGuildSettings(row) : null;
    },

    async put(change, now) {
      const given = {
        ...(change.language !== undefined && { language: change.language }),
        ...(change.style !== undefined && { style: change.style }),
        ...(change.layout !== undefined && { layout: change.layout }),
        ...(change.timezone !== undefined && { timezone: change.timezone }),
        ...(change.filler !== undefined && { filler: change.filler }),
        ...(change.template !== undefined && { template: change.template }),
      };
      const row = await db
        .insertInto('guilds')
        .values({ guild_id: change.guildId, ...DEFAULT_GUILD_SETTINGS, ...given, created_at: now, updated_at: now })
        .onConflict((oc) => oc.column('guild_id').doUpdateSet({ ...given, updated_at: now }))
        .returningAll()
        .executeTakeFirstOrThrow();
      return toGuildSettings(row);
    },
  };
}
