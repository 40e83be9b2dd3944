import { sql } from 'kysely';
import type { Store } from '../store.js';
import type { StoreContext } from './context.js';

type UsageMethods = Pick<
  Store,
  'recordLlmUsage' | 'countSummaryEvent' | 'tokensUsedOn' | 'usageSince' | 'takeSummarizeSlot'
>;

/** LLM usage and summary events per day (for `herald stats` and the daily token budget), and `/summarize` limits. */
export function usageMethods({ db, dialect, write }: StoreContext): UsageMethods {
  return {
    async recordLlmUsage(day, model, usage) {
      await db
        .insertInto('llm_usage')
        .values({
          day,
          model,
          calls: 1,
          prompt_tokens: usage.promptTokens,
          completion_tokens: usage.completionTokens,
        })
        .onConflict((oc) =>
          oc.columns(['day', 'model']).doUpdateSet({
            calls: sql`llm_usage.calls + 1`,
            prompt_tokens: sql`llm_usage.prompt_tokens + ${usage.promptTokens}`,
            completion_tokens: sql`llm_usage.completion_tokens + ${usage.completionTokens}`,
          }),
        )
        .execute();
    },

    async countSummaryEvent(day, kind) {
      await db
        .insertInto('summary_events')
        .values({ day, kind, count: 1 })
        .onConflict((oc) => oc.columns(['day', 'kind']).doUpdateSet({ count: sql`summary_events.count + 1` }))
        .execute();
    },

    async tokensUsedOn(day) {
      const row = await db
        .selectFrom('llm_usage')
        .select((eb) => eb.fn.sum<string | number | null>(sql`prompt_tokens + completion_tokens`).as('total'))
        .where('day', '=', day)
        .executeTakeFirst();
      return Number(row?.total ?? 0);
    },

    async usageSince(sinceDay) {
      const usage = await db
        .selectFrom('llm_usage')
        .selectAll()
        .where('day', '>=', sinceDay)
        .orderBy('day')
        .orderBy('model')
        .execute();
      const events = await db
        .selectFrom('summary_events')
        .selectAll()
        .where('day', '>=', sinceDay)
        .orderBy('day')
        .orderBy('kind')
        .execute();
      return {
        usage: usage.map((r) => ({
          day: r.day,
          model: r.model,
          calls: Number(r.calls),
          promptTokens: Number(r.prompt_tokens),
          completionTokens: Number(r.completion_tokens),
        })),
        events: events.map((r) => ({ day: r.day, kind: r.kind, count: Number(r.count) })),
      };
    },

    takeSummarizeSlot: ({ guildId, userId, now }, limits) =>
      write(async (tx) => {
        if (dialect === 'postgres') {
          await sql`select pg_advisory_xact_lock(hashtext(${`herald-summarize-${guildId}`}))`.execute(tx);
        }
        const recent = async (column: 'user_id' | 'guild_id', id: string, max: number, windowMs: number) => {
          const rows = await tx
            .selectFrom('summarize_requests')
            .select('created_at')
            .where(column, '=', id)
            .where('created_at', '>', now - windowMs)
            .orderBy('created_at', 'desc')
            .limit(max)
            .execute();
          // Full: the slot frees when the oldest of the last `max` requests leaves the window.
          return rows.length >= max ? Number(rows[rows.length - 1]?.created_at ?? now) + windowMs : null;
        };
        const userRetry = await recent('user_id', userId, limits.user.max, limits.user.windowMs);
        if (userRetry !== null) return { ok: false as const, scope: 'user' as const, retryAt: userRetry };
        const guildRetry = await recent('guild_id', guildId, limits.guild.max, limits.guild.windowMs);
        if (guildRetry !== null) return { ok: false as const, scope: 'guild' as const, retryAt: guildRetry };
        await tx
          .insertInto('summarize_requests')
          .values({ guild_id: guildId, user_id: userId, created_at: now })
          .execute();
        return { ok: true as const };
      }),
  };
}
