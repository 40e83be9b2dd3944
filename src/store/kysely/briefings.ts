import { type Selectable, sql } from 'kysely';
import type { SummaryStyle } from '../../domain.js';
import type { BriefingsTable } from '../schema.js';
import type { StoreContext } from './context.js';
import { STORY_ARTICLE_COLUMNS, type StoryArticle } from './story-posts.js';

/** What a briefing covers: one feed, a topic query over the server's feeds, or every feed the server follows. */
export type BriefingScope = { kind: 'all' } | { kind: 'feed'; feedId: number } | { kind: 'topic'; query: string };

/** A briefing as it is made. */
export interface NewBriefing {
  guildId: string;
  channelId: string;
  channelType: number | null;
  /** `HH:MM` local time. */
  localTime: string;
  /** Weekdays it posts on, bit 0 Sunday … bit 6 Saturday (127: every day). */
  days: number;
  scope: BriefingScope;
  /** Null: the server's setting. */
  language: string | null;
  style: SummaryStyle | null;
  /** IANA time zone; null: the server's. */
  timezone: string | null;
  /** The first instant it is due and the local date of that instant. */
  nextAt: number;
  periodKey: string;
}

export interface BriefingRow extends NewBriefing {
  id: number;
  createdAt: number;
}

/** One story of a briefing: its one-line summary, linked, and the outlets that reported it. */
export interface BriefingStory {
  /** The story's one line (its cached headline, else an article's title): outside text. */
  line: string;
  link: string | null;
  /** The outlets that reported it (feed titles, else hosts), most first: outside text. */
  outlets: string[];
}

/** What a briefing says for a period, before rendering. */
export interface BriefingContent {
  opening: string;
  /** `llm`: written by the LLM from the stories' summaries; `headlines`: the top headlines (no LLM, or it failed). */
  openingSource: 'llm' | 'headlines';
  stories: BriefingStory[];
  language: string;
}

/**
 * A period's posting as recorded: when it first started, whether it finished, what it says (once composed) and the
 * messages posted so far.
 */
export interface BriefingRun {
  /** When an earlier try started, null when this call started it. */
  earlierStartAt: number | null;
  doneAt: number | null;
  /** The content composed for the period, null until it is kept (or when it cannot be read). */
  content: BriefingContent | null;
  /** Message ids by part number. */
  parts: Map<number, string>;
}

/** One article of a briefing's period, with the story it belongs to (its own when it has none yet). */
export interface BriefingArticle extends Omit<StoryArticle, 'language'> {
  storyKey: string | null;
}

/** Which articles a period covers. */
export interface PeriodQuery {
  guildId: string;
  /** Only this feed; null: every feed the guild follows. */
  feedId: number | null;
  /** Only these articles (a topic's matches); null: all. */
  articleIds: number[] | null;
  /** Articles Herald stored in [since, until). */
  since: number;
  until: number;
  limit: number;
}

/**
 * Briefings: their schedule (the next due instant, which the scheduler claims by moving it on), and the record of
 * each (briefing, period) posting and its messages, unique per period so a briefing posts once per period.
 */
export interface BriefingRepository {
  create(briefing: NewBriefing, now: number): Promise<BriefingRow>;
  get(id: number): Promise<BriefingRow | null>;
  /** A guild's briefings, oldest first. */
  ofGuild(guildId: string): Promise<BriefingRow[]>;
  /** Deletes a guild's briefing (and its records); false when the guild has no such briefing. */
  remove(guildId: string, id: number): Promise<boolean>;
  /** Briefings due at `now` (next instant not after it), earliest first, at most `limit`. */
  due(now: number, limit: number): Promise<BriefingRow[]>;
  /**
   * Moves a briefing's next instant from `fromAt` to `nextAt` (local date `periodKey`); false when another run moved
   * it first, so one scheduler run alone acts on each due instant.
   */
  reschedule(id: number, fromAt: number, nextAt: number, periodKey: string): Promise<boolean>;
  /** Starts (or finds) the posting of a period; the unique record per (briefing, period) is the exactly-once guard. */
  startRun(briefingId: number, periodKey: string, now: number): Promise<BriefingRun>;
  /**
   * Keeps what the period's briefing says, unless a content is kept already; returns the content kept, so every try
   * posts from the first one composed.
   */
  keepContent(briefingId: number, periodKey: string, content: BriefingContent): Promise<BriefingContent>;
  /** Records a posted message of the period; a part recorded already keeps its first message. */
  recordPart(briefingId: number, periodKey: string, part: number, messageId: string): Promise<void>;
  /** Marks the period's posting done. */
  finishRun(briefingId: number, periodKey: string, now: number): Promise<void>;
  /** The articles of a period in scope, newest first, at most `limit`. */
  periodArticles(query: PeriodQuery): Promise<BriefingArticle[]>;
  /** Deletes up to `limit` period records started before `cutoff`, oldest first, with their messages; returns how many. */
  pruneRuns(cutoff: number, limit: number): Promise<number>;
}

function toBriefing(r: Selectable<BriefingsTable>): BriefingRow {
  const scope: BriefingScope =
    r.query !== null
      ? { kind: 'topic', query: r.query }
      : r.feed_id !== null
        ? { kind: 'feed', feedId: Number(r.feed_id) }
        : { kind: 'all' };
  return {
    id: Number(r.id),
    guildId: r.guild_id,
    channelId: r.channel_id,
    channelType: r.channel_type,
    localTime: r.local_time,
    days: r.days,
    scope,
    language: r.language,
    style: r.style as SummaryStyle | null,
    timezone: r.timezone,
    nextAt: Number(r.next_at),
    periodKey: r.period_key,
    createdAt: Number(r.created_at),
  };
}

/** A run's kept content, null when there is none or it is not one (it is then composed again). */
function parseContent(text: string | null): BriefingContent | null {
  if (text === null) return null;
  const value: unknown = JSON.parse(text);
  const ok =
    typeof value === 'object' &&
    value !== null &&
    typeof (value as BriefingContent).opening === 'string' &&
    Array.isArray((value as BriefingContent).stories);
  return ok ? (value as BriefingContent) : null;
}

export function createKyselyBriefingRepository({ db, write }: StoreContext): BriefingRepository {
  const get = async (id: number) => {
    const row = await db.selectFrom('briefings').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toBriefing(row) : null;
  };
  return {
    async create(b, now) {
      const row = await db
        .insertInto('briefings')
        .values({
          guild_id: b.guildId,
          channel_id: b.channelId,
          channel_type: b.channelType,
          local_time: b.localTime,
          days: b.days,
          feed_id: b.scope.kind === 'feed' ? b.scope.feedId : null,
          query: b.scope.kind === 'topic' ? b.scope.query : null,
          language: b.language,
          style: b.style,
          timezone: b.timezone,
          next_at: b.nextAt,
          period_key: b.periodKey,
          created_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toBriefing(row);
    },
    get,
    async ofGuild(guildId) {
      const rows = await db.selectFrom('briefings').selectAll().where('guild_id', '=', guildId).orderBy('id').execute();
      return rows.map(toBriefing);
    },
    async remove(guildId, id) {
      const gone = await db
        .deleteFrom('briefings')
        .where('guild_id', '=', guildId)
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(gone.numDeletedRows) > 0;
    },
    async due(now, limit) {
      const rows = await db
        .selectFrom('briefings')
        .selectAll()
        .where('next_at', '<=', now)
        .orderBy('next_at')
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map(toBriefing);
    },
    async reschedule(id, fromAt, nextAt, periodKey) {
      const moved = await db
        .updateTable('briefings')
        .set({ next_at: nextAt, period_key: periodKey })
        .where('id', '=', id)
        .where('next_at', '=', fromAt)
        .executeTakeFirst();
      return Number(moved.numUpdatedRows) > 0;
    },
    startRun: (briefingId, periodKey, now) =>
      write(async (tx) => {
        const inserted = await tx
          .insertInto('briefing_runs')
          .values({ briefing_id: briefingId, period_key: periodKey, started_at: now })
          .onConflict((oc) => oc.columns(['briefing_id', 'period_key']).doNothing())
          .executeTakeFirst();
        const run = await tx
          .selectFrom('briefing_runs')
          .selectAll()
          .where('briefing_id', '=', briefingId)
          .where('period_key', '=', periodKey)
          .executeTakeFirstOrThrow();
        const parts = await tx
          .selectFrom('briefing_parts')
          .select(['part', 'message_id'])
          .where('briefing_id', '=', briefingId)
          .where('period_key', '=', periodKey)
          .execute();
        const fresh = Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0;
        return {
          earlierStartAt: fresh ? null : Number(run.started_at),
          doneAt: run.done_at === null ? null : Number(run.done_at),
          content: parseContent(run.content),
          parts: new Map(parts.map((p) => [p.part, p.message_id])),
        };
      }),
    keepContent: (briefingId, periodKey, content) =>
      write(async (tx) => {
        const run = tx
          .updateTable('briefing_runs')
          .where('briefing_id', '=', briefingId)
          .where('period_key', '=', periodKey);
        await run
          .set({ content: JSON.stringify(content) })
          .where('content', 'is', null)
          .execute();
        const kept = await tx
          .selectFrom('briefing_runs')
          .select('content')
          .where('briefing_id', '=', briefingId)
          .where('period_key', '=', periodKey)
          .executeTakeFirst();
        return parseContent(kept?.content ?? null) ?? content;
      }),
    async recordPart(briefingId, periodKey, part, messageId) {
      await db
        .insertInto('briefing_parts')
        .values({ briefing_id: briefingId, period_key: periodKey, part, message_id: messageId })
        .onConflict((oc) => oc.columns(['briefing_id', 'period_key', 'part']).doNothing())
        .execute();
    },
    async finishRun(briefingId, periodKey, now) {
      await db
        .updateTable('briefing_runs')
        .set({ done_at: now })
        .where('briefing_id', '=', briefingId)
        .where('period_key', '=', periodKey)
        .where('done_at', 'is', null)
        .execute();
    },
    pruneRuns: (cutoff, limit) =>
      write(async (tx) => {
        const oldest = tx
          .selectFrom('briefing_runs')
          .select(['briefing_id', 'period_key'])
          .where('started_at', '<', cutoff)
          .orderBy('started_at')
          .orderBy('briefing_id')
          .orderBy('period_key')
          .limit(limit);
        const ofOldest = (table: 'briefing_parts' | 'briefing_runs') =>
          sql<boolean>`exists (select 1 from (${oldest}) r where r.briefing_id = ${sql.ref(`${table}.briefing_id`)} and r.period_key = ${sql.ref(`${table}.period_key`)})`;
        // The same oldest runs twice in one transaction: their messages first, then the runs.
        await tx.deleteFrom('briefing_parts').where(ofOldest('briefing_parts')).execute();
        const runs = await tx.deleteFrom('briefing_runs').where(ofOldest('briefing_runs')).executeTakeFirst();
        return Number(runs.numDeletedRows);
      }),
    async periodArticles({ guildId, feedId, articleIds, since, until, limit }) {
      if (articleIds?.length === 0) return [];
      let q = db
        .selectFrom('articles')
        .innerJoin('feeds', 'feeds.id', 'articles.feed_id')
        .select([...STORY_ARTICLE_COLUMNS, 'articles.story_key as storyKey'])
        .where('articles.created_at', '>=', since)
        .where('articles.created_at', '<', until)
        .where('articles.feed_id', 'in', (eb) =>
          eb.selectFrom('subscriptions').select('subscriptions.feed_id').where('subscriptions.guild_id', '=', guildId),
        );
      if (feedId !== null) q = q.where('articles.feed_id', '=', feedId);
      if (articleIds !== null) q = q.where('articles.id', 'in', articleIds);
      const rows = await q.orderBy('articles.created_at', 'desc').orderBy('articles.id', 'desc').limit(limit).execute();
      return rows.map((r) => ({
        ...r,
        articleId: Number(r.articleId),
        feedId: Number(r.feedId),
        seenAt: Number(r.seenAt),
        publishedAt: r.publishedAt === null ? null : Number(r.publishedAt),
      }));
    },
  };
}
