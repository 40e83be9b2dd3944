import { sql } from 'kysely';
import type { StoreContext } from './context.js';

export interface LlmUsageRow {
  day: string;
  model: string;
  calls: number;
  promptTokens: number;
  completionTokens: number;
}

export interface SummaryEventRow {
  day: string;
  kind: string;
  count: number;
}

/** At most `max` requests per `windowMs`, per user and per guild. */
export interface SummarizeLimits {
  user: { max: number; windowMs: number };
  guild: { max: number; windowMs: number };
}

/**
 * What summarizing costs and how often it happens: LLM calls and tokens per model and UTC day (`YYYY-MM-DD`), for
 * `herald stats` and the daily token budget; summary events per kind and day; and the `/summarize` rate limit.
 */
export interface UsageRepository {
  /** Adds one LLM call and its tokens to the model's count for the day. */
  recordLlmCall(day: string, model: string, usage: { promptTokens: number; completionTokens: number }): Promise<void>;
  /** Adds one to the day's count of the event `kind` (a summary made, reused, skipped…). */
  countEvent(day: string, kind: string): Promise<void>;
  /** Prompt + completion tokens of every model on that day. */
  tokensOn(day: string): Promise<number>;
  /** Usage and events from `sinceDay` on, by day (ascending) then model or kind. */
  since(sinceDay: string): Promise<{ usage: LlmUsageRow[]; events: SummaryEventRow[] }>;
  /**
   * Records a `/summarize` request unless the user or the guild is over its limit (requests in the trailing
   * window); atomically, so concurrent requests cannot both take the last slot. `retryAt`: when the slot frees.
   */
  takeSummarizeSlot(
    request: { guildId: string; userId: string; now: number },
    limits: SummarizeLimits,
  ): Promise<{ ok: true } | { ok: false; scope: 'user' | 'guild'; retryAt: number }>;
}

export function createKyselyUsageRepository({ db, dialect, write }: StoreContext): UsageRepository {
  return {
    async recordLlmCall(day, model, usage) {
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

    async countEvent(day, kind) {
      await db
        .insertInto('summary_events')
        .values({ day, kind, count: 1 })
        .onConflict((oc) => oc.columns(['day', 'kind']).doUpdateSet({ count: sql`summary_events.count + 1` }))
        .execute();
    },

    async tokensOn(day) {
      const row = await db
        .selectFrom('llm_usage')
        .select((eb) => eb.fn.sum<string | number | null>(sql`prompt_tokens + completion_tokens`).as('total'))
        .where('day', '=', day)
        .executeTakeFirst();
      return Number(row?.total ?? 0);
    },

    async since(sinceDay) {
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
