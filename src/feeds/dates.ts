const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Offsets in minutes of the zone names RFC 822 defines, plus a few that feeds use often. */
const ZONES: Readonly<Record<string, number>> = {
  UT: 0,
  UTC: 0,
  GMT: 0,
  Z: 0,
  EST: -300,
  EDT: -240,
  CST: -360,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
  CET: 60,
  CEST: 120,
  MSK: 180,
  IST: 330,
  HKT: 480,
  SGT: 480,
  JST: 540,
  KST: 540,
  AEST: 600,
  AEDT: 660,
};

const RFC822 =
  /^(?:[a-z]{2,9}\.?,?\s*)?(\d{1,2})[\s-]+([a-z]{3,9})\.?,?[\s-]+(\d{2,4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*((?:gmt|utc)?\s*[+-]\d{1,2}:?\d{2}|[a-z]{1,5})?$/i;
const ISO8601 =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T\s](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?)?)?$/i;

/** Minutes east of UTC for a numeric (`+0800`, `-05:00`, `GMT+8:00`) or named zone; unknown names count as UTC. */
function zoneOffset(zone: string | undefined): number | null {
  if (!zone) return 0;
  const numeric = /([+-])(\d{1,2}):?(\d{2})$/.exec(zone);
  if (numeric) {
    const minutes = Number(numeric[2]) * 60 + Number(numeric[3]);
    return minutes > 18 * 60 ? null : (numeric[1] === '-' ? -1 : 1) * minutes;
  }
  if (/^[+-]\d{2}$/.test(zone)) return Number(zone) * 60;
  // RFC 2822 §4.3: military and other unknown zone letters are to be read as -0000 (UTC, offset unknown).
  return ZONES[zone.toUpperCase()] ?? 0;
}

function build(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, offset: number) {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 60) return null;
  const time = Date.UTC(y, mo - 1, d, h, mi, Math.min(s, 59), ms);
  // Date.UTC rolls 31 Feb over into March; a date that does not round-trip is invalid.
  if (new Date(Date.UTC(y, mo - 1, d)).getUTCDate() !== d) return null;
  return new Date(time - offset * 60_000).toISOString();
}

function parseRfc822(text: string): string | null {
  const m = RFC822.exec(text);
  if (!m) return null;
  const month = MONTHS.indexOf((m[2] ?? '').slice(0, 3).toLowerCase()) + 1;
  if (month === 0) return null;
  let year = Number(m[3]);
  if ((m[3] ?? '').length === 2) year += year < 50 ? 2000 : 1900;
  else if ((m[3] ?? '').length === 3) year += 1900;
  const offset = zoneOffset(m[7]?.replace(/\s+/g, ''));
  if (offset === null) return null;
  return build(year, month, Number(m[1]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), 0, offset);
}

function parseIso8601(text: string): string | null {
  const m = ISO8601.exec(text);
  if (!m) return null;
  const offset = zoneOffset(m[8]);
  if (offset === null) return null;
  const ms = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0;
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? (i <= 3 ? 1 : 0)));
  return build(y ?? 0, mo ?? 1, d ?? 1, h ?? 0, mi ?? 0, s ?? 0, Math.min(ms, 999), offset);
}

/** Longer than any date; a longer value is not read at all (it would only feed the regular expressions). */
const MAX_DATE_CHARS = 200;

/**
 * The text without its RFC 2822 comments: `Fri, 26 Apr 2024 08:47:03 +0000 (UTC)`, the form `date` and many mail
 * and feed tools write, may carry a parenthesised comment after any token, nested ones included.
 */
function withoutComments(text: string): string {
  let out = text;
  for (let before = ''; out !== before; ) {
    before = out;
    out = out.replace(/\([^()]*\)/g, ' ');
  }
  return out.replace(/\s+/g, ' ').trim();
}

/**
 * Parses a feed date (RFC 822/2822 as RSS uses, with named or numeric zones and comments; ISO 8601/RFC 3339 as Atom
 * and Dublin Core use) into ISO 8601 UTC (`2024-04-26T08:47:03.000Z`). A date without a zone is read as UTC.
 * Returns null when the value is absent or not a valid date, never a guess.
 */
export function parseFeedDate(value: string | null | undefined): string | null {
  const text = value?.trim().replace(/\s+/g, ' ');
  if (!text || text.length > MAX_DATE_CHARS) return null;
  return parseIso8601(text) ?? parseRfc822(withoutComments(text));
}
