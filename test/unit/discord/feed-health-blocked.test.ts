import { describe, expect, it } from 'vitest';
import { describeFeedHealth, disableNoticeText } from '../../../src/discord/feed-health.js';
import { messages } from '../../../src/i18n/messages.js';
import type { FeedRow } from '../../../src/store/store.js';

const blocked: FeedRow = {
  id: 9,
  url: 'https://guarded.example/feed',
  title: 'Guarded News',
  siteLink: null,
  language: null,
  etag: null,
  lastModified: null,
  bodyHash: null,
  intervalSeconds: 600,
  nextPollAt: 0,
  lastPolledAt: 0,
  lastSuccessAt: null,
  lastError:
    'HTTP 403 from guarded.example: a bot challenge (Cloudflare) blocked the request; a fetch profile or RSSHub may help',
  failureCount: 2,
  failureLimit: 5,
  disabledAt: null,
  createdAt: 0,
  intervalOverrideSeconds: null,
  declaredMinIntervalSeconds: null,
  lastErrorKind: 'blocked',
  cadenceSeconds: null,
  lastItemAt: null,
  previousItemAt: null,
};

describe('/feed list for a feed behind a bot challenge', () => {
  it('says what may help, in the reader’s language', () => {
    const context = { now: 0, disableAfter: 11 };
    expect(describeFeedHealth(blocked, context, messages('en-US'))).toContain(
      'last error (blocked): this site blocks bots; a fetch profile or RSSHub may help',
    );
    expect(describeFeedHealth(blocked, context, messages('zh-TW'))).toContain('這個網站會阻擋機器人');
    expect(describeFeedHealth(blocked, context, messages('zh-CN'))).toContain('该网站会拦截机器人');
    expect(describeFeedHealth(blocked, context, messages('en-US'))).toContain('2 of 5');
  });

  it('says it in the notice of a feed disabled for it', () => {
    const disabled = { ...blocked, failureCount: 5, disabledAt: 1 };
    expect(disableNoticeText({ feed: disabled, failures: 5 }, messages('zh-CN'))).toContain('该网站会拦截机器人');
    expect(disableNoticeText({ feed: disabled, failures: 5 }, messages('en-US'))).toContain(
      'this site blocks bots; a fetch profile or RSSHub may help',
    );
  });
});
