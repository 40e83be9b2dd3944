import type { StoreContext } from './context.js';

/** One of a server's named message templates. */
export interface TemplateRow {
  guildId: string;
  name: string;
  /** The template's JSON, as checked when it was saved. */
  content: string;
  updatedAt: number;
}

/** A server's named message templates (`/template`); names are unique per server. */
export interface TemplateRepository {
  /** Creates the server's template `name`, or replaces its content. */
  put(template: { guildId: string; name: string; content: string }, now: number): Promise<TemplateRow>;
  /** The server's template `name`; null when it has none by that name (another server's never answers). */
  get(guildId: string, name: string): Promise<TemplateRow | null>;
  /** The server's templates by name. */
  ofGuild(guildId: string): Promise<TemplateRow[]>;
  /**
   * Deletes the server's template `name`; false when it had none. The server and subscriptions that chose it go back
   * to their preset in the same write.
   */
  remove(guildId: string, name: string): Promise<boolean>;
}

export function createKyselyTemplateRepository({ db, write }: StoreContext): TemplateRepository {
  const toRow = (r: { guild_id: string; name: string; content: string; updated_at: number }): TemplateRow => ({
    guildId: r.guild_id,
    name: r.name,
    content: r.content,
    updatedAt: Number(r.updated_at),
  });
  return {
    async put({ guildId, name, content }, now) {
      const row = await db
        .insertInto('templates')
        .values({ guild_id: guildId, name, content, created_at: now, updated_at: now })
        .onConflict((oc) => oc.columns(['guild_id', 'name']).doUpdateSet({ content, updated_at: now }))
        .returningAll()
        .executeTakeFirstOrThrow();
      return toRow(row);
    },

    async get(guildId, name) {
      const row = await db
        .selectFrom('templates')
        .selectAll()
        .where('guild_id', '=', guildId)
        .where('name', '=', name)
        .executeTakeFirst();
      return row ? toRow(row) : null;
    },

    async ofGuild(guildId) {
      const rows = await db
        .selectFrom('templates')
        .selectAll()
        .where('guild_id', '=', guildId)
        .orderBy('name')
        .execute();
      return rows.map(toRow);
    },

    async remove(guildId, name) {
      return write(async (tx) => {
        const result = await tx
          .deleteFrom('templates')
          .where('guild_id', '=', guildId)
          .where('name', '=', name)
          .executeTakeFirst();
        if (Number(result.numDeletedRows) === 0) return false;
        for (const table of ['guilds', 'subscriptions', 'topic_subscriptions'] as const) {
          await tx
            .updateTable(table)
            .set({ template: null })
            .where('guild_id', '=', guildId)
            .where('template', '=', name)
            .execute();
        }
        return true;
      });
    },
  };
}
