import { describe, expect, it } from 'vitest';
import {
  EVERY_DAY,
  instantOfWallTime,
  lastOccurrence,
  minutesOf,
  nextOccurrence,
  planDue,
} from '../../../../src/pipeline/briefings/schedule.js';

const utc = (iso: string) => Date.parse(iso);
const HOUR = 3_600_000;
const daily = (timezone: string, localTime = '08:00', days = EVERY_DAY) => ({ timezone, localTime, days });

describe('briefing schedule', () => {
  it('reads HH:MM times and refuses others', () => {
    expect(minutesOf('08:00')).toBe(480);
    expect(minutesOf('7:05')).toBe(425);
    expect(minutesOf('23:59')).toBe(1439);
    expect(minutesOf('24:00')).toBeNull();
    expect(minutesOf('8h')).toBeNull();
  });

  it('posts at 08:00 local in New York on both sides of the spring-forward change', () => {
    const s = daily('America/New_York');
    // 2026-03-08 is the change: 08:00 EST the day before is 13:00Z, 08:00 EDT from that day on is 12:00Z.
    expect(nextOccurrence(s, utc('2026-03-07T00:00Z'))).toEqual({
      at: utc('2026-03-07T13:00Z'),
      periodKey: '2026-03-07',
    });
    expect(nextOccurrence(s, utc('2026-03-07T13:00Z'))).toEqual({
      at: utc('2026-03-08T12:00Z'),
      periodKey: '2026-03-08',
    });
  });

  it('posts a time the spring-forward change skips at the first instant after the gap', () => {
    // 02:30 does not exist in New York on 2026-03-08: clocks go from 02:00 EST (07:00Z) to 03:00 EDT.
    expect(nextOccurrence(daily('America/New_York', '02:30'), utc('2026-03-08T00:00Z'))).toEqual({
      at: utc('2026-03-08T07:00Z'),
      periodKey: '2026-03-08',
    });
    // Berlin skips 02:00–03:00 on 2026-03-29 (01:00Z).
    expect(instantOfWallTime(utc('2026-03-29T02:15Z'), 'Europe/Berlin')).toBe(utc('2026-03-29T01:00Z'));
  });

  it('posts a time the fall-back change repeats once, at its first occurrence', () => {
    // Berlin repeats 02:00–03:00 on 2026-10-25: 02:30 CEST is 00:30Z, 02:30 CET 01:30Z.
    const s = daily('Europe/Berlin', '02:30');
    const first = nextOccurrence(s, utc('2026-10-24T12:00Z'));
    expect(first).toEqual({ at: utc('2026-10-25T00:30Z'), periodKey: '2026-10-25' });
    expect(nextOccurrence(s, first.at)).toEqual({ at: utc('2026-10-26T01:30Z'), periodKey: '2026-10-26' });
    // New York on 2026-11-01: 08:00 is EST from that day (13:00Z), EDT the day before (12:00Z).
    const ny = daily('America/New_York');
    expect(nextOccurrence(ny, utc('2026-10-31T00:00Z')).at).toBe(utc('2026-10-31T12:00Z'));
    expect(nextOccurrence(ny, utc('2026-10-31T12:00Z')).at).toBe(utc('2026-11-01T13:00Z'));
  });

  it('keeps the same UTC instant in a zone without daylight saving', () => {
    const s = daily('Asia/Taipei');
    const a = nextOccurrence(s, utc('2026-03-07T00:00Z'));
    expect(a).toEqual({ at: utc('2026-03-08T00:00Z'), periodKey: '2026-03-08' });
    expect(nextOccurrence(s, a.at).at - a.at).toBe(24 * HOUR);
    // The local date, not the UTC one, names the period.
    expect(nextOccurrence(daily('Asia/Taipei', '07:00'), utc('2026-03-07T12:00Z')).periodKey).toBe('2026-03-08');
  });

  it('posts on the allowed weekdays only', () => {
    const weekdays = 0b0111110;
    // 2026-03-06 is a Friday: the next weekday 08:00 in Berlin after Friday's is Monday's.
    const s = daily('Europe/Berlin', '08:00', weekdays);
    expect(nextOccurrence(s, utc('2026-03-06T07:00Z')).periodKey).toBe('2026-03-09');
    expect(lastOccurrence(s, utc('2026-03-08T12:00Z')).periodKey).toBe('2026-03-06');
    expect(() => nextOccurrence(daily('UTC', '08:00', 0), 0)).toThrow();
  });

  it('posts a missed occurrence within the grace period, skips it after, and never posts one twice', () => {
    const s = daily('America/New_York');
    const due = utc('2026-03-09T12:00Z');
    const tomorrow = { at: utc('2026-03-10T12:00Z'), periodKey: '2026-03-10' };
    expect(planDue(s, due, due, 3 * HOUR)).toEqual({ post: { at: due, periodKey: '2026-03-09' }, next: tomorrow });
    expect(planDue(s, due, due + 3 * HOUR, 3 * HOUR).post?.periodKey).toBe('2026-03-09');
    expect(planDue(s, due, due + 3 * HOUR + 1, 3 * HOUR)).toEqual({ post: null, next: tomorrow });
    // Down for a day: yesterday's is skipped, today's (within grace) posted.
    expect(planDue(s, due - 24 * HOUR, due + HOUR, 3 * HOUR).post?.periodKey).toBe('2026-03-09');
    // The next instant is later than the latest occurrence: that one was posted already.
    expect(planDue(s, tomorrow.at, due + HOUR, 3 * HOUR).post).toBeNull();
  });
});
