import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderFeedHistory, renderWhy } from '../../../src/discord/feed-admin.js';
import { messages } from '../../../src/i18n/messages.js';
import type { ChannelVerdict } from '../../../src/ports/feed-why.js';
import type { ArticleRow, FeedRow, PollRecord } from '../../../src/store/store.js';
import { markdownHazards } from '../../support/discord-markdown.js';
import { hostileText } from '../../support/hostile-text.js';

/** A word every text-safety step leaves as it is, to find where a field lands in Herald's own frame. */
const MARK = 'QQQmarkQQQ';
const t = messages('en-US');
const GUILD = '1200000000000000001';
const CHANNEL = '1300000000000000001';

/** The part of `render(hostile)` that came from `hostile` (see test/unit/discord/outside-text.test.ts). */
function outsidePart(render: (field: string) => string, hostile: string): string {
  const [before = '', after = '', ...more] = render(MARK).split(MARK);
  expect(more).toEqual([]);
  const out = render(hostile);
  expect(out.startsWith(before)).toBe(true);
  if (out.endsWith(after)) return out.slice(before.length, out.length - after.length);
  expect(out).toContain('…');
  return out.slice(before.length);
}

const feed = (over: Partial<FeedRow> = {}): FeedRow => ({
  id: 7,
  url: 'https://news.example/feed',
  title: 'Feed',
  siteLink: null,
  language: null,
  etag: null,
  lastModified: null,
  bodyHash: null,
  intervalSeconds: 600,
  nextPollAt: 0,
  lastPolledAt: null,
  lastSuccessAt: null,
  lastError: null,
  failureCount: 0,
  failureLimit: null,
  disabledAt: null,
  createdAt: 0,
  intervalOverrideSeconds: null,
  declaredMinIntervalSeconds: null,
  lastErrorKind: null,
  cadenceSeconds: null,
  lastItemAt: null,
  previousItemAt: null,
  ...over,
});
const poll = (over: Partial<PollRecord> = {}): PollRecord => ({
  feedId: 7,
  polledAt: 1_800_000_000_000,
  status: 'failed',
  httpStatus: 500,
  bytes: null,
  durationMs: 12,
  newItems: 0,
  errorKind: 'http',
  error: 'HTTP 500',
  ...over,
});
const article = (over: Partial<ArticleRow> = {}): ArticleRow => ({
  id: 1,
  feedId: 7,
  itemKey: 'k',
  guid: null,
  title: 'Title',
  link: 'https://news.example/a',
  publishedAt: null,
  author: null,
  imageUrl: null,
  contentText: '',
  categories: [],
  state: 'summarized',
  storyKey: null,
  createdAt: 0,
  ...over,
});
const why = (verdict: ChannelVerdict, over: { title?: string; feedTitle?: string } = {}) =>
  renderWhy(
    GUILD,
    'https://news.example/a',
    {
      status: 'found',
      articles: [
        {
          article: article({ title: over.title ?? 'Title' }),
          feed: feed({ title: over.feedTitle ?? 'Feed' }),
          channels: [{ channelId: CHANNEL, verdict }],
        },
      ],
    },
    t,
  );

/** Every place these replies show outside text, each as a function of that one field. */
const FIELDS: Record<string, (field: string) => string> = {
  'feed title in /feed history': (title) => renderFeedHistory(feed({ title }), [poll()], t),
  'poll error in /feed history': (error) => renderFeedHistory(feed(), [poll({ error })], t),
  'poll error kind in /feed history': (errorKind) => renderFeedHistory(feed(), [poll({ errorKind })], t),
  'article title in /feed why': (title) => why({ kind: 'filler' }, { title }),
  'feed title in /feed why': (feedTitle) => why({ kind: 'filler' }, { feedTitle }),
  'filter clause in /feed why': (clause) => why({ kind: 'filtered', clause }),
  'age reason in /feed why': (reason) => why({ kind: 'too-old', reason }),
  'failure in /feed why': (reason) => why({ kind: 'failed', reason }),
  'pause reason in /feed why': (reason) => why({ kind: 'paused', since: 0, reason }),
  'feed title when no feed had the article': (title) =>
    renderWhy(
      GUILD,
      'https://x.example/',
      { status: 'not-seen', feeds: [{ feed: feed({ title }), lastPoll: null }] },
      t,
    ),
  'last poll error when no feed had the article': (error) =>
    renderWhy(
      GUILD,
      'https://x.example/',
      { status: 'not-seen', feeds: [{ feed: feed(), lastPoll: poll({ error }) }] },
      t,
    ),
};

describe('outside text in /feed why and /feed history', () => {
  for (const [where, render] of Object.entries(FIELDS)) {
    it(`shows the ${where} as inert text inside Herald’s own formatting`, () => {
      fc.assert(
        fc.property(hostileText(12).filter(Boolean), (hostile) => {
          const part = outsidePart(render, hostile);
          expect(markdownHazards(part)).toEqual([]);
          expect(part).not.toMatch(/[\n\r\u2028\u2029]/);
        }),
        { numRuns: 40 },
      );
    });
  }

  it('fits in one message however many polls, channels and long titles there are', () => {
    const long = 'x'.repeat(5000);
    const polls = Array.from({ length: 20 }, () => poll({ error: long }));
    expect(renderFeedHistory(feed({ title: long }), polls, t).length).toBeLessThanOrEqual(2000);
    const channels = Array.from({ length: 10 }, (_, i) => ({
      channelId: String(1300000000000000000n + BigInt(i)),
      verdict: { kind: 'failed', reason: long } as const,
    }));
    const report = {
      status: 'found' as const,
      articles: Array.from({ length: 3 }, () => ({
        article: article({ title: long }),
        feed: feed({ title: long }),
        channels,
      })),
    };
    const text = renderWhy(GUILD, 'https://news.example/a', report, t);
    expect(text.length).toBeLessThanOrEqual(2000);
    expect(text.split('\n').length).toBeGreaterThan(5);
  });
});
