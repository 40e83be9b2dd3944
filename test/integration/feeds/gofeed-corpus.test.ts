import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NormalizedFeed } from '../../../src/domain.js';
import { parseFeed } from '../../../src/feeds/parse.js';

/**
 * Herald's parser against gofeed's translator cases (test/fixtures/feeds/gofeed, MIT). For every case: item count,
 * item titles, item links and — where gofeed gives `publishedParsed` — item published dates.
 *
 * Rules where Herald decides differently on purpose (listed in DELIBERATE below when they change a result):
 * - Links are serialized by the WHATWG URL parser, so `http://example.org` becomes `http://example.org/`. The
 *   comparison normalizes gofeed's expected links the same way.
 * - When an item (or channel) has several `<link>` elements, Herald takes the first; gofeed takes the last.
 * - Herald falls back to an update date (`updated`, `modified`, `atom:updated`) when an item has no publication
 *   date, so a story without one still sorts by time; gofeed leaves `published` empty. Only dates gofeed gives are
 *   compared.
 * - JSON cases (gofeed's `translator/json`) are not JSON Feeds to Herald: their `version` is "1.0", not a
 *   `https://jsonfeed.org/version/` URL, which is how Herald recognizes JSON Feed.
 */
const DELIBERATE: Readonly<Record<string, string>> = {
  'rss/feed_item_links_-_rss_channel_item_links': 'first <link> wins (gofeed: last)',
};

/** Share of cases that must agree, all fields compared strictly. Measured 93 of 94 when this was written. */
const MIN_PASS_RATE = 0.98;

const ROOT = join(import.meta.dirname, '../../fixtures/feeds/gofeed');

interface ExpectedItem {
  title?: string;
  link?: string;
  publishedParsed?: string;
}

const canonicalLink = (link: string | undefined): string | null => (link ? new URL(link).href : null);

function differences(expected: { items?: ExpectedItem[] }, actual: NormalizedFeed): string[] {
  const want = expected.items ?? [];
  const found: string[] = [];
  if (want.length !== actual.items.length) found.push(`item count ${want.length} ≠ ${actual.items.length}`);
  want.forEach((item, i) => {
    const got = actual.items[i];
    if (!got) return;
    if ((item.title ?? '') !== got.title) found.push(`item ${i} title ${JSON.stringify(item.title)} ≠ ${got.title}`);
    if (canonicalLink(item.link) !== got.link) found.push(`item ${i} link ${item.link} ≠ ${got.link}`);
    if (item.publishedParsed && Date.parse(item.publishedParsed) !== Date.parse(got.published ?? '')) {
      found.push(`item ${i} published ${item.publishedParsed} ≠ ${got.published}`);
    }
  });
  return found;
}

const cases = ['rss', 'atom'].flatMap((dir) =>
  readdirSync(join(ROOT, dir))
    .filter((f) => f.endsWith('.xml'))
    .map((f) => `${dir}/${f.slice(0, -'.xml'.length)}`),
);

describe('gofeed translator corpus', () => {
  it('has the cases it claims to cover', () => {
    expect(cases.length).toBe(94);
  });

  it('agrees with gofeed on item count, titles, links and published dates', async ({ annotate }) => {
    const failures = new Map<string, string[]>();
    for (const name of cases) {
      const expected = JSON.parse(readFileSync(join(ROOT, `${name}.json`), 'utf8')) as { items?: ExpectedItem[] };
      const found = await parseFeed(readFileSync(join(ROOT, `${name}.xml`), 'utf8')).then(
        (feed) => differences(expected, feed),
        (err: unknown) => [`parse failed: ${String(err)}`],
      );
      if (found.length > 0) failures.set(name, found);
    }
    const rate = (cases.length - failures.size) / cases.length;
    const summary = `gofeed corpus: ${cases.length - failures.size}/${cases.length} cases agree (${(rate * 100).toFixed(1)}%)`;
    process.stdout.write(`${summary}\n`);
    await annotate(summary);
    // Every disagreement must be one Herald chose; anything else is a regression.
    const unexplained = [...failures].filter(([name]) => !(name in DELIBERATE));
    expect(unexplained).toEqual([]);
    expect(rate).toBeGreaterThanOrEqual(MIN_PASS_RATE);
  });
});
