/**
 * When a briefing is due: the instants whose wall time in a time zone is `HH:MM` on the allowed weekdays, found with
 * `Intl.DateTimeFormat` so daylight-saving changes land where the zone's rules put them. A wall time that does not
 * exist (skipped by a spring-forward change) is due at the first instant after the gap; one that happens twice (a
 * fall-back change) is due at its first occurrence only. Each occurrence belongs to a period, its local date.
 */

/** A briefing's schedule. */
export interface BriefingSchedule {
  /** `HH:MM`, 24-hour. */
  localTime: string;
  /** Weekdays, bit 0 Sunday … bit 6 Saturday; at least one. */
  days: number;
  /** IANA time zone. */
  timezone: string;
}

/** One due instant and the period (local date, `YYYY-MM-DD`) it posts for. */
export interface Occurrence {
  at: number;
  periodKey: string;
}

export const EVERY_DAY = 0b1111111;
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** Minutes after midnight of an `HH:MM` time, null when it is not one. */
export function minutesOf(localTime: string): number | null {
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/u.exec(localTime.trim());
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** `HH:MM` of minutes after midnight. */
export function formatLocalTime(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

const formats = new Map<string, Intl.DateTimeFormat>();
function formatIn(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formats.set(timeZone, f);
  }
  return f;
}

/** The wall clock of `at` in `timeZone`, as if it were UTC (epoch ms, whole minutes). */
function wallClock(at: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatIn(timeZone).formatToParts(at)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0);
}

/** The zone's offset from UTC at `at`, ms (local = UTC + offset). */
function offsetAt(at: number, timeZone: string): number {
  const whole = Math.floor(at / MINUTE_MS) * MINUTE_MS;
  return wallClock(whole, timeZone) - whole;
}

/**
 * The first instant whose wall time in `timeZone` is `wall` (a wall clock as if UTC), or, when the zone skips it,
 * the first instant after the skipped hour.
 */
export function instantOfWallTime(wall: number, timeZone: string): number {
  const before = offsetAt(wall - DAY_MS / 2, timeZone);
  const after = offsetAt(wall + DAY_MS / 2, timeZone);
  const candidates = [wall - before, wall - after].sort((a, b) => a - b);
  const exact = candidates.find((at) => wallClock(at, timeZone) === wall);
  if (exact !== undefined) return exact;
  // In a gap: the change happens between the two candidates; find its first minute under the new offset.
  let [lo, hi] = candidates as [number, number];
  while (hi - lo > MINUTE_MS) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE_MS) * MINUTE_MS;
    if (offsetAt(mid, timeZone) === after) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** The occurrence on a local date (`day` as UTC midnight of that date), null when its weekday is not allowed. */
function occurrenceOn(day: number, minutes: number, schedule: BriefingSchedule): Occurrence | null {
  if ((schedule.days & (1 << new Date(day).getUTCDay())) === 0) return null;
  return {
    at: instantOfWallTime(day + minutes * MINUTE_MS, schedule.timezone),
    periodKey: new Date(day).toISOString().slice(0, 10),
  };
}

/** The local dates around `at` in `timeZone` (as UTC midnights), from two days before it onwards, or back. */
function* daysAround(at: number, timeZone: string, step: 1 | -1): Generator<number> {
  const today = Math.floor(wallClock(at, timeZone) / DAY_MS) * DAY_MS;
  for (let k = -2 * step; Math.abs(k) <= 9; k += step) yield today + k * DAY_MS;
}

function checked(schedule: BriefingSchedule): number {
  const minutes = minutesOf(schedule.localTime);
  if (minutes === null || (schedule.days & EVERY_DAY) === 0) throw new Error(`invalid schedule ${schedule.localTime}`);
  return minutes;
}

/** The first occurrence strictly after `after`. */
export function nextOccurrence(schedule: BriefingSchedule, after: number): Occurrence {
  const minutes = checked(schedule);
  for (const day of daysAround(after, schedule.timezone, 1)) {
    const o = occurrenceOn(day, minutes, schedule);
    if (o && o.at > after) return o;
  }
  throw new Error('no occurrence within a week');
}

/** The last occurrence at or before `at`. */
export function lastOccurrence(schedule: BriefingSchedule, at: number): Occurrence {
  const minutes = checked(schedule);
  for (const day of daysAround(at, schedule.timezone, -1)) {
    const o = occurrenceOn(day, minutes, schedule);
    if (o && o.at <= at) return o;
  }
  throw new Error('no occurrence within a week');
}

/** What a scheduler run does with a due briefing. */
export interface DuePlan {
  /** The occurrence to post now, null when the last one is past the grace period (or was posted already). */
  post: Occurrence | null;
  /** The briefing's next due occurrence. */
  next: Occurrence;
}

/**
 * A briefing whose next instant `nextAt` has come: the latest occurrence not after `now` is posted when it is not
 * older than `graceMs` (a server down at the time posts when it comes back) and not before `nextAt` (posted already);
 * older ones are skipped. Either way the briefing moves on to its first occurrence after `now`.
 */
export function planDue(schedule: BriefingSchedule, nextAt: number, now: number, graceMs: number): DuePlan {
  const latest = lastOccurrence(schedule, now);
  const post = latest.at >= nextAt && now - latest.at <= graceMs ? latest : null;
  return { post, next: nextOccurrence(schedule, now) };
}
