import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_LIMITS } from '../../src/html/page-limits.js';
import { summarizeArticle } from '../../src/pipeline/summarize/summarize.js';
import { type FeedServer, startFeedServer } from '../fakes/feed-server.js';
import { runCommand } from '../support/command-runner.js';
import { type DiscordHarness, GUILD_A, MEMBER, NEWS, startHarness } from '../support/discord-harness.js';

const TEASER = 'Porthaven switched on its first tidal power plant on Monday. Read more on our site.';
const PARAGRAPH =
  '<p>Twelve turbines, each the size of a bus, were lowered into the channel over the summer months.</p>';
/** A page whose article sits under 5,000 nested `<div>`s: Readability alone would hold a thread for hours. */
const DEEP_PAGE = `<html><head><title>Tidal power</title></head><body>${'<div>'.repeat(5000)}${PARAGRAPH.repeat(8)}${'</div>'.repeat(5000)}</body></html>`;

let h: DiscordHarness;
let pages: FeedServer;

beforeAll(async () => {
  // The teaser's page is read, as it is by default.
  h = await startHarness({ bot: true, env: { ARTICLE_FETCH_FULL_TEXT: 'true' } });
  pages = await startFeedServer();
  pages.setFeed('/deep.html', { body: DEEP_PAGE, contentType: 'text/html; charset=utf-8' });
});
afterAll(async () => {
  await h?.close();
  await pages?.close();
});

describe('a page nested 5,000 deep', () => {
  it('is refused by /summarize url and by a teaser within the time limit, while the bot answers /help', async () => {
    const url = pages.url('/deep.html');
    const feed = await h.feed(pages.url('/teasers.xml'), 'Coastal Teasers', [[GUILD_A, NEWS]]);
    const [teaser] = await h.deps.store.articles.insert(
      feed.id,
      [
        {
          key: 'g:tidal',
          guid: 'tidal',
          link: url,
          title: 'Tidal power',
          publishedAt: Date.now(),
          author: null,
          imageUrl: null,
          contentText: TEASER,
          categories: [],
        },
      ],
      'new',
      h.deps.now(),
    );
    if (!teaser) throw new Error('the teaser was not stored');

    const started = performance.now();
    const summarize = await h.interact({ userId: MEMBER, commandName: 'summarize', options: { url } });
    expect(summarize.first.callbackType).toBe(5);
    const teaserDone = summarizeArticle(h.deps, teaser.id).then(() => performance.now() - started);
    // While /summarize is deferred and the teaser's page is being read, another member's command is answered.
    const help = await runCommand(h, { userId: MEMBER, commandName: 'help' });
    expect(help.content.split('\n')[0]).toBe(
      '**Herald** posts a short summary of each new story from the feeds this server follows.',
    );

    const refusal = await h.final(summarize.id);
    expect(performance.now() - started).toBeLessThan(PAGE_LIMITS.timeoutMs);
    expect(refusal.content).toBe(
      `Herald did not read ${url}: its HTML is nested more than ${PAGE_LIMITS.maxDepth} levels deep, far more than an article page needs.`,
    );
    expect(await teaserDone).toBeLessThan(PAGE_LIMITS.timeoutMs);
    const stored = await h.deps.store.articles.get(teaser.id);
    expect(stored?.state).toBe('summarized');
    const summaries = await h.deps.store.stories.getSummary(
      stored?.storyKey ?? '',
      'source',
      'standard',
      h.deps.summarizer.variant,
    );
    expect(summaries?.summary).toContain('Porthaven switched on its first tidal power plant');
    expect(pages.requests.filter((r) => r.path === '/deep.html')).toHaveLength(2);
  }, 60_000);
});
