import type { FeedTruncation } from '../domain.js';

/**
 * What Herald reads of one feed document. Past `maxDepth` a document is refused as a parse error. The others bound
 * what one poll holds and copies back from its parsing thread, applied by the parser before items are normalized:
 * past them a feed keeps its newest items and the start of each text, and says so in `NormalizedFeed.truncated`.
 */
export const FEED_LIMITS = {
  /**
   * Nesting of XML elements or JSON values. libxml2 refuses documents deeper than 256 by default; real feeds nest a
   * dozen levels (a JSON Feed five), Atom XHTML content a few dozen more.
   */
  maxDepth: 256,
  /** Items kept per document, the newest. News feeds carry 20–500; the longest podcast feeds 2,000–4,000 episodes. */
  maxItems: 5_000,
  /** Characters of an item's HTML that are read (its text, picture and identity come from them). */
  maxItemHtmlChars: 500_000,
  /** Characters of an item's text: a 15,000-word article. Search indexes 20,000, a summary reads fewer. */
  maxItemTextChars: 100_000,
  /** Characters of an item's title, author or one category. */
  maxFieldChars: 1_000,
  /** Categories per item. */
  maxCategories: 100,
} as const;

/** `text` cut to at most `max` UTF-16 code units, never between the two halves of a surrogate pair. */
export function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  const last = text.charCodeAt(max - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}

/** Cuts the text of one item to {@link FEED_LIMITS}, remembering whether it cut anything. */
export interface ItemClipper {
  html(text: string): string;
  text(text: string): string;
  field(text: string): string;
  categories(values: readonly string[]): string[];
  /** True once any of the above cut something. */
  readonly cut: boolean;
}

/** A new {@link ItemClipper}, one per item. */
export function createItemClipper(): ItemClipper {
  let cut = false;
  const clip = (text: string, max: number): string => {
    if (text.length <= max) return text;
    cut = true;
    return clipText(text, max);
  };
  return {
    html: (text) => clip(text, FEED_LIMITS.maxItemHtmlChars),
    text: (text) => clip(text, FEED_LIMITS.maxItemTextChars),
    field: (text) => clip(text, FEED_LIMITS.maxFieldChars),
    categories(values) {
      if (values.length > FEED_LIMITS.maxCategories) cut = true;
      return values.slice(0, FEED_LIMITS.maxCategories).map((v) => clip(v, FEED_LIMITS.maxFieldChars));
    },
    get cut() {
      return cut;
    },
  };
}

/**
 * The items of a document to read, in document order: all of them within {@link FEED_LIMITS}.maxItems; past it the
 * newest by date when every item has a date, else the first ones (feeds list their newest first). `dateOf` gives an
 * ISO 8601 date or null.
 */
export function newestItems<T>(items: readonly T[], dateOf: (item: T) => string | null): readonly T[] {
  const max = FEED_LIMITS.maxItems;
  if (items.length <= max) return items;
  const times: number[] = [];
  for (const item of items) {
    const date = dateOf(item);
    if (date === null) return items.slice(0, max);
    times.push(Date.parse(date));
  }
  const newestFirst = times.map((_, i) => i).sort((a, b) => (times[b] ?? 0) - (times[a] ?? 0) || a - b);
  return newestFirst
    .slice(0, max)
    .sort((a, b) => a - b)
    .map((i) => items[i] as T);
}

/** The `truncated` field of a normalized feed (nothing when nothing was left out), spread into it. */
export function truncation(itemsInDocument: number, kept: readonly { cut: boolean }[]): { truncated?: FeedTruncation } {
  const itemsTextCut = kept.filter((k) => k.cut).length;
  if (kept.length === itemsInDocument && itemsTextCut === 0) return {};
  return { truncated: { itemsInDocument, itemsKept: kept.length, itemsTextCut } };
}
