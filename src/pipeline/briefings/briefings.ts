import type { Deps } from '../../deps.js';
import type { SummaryStyle } from '../../domain.js';
import type { PublishOutcome } from '../../ports/publisher.js';
import { parseQuery } from '../../search/query.js';
import {
  type BriefingArticle,
  type BriefingContent,
  type BriefingRow,
  DEFAULT_GUILD_SETTINGS,
} from '../../store/store.js';
import { type BriefingSchedule, lastOccurrence, nextOccurrence, type Occurrence, planDue } from './schedule.js';

/** A briefing missed at its time (the server was down) still posts this long after it; later, it is skipped. */
export const BRIEFING_GRACE_MS = 3 * 3_600_000;
/** Stories a briefing lists. */
export const BRIEFING_STORIES = 12;
/** A period reads at most this many articles, and at most this far back (the days between briefings). */
const PERIOD_ARTICLES = 2_000;
const MAX_PERIOD_MS = 8 * 86_400_000;

/** One period's posting of one briefing, as the tick enqueues it. */
export interface BriefingJob {
  briefingId: number;
  periodKey: string;
  /** The occurrence's instant: the period ends here. */
  at: number;
}

export type { BriefingContent } from '../../store/store.js';

type BriefingDeps = Pick<Deps, 'store' | 'now' | 'summarizer'>;

/** A briefing's schedule, in its own time zone else its server's. */
export async function scheduleOf(
  deps: Pick<Deps, 'store'>,
  b: Pick<BriefingRow, 'guildId' | 'localTime' | 'days' | 'timezone'>,
): Promise<BriefingSchedule> {
  const timezone = b.timezone ?? (await deps.store.guilds.get(b.guildId))?.timezone ?? DEFAULT_GUILD_SETTINGS.timezone;
  return { localTime: b.localTime, days: b.days, timezone };
}

/**
 * The scheduler's part (run by the tick): each briefing whose time has come is moved on to its next occurrence, and
 * the occurrence due now is handed to `enqueue` — unless it is older than the grace period (the server was down too
 * long) — before the briefing moves on, so a crash between the two enqueues it again (the job's deduplication and
 * the period's record keep that to one post). Returns the jobs enqueued.
 */
export async function scheduleBriefings(
  deps: Pick<Deps, 'store' | 'now' | 'log'>,
  enqueue: (jobs: BriefingJob[]) => Promise<void>,
): Promise<BriefingJob[]> {
  const now = deps.now();
  const enqueued: BriefingJob[] = [];
  for (const b of await deps.store.briefings.due(now, 500)) {
    let plan: ReturnType<typeof planDue>;
    try {
      plan = planDue(await scheduleOf(deps, b), b.nextAt, now, BRIEFING_GRACE_MS);
    } catch (err) {
      // A schedule that cannot be read (a time zone this runtime no longer knows) must not hold up the others.
      deps.log.error({ err, briefingId: b.id }, 'briefing schedule unreadable');
      continue;
    }
    if (plan.post) {
      const job = { briefingId: b.id, periodKey: plan.post.periodKey, at: plan.post.at };
      await enqueue([job]);
      enqueued.push(job);
    }
    await deps.store.briefings.reschedule(b.id, b.nextAt, plan.next.at, plan.next.periodKey);
  }
  return enqueued;
}

/**
 * After a server's time zone changed: each of its briefings that follows the server's zone is moved to its next
 * occurrence under the new one. One already due is left to the scheduler, which plans it in the new zone; a period
 * that comes round again in the new zone finds its record done and is not posted twice. Returns how many moved.
 */
export async function replanGuildBriefings(deps: Pick<Deps, 'store' | 'now'>, guildId: string): Promise<number> {
  const now = deps.now();
  let moved = 0;
  for (const b of await deps.store.briefings.ofGuild(guildId)) {
    if (b.timezone !== null || b.nextAt <= now) continue;
    const next = nextOccurrence(await scheduleOf(deps, b), now);
    if (next.at !== b.nextAt && (await deps.store.briefings.reschedule(b.id, b.nextAt, next.at, next.periodKey))) {
      moved++;
    }
  }
  return moved;
}

/** Groups a period's articles by story and ranks the stories: most outlets first, then the most recent. */
export function rankStories(articles: BriefingArticle[], limit: number): BriefingArticle[][] {
  const stories = new Map<string, BriefingArticle[]>();
  for (const a of articles) {
    const key = a.storyKey ?? `article:${a.articleId}`;
    stories.set(key, [...(stories.get(key) ?? []), a]);
  }
  const outlets = (s: BriefingArticle[]) => new Set(s.map((a) => a.feedId)).size;
  const latest = (s: BriefingArticle[]) => Math.max(...s.map((a) => a.seenAt));
  return [...stories.values()]
    .sort((x, y) => outlets(y) - outlets(x) || latest(y) - latest(x))
    .slice(0, limit)
    .map((s) => [...s].sort((x, y) => x.seenAt - y.seenAt || x.articleId - y.articleId));
}

const outletName = (a: BriefingArticle) => a.feedTitle ?? URL.parse(a.feedUrl)?.hostname ?? a.feedUrl;

/**
 * What a briefing says for the period ending at `occurrence` (since the occurrence before it): its stories, grouped
 * and ranked, each with its cached one-line summary (in the briefing's language and style, else its server's) and
 * outlets; and an opening paragraph written by the summarizer from those summaries alone (one call, fenced as
 * untrusted and checked for unsupported numbers as any summary), or the top headlines when it could not.
 */
export async function composeBriefing(
  deps: BriefingDeps,
  b: BriefingRow,
  occurrence: Pick<Occurrence, 'at'>,
): Promise<BriefingContent> {
  const guild = await deps.store.guilds.get(b.guildId);
  const language = b.language ?? guild?.language ?? DEFAULT_GUILD_SETTINGS.language;
  const style: SummaryStyle = b.style ?? guild?.style ?? DEFAULT_GUILD_SETTINGS.style;
  const schedule = await scheduleOf(deps, b);
  const since = Math.max(lastOccurrence(schedule, occurrence.at - 1).at, occurrence.at - MAX_PERIOD_MS);
  const articleIds =
    b.scope.kind === 'topic' ? await topicMatches(deps, b.guildId, b.scope.query, occurrence.at) : null;
  const articles = await deps.store.briefings.periodArticles({
    guildId: b.guildId,
    feedId: b.scope.kind === 'feed' ? b.scope.feedId : null,
    articleIds,
    since,
    until: occurrence.at,
    limit: PERIOD_ARTICLES,
  });
  const ranked = rankStories(articles, BRIEFING_STORIES);
  const told = await Promise.all(
    ranked.map(async (reports) => {
      const first = reports[0] as BriefingArticle;
      const summary = first.storyKey
        ? await deps.store.stories.getSummary(first.storyKey, language, style, deps.summarizer.variant)
        : null;
      const outlets = [...new Set(reports.map(outletName))];
      return {
        story: { line: summary?.headline || first.title, link: reports.find((a) => a.link)?.link ?? null, outlets },
        text: summary?.summary ?? '',
      };
    }),
  );
  const stories = told.map((s) => s.story);
  const headlines = () =>
    stories
      .slice(0, 3)
      .map((s) => s.line)
      .join(' · ');
  if (stories.length === 0) return { opening: '', openingSource: 'headlines', stories, language };
  const source = told.map((s) => [s.story.line, s.text].filter(Boolean).join(': ')).join('\n');
  const opening = await deps.summarizer.summarize(
    { title: told[0]?.story.line ?? '', text: source, language: null },
    { language, style },
  );
  return opening.source === 'llm' && opening.summary
    ? { opening: opening.summary, openingSource: 'llm', stories, language }
    : { opening: headlines(), openingSource: 'headlines', stories, language };
}

/** The articles a topic query matches among the guild's feeds (best first, bounded). */
async function topicMatches(deps: Pick<Deps, 'store'>, guildId: string, query: string, now: number) {
  const { rows } = await deps.store.search.query({
    guildId,
    query: parseQuery(query, now, { fields: true }),
    limit: 500,
    offset: 0,
    now,
    countLimit: 500,
  });
  return rows.map((r) => r.articleId);
}

/** What became of a period's posting. */
export type BriefingResult =
  | { status: 'posted'; messageIds: string[] }
  /** Posted (or given up) by an earlier run, or the briefing is gone: nothing to do. */
  | { status: 'done-already' | 'gone' }
  | Exclude<PublishOutcome, { status: 'delivered' }>;

/**
 * Posts a briefing's period once: the period's record (one per briefing and period) is started first, what it says
 * composed once and kept with it, each message recorded as soon as it is posted, and the record closed when all are;
 * a retry — after a crash, even one between a post and its record — posts from the kept content, skips the recorded
 * messages and gets the others back from the publisher's idempotency keys instead of posting them twice. A
 * destination lost or a refusal closes the period (retrying cannot help); a `retry-later` leaves it open for the
 * caller to retry.
 */
export async function postBriefing(
  deps: BriefingDeps & Pick<Deps, 'publisher'>,
  job: BriefingJob,
): Promise<BriefingResult> {
  const { store, publisher } = deps;
  const b = await store.briefings.get(job.briefingId);
  if (!b || !publisher) return { status: 'gone' };
  const run = await store.briefings.startRun(b.id, job.periodKey, deps.now());
  if (run.doneAt !== null) return { status: 'done-already' };
  // Composed once per period and kept before the first part is posted: a retry posts the rest of the same text
  // (even if stories arrived since) and asks the LLM nothing.
  const content =
    run.content ?? (await store.briefings.keepContent(b.id, job.periodKey, await composeBriefing(deps, b, job)));
  const posted = new Map(run.parts);
  const outcome = await publisher.publishBriefing(
    {
      destination: { guildId: b.guildId, channelId: b.channelId, channelType: b.channelType },
      briefingId: b.id,
      periodKey: job.periodKey,
      earlierAttemptAt: run.earlierStartAt,
      posted: run.parts,
      opening: content.opening,
      stories: content.stories,
      language: content.language,
    },
    async (part, messageId) => {
      await store.briefings.recordPart(b.id, job.periodKey, part, messageId);
      posted.set(part, messageId);
    },
  );
  if (outcome.status === 'retry-later') return outcome;
  await store.briefings.finishRun(b.id, job.periodKey, deps.now());
  if (outcome.status !== 'delivered') return outcome;
  return { status: 'posted', messageIds: [...posted.entries()].sort(([x], [y]) => x - y).map(([, id]) => id) };
}
