import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderImport } from '../../../commands/feed/import.js';
import { describeFeedHealth, disableNoticeText } from '../../../src/discord/feed-health.js';
import { describeArticle } from '../../../src/discord/replies.js';
import { renderSearchPage } from '../../../src/discord/search-reply.js';
import { renderUserError } from '../../../src/discord/user-error.js';
import { messages } from '../../../src/i18n/messages.js';
import { UserError } from '../../../src/i18n/user-error.js';
import type { ArchivePage } from '../../../src/search/archive.js';
import type { FeedRow } from '../../../src/store/store.js';
import { markdownHazards } from '../../support/discord-markdown.js';
import { hostileText } from '../../support/hostile-text.js';

/** A word every text-safety step leaves as it is, to find where a field lands in Herald's own frame. */
const MARK = 'QQQmarkQQQ';

/**
 * The part of `render(hostile)` that came from `hostile`: what lies between the frame Herald writes around the field
 * (found by rendering {@link MARK} in its place), or all after the frame's start when the line was cut. Fails when the
 * hostile text changed the frame itself.
 */
function outsidePart(render: (field: string) => string, hostile: string): string {
  const [before = '', after = '', ...more] = render(MARK).split(MARK);
  expect(more).toEqual([]);
  const out = render(hostile);
  expect(out.startsWith(before)).toBe(true);
  if (out.endsWith(after)) return out.slice(before.length, out.length - after.length);
  // A long field pushed the rest of its line out: the line was cut, and all of it after the frame is checked.
  expect(out).toContain('…');
  return out.slice(before.length);
}

const t = messages('en-US');
const page = (hit: Partial<ArchivePage['hits'][number]>): ArchivePage => ({
  hits: [
    {
      articleId: 1,
      title: 'Title',
      headline: null,
      link: 'https://news.example/a',
      feedTitle: 'Feed',
      publishedAt: null,
      snippet: 'snippet',
      ...hit,
    },
  ],
  total: 1,
  totalCapped: false,
  page: 1,
  pages: 1,
});
const health = (over: Partial<FeedRow>): FeedRow => ({
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
  lastError: 'HTTP 500',
  failureCount: 11,
  failureLimit: 11,
  disabledAt: 1,
  createdAt: 0,
  intervalOverrideSeconds: null,
  declaredMinIntervalSeconds: null,
  cadenceSeconds: null,
  lastItemAt: null,
  previousItemAt: null,
  lastErrorKind: 'http',
  ...over,
});
const opml = (entry: string) => ({
  title: null,
  feeds: [],
  invalid: [{ entry, problem: { code: 'no-address' as const } }],
  duplicates: 0,
});
const noResult = { outcomes: [], added: 0, already: 0, failed: 0, skipped: 0 };
const notFound = (statusText: string) =>
  new UserError('feedNotAdded', {
    url: 'https://a.example/',
    problem: { code: 'http-status', status: 404, statusText, host: 'a.example' },
  });

/** Every place a reply or notice shows outside text, each as a function of that one field. */
const FIELDS: Record<string, (field: string) => string> = {
  'search query': (q) => renderSearchPage(q, page({}), t).content,
  'search headline': (title) => renderSearchPage('q', page({ title }), t).content,
  'search feed name': (feedTitle) => renderSearchPage('q', page({ feedTitle }), t).content,
  'search snippet': (snippet) => renderSearchPage('q', page({ snippet }), t).content,
  'reply line title': (title) => describeArticle({ title, link: 'https://news.example/a', publishedAt: null }),
  'OPML entry in the import report': (entry) => renderImport(t, '1', opml(entry), noResult),
  'feed error in the import report': (error) =>
    renderImport(t, '1', opml('x'), {
      ...noResult,
      outcomes: [{ url: 'https://a.example/', title: null, status: 'failed', error: notFound(error) }],
    }),
  'address the user typed, in an error reply': (value) =>
    renderUserError(new UserError('feedUrlInvalid', { value }), t),
  'feed server’s status text, in an error reply': (text) => renderUserError(notFound(text), t),
  'parser’s complaint about a file, in an error reply': (detail) =>
    renderUserError(new UserError('opmlMalformed', { detail }), t),
  'query fragment, in an error reply': (value) =>
    renderUserError(new UserError('queryDate', { name: 'since', value }), t),
  'feed title in /feed list': (title) => describeFeedHealth(health({ title }), { now: 0, disableAfter: 11 }, t),
  'feed error in /feed list': (lastError) => describeFeedHealth(health({ lastError }), { now: 0, disableAfter: 11 }, t),
  'feed title in the disable notice': (title) => disableNoticeText({ feed: health({ title }), failures: 11 }, t),
  'feed error in the disable notice': (lastError) =>
    disableNoticeText({ feed: health({ lastError }), failures: 11 }, t),
};

describe('outside text in replies and notices', () => {
  for (const [where, render] of Object.entries(FIELDS)) {
    it(`shows the ${where} as inert text inside Herald’s own formatting`, () => {
      fc.assert(
        fc.property(hostileText(12).filter(Boolean), (hostile) => {
          const part = outsidePart(render, hostile);
          expect(markdownHazards(part)).toEqual([]);
          expect(part).not.toMatch(/[\n\r\u2028\u2029]/);
        }),
        { numRuns: 60 },
      );
    });
  }
});
