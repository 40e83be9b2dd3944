/** Longest interval a feed may ask for; a hostile or mistaken `<ttl>` of a year would otherwise silence it. */
export const MAX_DECLARED_INTERVAL_SECONDS = 24 * 3600;

const PERIOD_SECONDS: Readonly<Record<string, number>> = {
  hourly: 3600,
  daily: 86_400,
  weekly: 604_800,
  monthly: 2_592_000,
  yearly: 31_536_000,
};

/** How much of the document is searched: the channel's head, before the items, is where these elements live. */
const HEAD_CHARS = 64 * 1024;

/**
 * The shortest poll interval a feed asks for, in seconds: RSS `<ttl>` (minutes), or the syndication module's
 * `sy:updatePeriod` divided by `sy:updateFrequency`; the larger when both are there, at most a day. Null when the
 * feed declares neither (or only nonsense).
 */
export function declaredMinInterval(text: string): number | null {
  const firstItem = text.search(/<(?:\w+:)?(?:item|entry)[\s>]/);
  const head = text.slice(0, Math.min(firstItem < 0 ? text.length : firstItem, HEAD_CHARS));
  const candidates: number[] = [];
  const ttl = /<ttl\s*>\s*(\d{1,7})\s*<\/ttl\s*>/i.exec(head);
  if (ttl?.[1]) candidates.push(Number(ttl[1]) * 60);
  const period = /<(?:\w+:)?updatePeriod\s*>\s*([a-z]+)\s*</i.exec(head)?.[1]?.toLowerCase();
  if (period && PERIOD_SECONDS[period] !== undefined) {
    const frequency = Number(/<(?:\w+:)?updateFrequency\s*>\s*(\d{1,6})\s*</i.exec(head)?.[1] ?? '1');
    candidates.push(PERIOD_SECONDS[period] / Math.max(1, frequency));
  }
  const positive = candidates.filter((s) => Number.isFinite(s) && s > 0);
  if (positive.length === 0) return null;
  return Math.min(Math.round(Math.max(...positive)), MAX_DECLARED_INTERVAL_SECONDS);
}
