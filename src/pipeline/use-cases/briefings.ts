import type { Deps } from '../../deps.js';
import { UserError } from '../../i18n/user-error.js';
import { parseQuery } from '../../search/query.js';
import type { BriefingRow, BriefingScope } from '../../store/store.js';
import { type BriefingContent, composeBriefing, scheduleOf } from '../briefings/briefings.js';
import { EVERY_DAY, formatLocalTime, minutesOf, nextOccurrence } from '../briefings/schedule.js';
import { feedOfGuild } from './guild-refs.js';
import { canonicalTimeZone, checkedSubscriptionSettings } from './settings.js';

/** The weekday sets `/briefing add` offers (bit 0 Sunday). */
export const BRIEFING_DAYS = { daily: EVERY_DAY, weekdays: 0b0111110, weekends: 0b1000001 } as const;
export type BriefingDays = keyof typeof BRIEFING_DAYS;
/** Briefings one server may have. */
export const MAX_BRIEFINGS = 10;

/** A briefing as `/briefing` shows it: its effective time zone, weekdays and scope named. */
export interface BriefingView {
  row: BriefingRow;
  timezone: string;
  days: BriefingDays;
  /** The feed's title or address for a feed scope. */
  feedName: string | null;
}

type BriefingDeps = Pick<Deps, 'store' | 'now'>;

const daysName = (days: number): BriefingDays =>
  (Object.entries(BRIEFING_DAYS).find(([, bits]) => bits === days)?.[0] as BriefingDays | undefined) ?? 'daily';

async function view(deps: BriefingDeps, row: BriefingRow): Promise<BriefingView> {
  const feed = row.scope.kind === 'feed' ? await deps.store.feeds.get(row.scope.feedId) : null;
  return {
    row,
    timezone: (await scheduleOf(deps, row)).timezone,
    days: daysName(row.days),
    feedName: feed ? (feed.title ?? feed.url) : null,
  };
}

/**
 * Adds a briefing after checking its time (`HH:MM`), scope (a feed the server follows, or a valid topic query),
 * language, style and time zone (absent: the server's); it is first due at the next such time.
 */
export async function addBriefing(
  deps: BriefingDeps,
  input: {
    guildId: string;
    channelId: string;
    channelType: number | null;
    time: string;
    days: BriefingDays;
    feed?: string | null;
    topic?: string | null;
    language?: string | null;
    style?: string | null;
    timezone?: string | null;
  },
): Promise<BriefingView> {
  const minutes = minutesOf(input.time);
  if (minutes === null) throw new UserError('briefingBadTime', { value: input.time.slice(0, 20) });
  if ((await deps.store.briefings.ofGuild(input.guildId)).length >= MAX_BRIEFINGS) {
    throw new UserError('briefingTooMany', { max: MAX_BRIEFINGS });
  }
  let scope: BriefingScope = { kind: 'all' };
  if (input.feed) scope = { kind: 'feed', feedId: (await feedOfGuild(deps, input.guildId, input.feed)).id };
  else if (input.topic?.trim()) {
    const query = input.topic.trim();
    parseQuery(query, deps.now(), { fields: true });
    scope = { kind: 'topic', query };
  }
  const { language, style } = checkedSubscriptionSettings(input);
  const timezone = input.timezone ? canonicalTimeZone(input.timezone) : null;
  const draft = {
    guildId: input.guildId,
    channelId: input.channelId,
    channelType: input.channelType,
    localTime: formatLocalTime(minutes),
    days: BRIEFING_DAYS[input.days],
    scope,
    language,
    style,
    timezone,
  };
  const first = nextOccurrence(await scheduleOf(deps, draft), deps.now());
  const row = await deps.store.briefings.create({ ...draft, nextAt: first.at, periodKey: first.periodKey }, deps.now());
  return view(deps, row);
}

/** The server's briefings, oldest first. */
export async function listBriefings(deps: BriefingDeps, guildId: string): Promise<BriefingView[]> {
  return Promise.all((await deps.store.briefings.ofGuild(guildId)).map((row) => view(deps, row)));
}

const idOf = (raw: string) => {
  const id = Number(raw.trim());
  return Number.isSafeInteger(id) && id > 0 ? id : null;
};

async function briefingOfGuild(deps: BriefingDeps, guildId: string, raw: string): Promise<BriefingRow> {
  const id = idOf(raw);
  const row = id === null ? null : await deps.store.briefings.get(id);
  if (!row || row.guildId !== guildId) throw new UserError('briefingUnknown', { id: raw.slice(0, 20) });
  return row;
}

/** Removes one of the server's briefings; `briefingUnknown` when it has none by that id. */
export async function removeBriefing(deps: BriefingDeps, guildId: string, raw: string): Promise<number> {
  const row = await briefingOfGuild(deps, guildId, raw);
  if (!(await deps.store.briefings.remove(guildId, row.id))) throw new UserError('briefingUnknown', { id: raw });
  return row.id;
}

/** What the briefing's next post would say if it were due now (its period so far); nothing is recorded. */
export async function previewBriefing(
  deps: BriefingDeps & Pick<Deps, 'summarizer'>,
  guildId: string,
  raw: string,
): Promise<{ row: BriefingRow; content: BriefingContent }> {
  const row = await briefingOfGuild(deps, guildId, raw);
  return { row, content: await composeBriefing(deps, row, { at: deps.now() }) };
}
