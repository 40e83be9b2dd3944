import { describe, expect, it } from 'vitest';
import type { FeedProblem } from '../../../src/feeds/errors.js';
import type { OpmlEntryProblem } from '../../../src/feeds/opml.js';
import type { PageRefusal } from '../../../src/html/page-limits.js';
import { type Catalogue, en } from '../../../src/i18n/en.js';
import { LOCALES } from '../../../src/i18n/locale.js';
import { messages } from '../../../src/i18n/messages.js';

/** A value for every parameter name the catalogue uses; a name missing here shows up as "undefined" in a message. */
const BASE: Record<string, unknown> = {
  id: '1a2b3c4d',
  channelId: '1300000000000000001',
  channel: '1300000000000000001',
  // A page refusal for `pageRefused`; any other reason is a removal for `noticePaused`.
  reason: 'too-deep',
  count: 2,
  feed: 'A News',
  page: 2,
  pages: 3,
  total: 12,
  capped: false,
  line: 'Line',
  kept: 5,
  textCut: 1,
  done: 3,
  added: 2,
  already: 1,
  query: 'q',
  topic: 't',
  extras: ', extras',
  role: '1500000000000000001',
  max: 5,
  permissions: ['view-channel', 'embed-links'],
  language: 'en',
  style: 'brief',
  layout: 'full',
  webhook: true,
  timezone: 'UTC',
  filler: 'post',
  value: 'v',
  url: 'https://a.example/feed',
  limit: 64,
  allowed: ['brief', 'standard'],
  scheme: 'ftp',
  // Both a FeedProblem and an OpmlEntryProblem.
  problem: { code: 'unsupported-scheme', scheme: 'ftp' },
  retryAt: 1_800_000_000_000,
  maxBytes: 1024 * 1024,
  detail: 'Unexpected close tag',
  root: 'rss',
  entry: 'https://a.example/x',
  name: 'since',
  failures: 11,
  when: '<t:1800000000:R>',
  error: 'HTTP 503 Service Unavailable from a.example',
  kind: 'http',
  success: 'last success <t:1800000000:R>',
  seconds: 600,
  // /feed why, history, interval, move.
  min: 2,
  servers: 1,
  minutes: 30,
  slower: 60,
  from: '<https://old.example/feed>',
  status: 'ok',
  http: 200,
  bytes: 12_345,
  ms: 240,
  title: 'Headline',
  link: 'https://discord.com/channels/1200000000000000001/1300000000000000001/1600000000000000001',
  pattern: '(a)\\1',
  subscription: 't12',
  filter: 'entity:台灣 -title:ad',
  hours: 24,
  // Threads, publishing and forum tags.
  tag: 'Economy',
  available: 'Economy, 台灣',
  archiveMinutes: 1440,
  publish: true,
  // Message templates.
  names: ['brief-card', 'wire'],
  path: 'embed.colour',
  preset: 'points',
  // One post per story, breaking alerts.
  outlets: 3,
  perStory: true,
  // Briefings.
  date: '2026-11-01',
  days: 'daily',
  time: '08:00',
  scope: 'all feeds',
  next: 1_800_000_000,
};

const FEED_PROBLEMS: FeedProblem[] = [
  { code: 'http-status', status: 404, statusText: 'Not Found', host: 'a.example' },
  { code: 'http-status', status: 500, statusText: '', host: 'a.example' },
  { code: 'too-many-redirects', max: 5 },
  { code: 'timeout' },
  { code: 'unreachable', host: 'a.example' },
  { code: 'blocked', status: 403, host: 'a.example' },
  { code: 'too-large', maxBytes: 10 * 1024 * 1024 },
  { code: 'invalid-url' },
  { code: 'unsupported-scheme', scheme: 'ftp' },
  { code: 'private-address', host: '10.0.0.1' },
  ...(['empty', 'html', 'xml', 'json', 'text'] as const).map((document) => ({ code: 'not-a-feed' as const, document })),
  { code: 'unreadable-file', errno: 'ENOENT' },
  { code: 'malformed', detail: 'Unexpected close tag' },
  { code: 'too-deep', max: 256 },
  { code: 'too-slow', seconds: 60 },
  { code: 'unreadable' },
];
const OPML_ENTRY_PROBLEMS: OpmlEntryProblem[] = [
  { code: 'not-absolute' },
  { code: 'unsupported-scheme', scheme: 'javascript' },
  { code: 'no-address' },
];
const PAGE_REFUSALS: PageRefusal[] = ['too-deep', 'too-many-nodes', 'too-much-text', 'timeout', 'out-of-memory'];

/**
 * Every branch a message can take: the base values, then each variant of the values that choose a wording, for the
 * messages it applies to (`only`) or all of them.
 */
const SCENARIOS: Array<{ values: Record<string, unknown>; only?: Array<keyof Catalogue> }> = [
  { values: BASE },
  ...FEED_PROBLEMS.map((problem) => ({
    values: { ...BASE, problem },
    only: ['feedNotAdded' as const, 'pageNotFetched' as const, 'opmlNotDownloaded' as const],
  })),
  ...OPML_ENTRY_PROBLEMS.map((problem) => ({ values: { ...BASE, problem }, only: ['importInvalid' as const] })),
  ...PAGE_REFUSALS.map((reason) => ({ values: { ...BASE, reason }, only: ['pageRefused' as const] })),
  ...[
    'channel-deleted',
    'missing-access',
    'missing-permissions',
    'thread-locked',
    'missing-manage-webhooks',
    'removed',
  ].map((reason) => ({
    values: { ...BASE, reason },
    only: ['noticePaused' as const],
  })),
  ...(['feed', 'since', 'before', 'lang'] as const).map((name) => ({ values: { ...BASE, name } })),
  ...(['weekdays', 'weekends'] as const).map((days) => ({
    values: { ...BASE, days },
    only: ['briefingDays' as const],
  })),
  {
    values: { ...BASE, count: 1, capped: true, feed: null, role: null, entry: null, total: 5, textCut: 0, already: 0 },
  },
  { values: { ...BASE, feed: false, max: null, added: 1, total: 1_234_567 } },
  // A feed gone at its first failure (410), a feed without an error text, odd intervals.
  { values: { ...BASE, failures: 1, error: null, kind: null, seconds: 7200 } },
  { values: { ...BASE, seconds: 45 } },
  // A subscription posting as Herald, and one under the feed's own name.
  { values: { ...BASE, webhook: false }, only: ['subscribedWebhook' as const] },
  { values: { ...BASE, name: null }, only: ['subscribedWebhook' as const, 'subscriptionWebhook' as const] },
  // A 304, and failures with and without an HTTP answer, a kind, an error; a shared feed, no slower declared interval.
  { values: { ...BASE, status: 'not-modified', http: 304, bytes: null } },
  { values: { ...BASE, status: 'failed', http: 503, bytes: null, servers: 3, slower: null } },
  { values: { ...BASE, status: 'failed', http: null, bytes: null, kind: null, error: null } },
  // No thread per post, an odd archive, no publishing; a forum without tags.
  { values: { ...BASE, archiveMinutes: null }, only: ['subscribedThreads', 'subscriptionThreads'] },
  { values: { ...BASE, archiveMinutes: 60, publish: false }, only: ['subscribedThreads', 'subscriptionThreads'] },
  { values: { ...BASE, available: '' }, only: ['forumTagUnknown'] },
];

/**
 * Calls `message` with a parameter object that records each property path read (`problem.code`), nested objects
 * included, so that two catalogues can be compared on what they use.
 */
function render(message: unknown, values: Record<string, unknown>): { text: unknown; read: string[] } {
  const read = new Set<string>();
  const record = (target: Record<string, unknown>, prefix: string): unknown =>
    new Proxy(target, {
      get(obj, prop, receiver) {
        const value = Reflect.get(obj, prop, receiver);
        if (typeof prop !== 'string') return value;
        read.add(`${prefix}${prop}`);
        const isRecord = value !== null && typeof value === 'object' && !Array.isArray(value);
        return isRecord ? record(value as Record<string, unknown>, `${prefix}${prop}.`) : value;
      },
    });
  const text = (message as (p: unknown) => unknown)(record({ ...values }, ''));
  return { text, read: [...read].sort() };
}

const keys = Object.keys(en) as Array<keyof Catalogue>;

describe('the reply catalogues', () => {
  it('have the same keys in en-US, zh-TW and zh-CN', () => {
    for (const locale of LOCALES) expect(Object.keys(messages(locale)).sort()).toEqual([...keys].sort());
  });

  it('read the same parameters in every locale, whichever wording the values choose', () => {
    const differences: string[] = [];
    for (const [i, { values, only = keys }] of SCENARIOS.entries()) {
      for (const key of only) {
        const english = render(en[key], values);
        for (const locale of LOCALES) {
          const { read } = render(messages(locale)[key], values);
          if (read.join() !== english.read.join()) {
            differences.push(
              `${locale} ${key} (scenario ${i}): reads ${read.join()} where en-US reads ${english.read}`,
            );
          }
        }
      }
    }
    expect(differences).toEqual([]);
  });

  it('write a whole string for every message and every wording, empty only where English is', () => {
    const broken: string[] = [];
    for (const [i, { values, only = keys }] of SCENARIOS.entries()) {
      for (const key of only) {
        const english = render(en[key], values).text;
        for (const locale of LOCALES) {
          const { text } = render(messages(locale)[key], values);
          const whole = typeof text === 'string' && !/undefined|NaN|\[object /.test(text);
          const empty = text === '' && (english !== '' || i === 0);
          if (!whole || empty) broken.push(`${locale} ${key} (scenario ${i}): ${JSON.stringify(text)}`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it('writes the Chinese catalogues in their own script', () => {
    const traditionalOnly = /[網這個為從輸與來頻訊無請檔錄擷沒認語詞關]/;
    const simplifiedOnly = /[网这个为从输与来频讯无请档录获没认语词关]/;
    for (const key of keys) {
      const tw = String(render(messages('zh-TW')[key], BASE).text);
      const cn = String(render(messages('zh-CN')[key], BASE).text);
      expect(tw, `zh-TW ${key}`).not.toMatch(simplifiedOnly);
      expect(cn, `zh-CN ${key}`).not.toMatch(traditionalOnly);
    }
  });
});
