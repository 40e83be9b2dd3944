import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FETCH_DEFAULTS } from '../../src/feeds/fetch.js';
import { FEED_LIMITS } from '../../src/feeds/limits.js';
import { type BudgetedRun, runHeraldWithBudget } from './budget.js';

/**
 * Budgets. A `herald` run from source idles at about 210 MB (tsx and every module of the CLI loaded), so a small
 * document gets 300 MB; time budgets leave room for a loaded CI machine.
 */
const SMALL = { timeoutMs: 60_000, maxRssMb: 300 };
/** The 10 MB feed of tiny items: 630 MB and 14 s before the item limit, about 350 MB after. */
const HUGE = { timeoutMs: 120_000, maxRssMb: 450 };

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-hostile-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const rss = (items: string, channelTitle = 'Hostile') =>
  `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>${channelTitle}</title>${items}</channel></rss>`;

async function herald(args: string[], budget: { timeoutMs: number; maxRssMb: number }): Promise<BudgetedRun> {
  const run = await runHeraldWithBudget(args, {
    timeoutMs: budget.timeoutMs,
    env: { DATABASE_URL: `sqlite:${join(dir, 'herald.db')}` },
  });
  expect(run.timedOut, `over its ${budget.timeoutMs} ms budget`).toBe(false);
  expect(run.peakRssMb).toBeLessThan(budget.maxRssMb);
  return run;
}

/** Items of `herald parse-feed --json` output. */
const items = (run: BudgetedRun) => (JSON.parse(run.stdout) as { items: Array<Record<string, unknown>> }).items;

describe('herald parse-feed on hostile documents', () => {
  it(
    'refuses a title of 2,000 nested elements with one line and exit 1',
    async () => {
      const title = `${'<b>'.repeat(2000)}deep${'</b>'.repeat(2000)}`;
      const run = await herald(['parse-feed', file('nested.xml', rss(`<item><title>${title}</title></item>`))], SMALL);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr.trim()).toBe('herald: feed nests elements more than 256 levels deep');
    },
    SMALL.timeoutMs + 30_000,
  );

  it(
    'refuses a 10 MB document of nested tags without building it',
    async () => {
      const depth = 1_400_000;
      const doc = rss(
        `<item><title>x</title><description>${'<b>'.repeat(depth)}d${'</b>'.repeat(depth)}</description></item>`,
      );
      const path = file('nested-10mb.xml', doc);
      expect(statSync(path).size).toBeLessThanOrEqual(FETCH_DEFAULTS.maxBytes);
      const run = await herald(['parse-feed', path, '--json'], SMALL);
      expect(run.code).toBe(1);
      expect(run.stderr.trim()).toBe('herald: feed nests elements more than 256 levels deep');
    },
    SMALL.timeoutMs + 30_000,
  );

  it(
    'refuses a 10 MB JSON Feed of nested arrays without building it',
    async () => {
      const depth = 4_900_000;
      const tags = `${'['.repeat(depth)}${']'.repeat(depth)}`;
      const doc = `{"version":"https://jsonfeed.org/version/1.1","title":"T","items":[{"id":"1","tags":${tags}}]}`;
      const path = file('nested-10mb.json', doc);
      expect(statSync(path).size).toBeLessThanOrEqual(FETCH_DEFAULTS.maxBytes);
      const run = await herald(['parse-feed', path, '--json'], SMALL);
      expect(run.code).toBe(1);
      expect(run.stderr.trim()).toBe('herald: feed nests JSON values more than 256 levels deep');
    },
    SMALL.timeoutMs + 30_000,
  );

  it(
    'keeps the newest 5,000 items of a 10 MB feed of 300,000 tiny items and says so',
    async () => {
      const parts: string[] = [];
      let size = 200;
      for (let i = 0; size < FETCH_DEFAULTS.maxBytes - 100; i++) {
        const item = `<item><title>${i}</title></item>`;
        parts.push(item);
        size += item.length;
      }
      const path = file('tiny-items.xml', rss(parts.join('')));
      expect(statSync(path).size).toBeLessThanOrEqual(FETCH_DEFAULTS.maxBytes);
      expect(parts.length).toBeGreaterThan(300_000);

      const run = await herald(['parse-feed', path, '--json'], HUGE);
      expect(run.code).toBe(0);
      const read = items(run);
      expect(read).toHaveLength(FEED_LIMITS.maxItems);
      // Undated items: the first in the document, as feeds list their newest first.
      expect(read[0]?.title).toBe('0');
      expect(run.stderr.trim()).toBe(`herald: Read the newest 5000 of this feed's ${parts.length} items.`);
    },
    HUGE.timeoutMs + 30_000,
  );

  it(
    'stops reading /dev/zero at the 10 MB cap with one line and exit 1',
    async () => {
      const run = await herald(['parse-feed', '/dev/zero'], SMALL);
      expect(run.code).toBe(1);
      expect(run.stderr.trim()).toBe('herald: feed file /dev/zero is larger than the 10485760-byte limit');
    },
    SMALL.timeoutMs + 30_000,
  );

  it(
    'reads windows-1252 bytes that declare UTF-8 as windows-1252, not U+FFFD',
    async () => {
      const doc = rss('<item><guid>1</guid><title>Crème brûlée “quoted” — 10 €</title></item>', 'Café');
      const run = await herald(['parse-feed', file('latin.xml', iconv.encode(doc, 'windows-1252')), '--json'], SMALL);
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout).feed.title).toBe('Café');
      expect(items(run)[0]?.title).toBe('Crème brûlée “quoted” — 10 €');
      expect(run.stdout).not.toContain('\ufffd');
    },
    SMALL.timeoutMs + 30_000,
  );

  it(
    'reads an RFC 822 date with a trailing comment',
    async () => {
      const item =
        '<item><guid>1</guid><title>T</title><pubDate>Fri, 26 Apr 2024 08:47:03 +0000 (UTC)</pubDate></item>';
      const run = await herald(['parse-feed', file('comment-date.xml', rss(item)), '--json'], SMALL);
      expect(run.code).toBe(0);
      expect(items(run)[0]?.published).toBe('2024-04-26T08:47:03.000Z');
    },
    SMALL.timeoutMs + 30_000,
  );

  it(
    'prints no ESC from a title, a text or a guid, in text or JSON',
    async () => {
      const esc = '\u001b';
      const item = `<item><guid>id${esc}]0;owned${esc}\\</guid><title>Red ${esc}[31malert${esc}[0m</title><description>x${esc}[2Jy</description></item>`;
      const path = file('escape.xml', rss(item, `Feed${esc}[5m`));
      const text = await herald(['parse-feed', path], SMALL);
      expect(text.code).toBe(0);
      expect(text.stdout).not.toContain(esc);
      expect(text.stdout).toContain('- undated  Red [31malert[0m');
      expect(text.stdout).toContain('g:id]0;owned\\');
      const json = await herald(['parse-feed', path, '--json'], SMALL);
      expect(json.code).toBe(0);
      expect(json.stdout).not.toContain(esc);
      expect(items(json)[0]).toMatchObject({ title: 'Red [31malert[0m', contentText: 'x[2Jy' });
    },
    2 * SMALL.timeoutMs + 30_000,
  );

  it(
    'drops the code of a script from a title',
    async () => {
      const item =
        '<item><guid>1</guid><title>Breaking &lt;script&gt;alert(document.cookie)&lt;/script&gt; news</title></item>';
      const run = await herald(['parse-feed', file('script.xml', rss(item)), '--json'], SMALL);
      expect(run.code).toBe(0);
      expect(items(run)[0]?.title).toBe('Breaking news');
    },
    SMALL.timeoutMs + 30_000,
  );
});

describe('herald import-opml on hostile documents', () => {
  const target = ['--guild', '120000000000000001', '--channel', '130000000000000001'];

  it(
    'refuses 50,000 nested unnamed outlines with the nesting message',
    async () => {
      const deep = `<opml version="2.0"><body>${'<outline>'.repeat(50_000)}${'</outline>'.repeat(50_000)}</body></opml>`;
      const run = await herald(['import-opml', file('deep.opml', deep), ...target], SMALL);
      expect(run.code).toBe(1);
      expect(run.stderr.trim()).toBe('herald: This OPML file nests outlines more than 32 levels deep.');
    },
    SMALL.timeoutMs + 30_000,
  );

  it(
    'stops reading /dev/zero at the 1 MiB OPML cap',
    async () => {
      const run = await herald(['import-opml', '/dev/zero', ...target], SMALL);
      expect(run.code).toBe(1);
      expect(run.stderr.trim()).toBe('herald: This file is larger than 1 MiB; an OPML file is smaller.');
    },
    SMALL.timeoutMs + 30_000,
  );
});
