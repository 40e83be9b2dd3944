import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FeedServer, renderRss, startFeedServer } from '../fakes/feed-server.js';
import { runHeraldWithBudget } from './budget.js';

/**
 * Budgets of a `herald preview` run from source: a quiet run whose teaser page is an ordinary article takes 4–5 s and
 * peaks at 250–280 MB (tsx, the in-memory database and the extraction thread). The time budget leaves room for a busy
 * machine and is still minutes short of what Readability would spend on the page; the memory budget leaves room for
 * the extraction thread's whole 128 MB heap.
 */
const TIME_BUDGET_MS = 30_000;
const RSS_BUDGET_MB = 400;

const TEASER = 'Porthaven switched on its first tidal power plant on Monday. Read more on our site.';
const PARAGRAPH = '<p>Twelve turbines were lowered into the channel over the summer months.</p>';

let pages: FeedServer;
let dir: string;

beforeAll(async () => {
  pages = await startFeedServer();
  dir = mkdtempSync(join(tmpdir(), 'herald-hostile-pages-'));
});
afterAll(async () => {
  await pages?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('hostile article pages', () => {
  it(
    'previews a teaser whose page is nested 5,000 deep from its own text, within budget',
    async () => {
      pages.setFeed('/deep.html', {
        body: `<html><body>${'<div>'.repeat(5000)}${PARAGRAPH.repeat(8)}${'</div>'.repeat(5000)}</body></html>`,
        contentType: 'text/html; charset=utf-8',
      });
      const feed = join(dir, 'teasers.xml');
      const item = {
        guid: 'deep',
        title: 'Tidal power',
        link: pages.url('/deep.html'),
        description: `<p>${TEASER}</p>`,
      };
      writeFileSync(feed, renderRss({ title: 'Teasers', link: 'https://coastal.example/', items: [item] }));

      const run = await runHeraldWithBudget(['preview', feed], {
        timeoutMs: TIME_BUDGET_MS,
        env: { FEED_ALLOW_PRIVATE: 'true' },
      });
      expect(run.timedOut).toBe(false);
      expect(run.code).toBe(0);
      expect(run.peakRssMb).toBeLessThan(RSS_BUDGET_MB);
      expect(pages.requests.filter((r) => r.path === '/deep.html')).toHaveLength(1);
      expect(run.stdout).toContain(TEASER);
      expect(run.stdout).not.toContain('Twelve turbines');
      const refusal = run.stderr
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .find((entry) => entry.msg === 'article page not read; summarizing the teaser');
      expect(refusal).toMatchObject({ articleId: 1, reason: 'too-deep', limit: 128 });
    },
    TIME_BUDGET_MS + 30_000,
  );
});
