import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { FeedError } from '../../../src/feeds/errors.js';
import { fetchFeed } from '../../../src/feeds/fetch.js';
import { messages } from '../../../src/i18n/messages.js';
import { UserError } from '../../../src/i18n/user-error.js';
import { FAILURE_POLICIES, failurePolicy } from '../../../src/pipeline/poll/feed-failure-policy.js';
import { fetchFeedOrDiscover } from '../../../src/pipeline/use-cases/feed-discovery.js';
import { type FeedServer, startFeedServer } from '../../fakes/feed-server.js';

/** The start of Cloudflare's managed challenge page, as it serves it to a client it takes for a bot. */
const CHALLENGE_PAGE = `<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title>
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8"><meta name="robots" content="noindex,nofollow">
</head><body><div class="main-wrapper" role="main"><div class="main-content"><noscript>Enable JavaScript and cookies to continue</noscript></div></div>
<script>(function(){window._cf_chl_opt={cvId: '3',cZone: "example.org",cType: 'managed'};var cpo = document.createElement('script');
cpo.src = '/cdn-cgi/challenge-platform/h/g/orchestrate/chl_page/v1?ray=8f0c';})();</script></body></html>`;

let server: FeedServer;
beforeAll(async () => {
  server = await startFeedServer();
  server.setFeed('/mitigated', {
    status: 403,
    contentType: 'text/html; charset=UTF-8',
    headers: { 'cf-mitigated': 'challenge', server: 'cloudflare' },
    body: '<html><body>challenge</body></html>',
  });
  server.setFeed('/challenge-page', { status: 503, contentType: 'text/html; charset=UTF-8', body: CHALLENGE_PAGE });
  server.setFeed('/forbidden', { status: 403, contentType: 'text/html', body: '<h1>403 Forbidden</h1>' });
  server.setFeed('/down', { status: 503, contentType: 'text/html', body: '<h1>Service Unavailable</h1>' });
});
afterAll(async () => {
  await server.close();
});

async function fetchError(path: string): Promise<FeedError> {
  const err = await fetchFeed(server.url(path), { allowPrivate: true }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(FeedError);
  return err as FeedError;
}

describe('a bot challenge', () => {
  it('is its own kind when the response says cf-mitigated: challenge', async () => {
    const err = await fetchError('/mitigated');
    expect(err.kind).toBe('blocked');
    expect(err.problem).toEqual({ code: 'blocked', status: 403, host: new URL(server.url('/')).host });
    expect(err.status).toBe(403);
    expect(err.message).toMatch(/bot challenge.*a fetch profile or RSSHub may help/);
  });

  it("is recognized from Cloudflare's challenge page without the header", async () => {
    const err = await fetchError('/challenge-page');
    expect(err.kind).toBe('blocked');
    expect(err.status).toBe(503);
  });

  it('is not a plain 403 or 503', async () => {
    expect((await fetchError('/forbidden')).kind).toBe('http');
    const down = await fetchError('/down');
    expect(down.kind).toBe('http');
    expect(down.permanent).toBe(false);
  });

  it('backs off like the other permanent-ish failures and disables the feed at the 5th', async () => {
    const err = await fetchError('/challenge-page');
    expect(err.permanent).toBe(true);
    expect(failurePolicy(err)).toBe(FAILURE_POLICIES.permanent);
    expect(failurePolicy(err).disableAfter).toBe(5);
  });

  it('tells /feed add what may help, in en-US, zh-TW and zh-CN', async () => {
    const config = loadConfig({ FEED_ALLOW_PRIVATE: 'true' });
    const url = server.url('/mitigated');
    const err = await fetchFeedOrDiscover({ config }, url).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(UserError);
    const { key, params } = err as UserError<'feedNotAdded'>;
    expect(key).toBe('feedNotAdded');
    expect(messages('en-US').feedNotAdded(params)).toMatch(/this site blocks bots; a fetch profile or RSSHub may help/);
    expect(messages('zh-TW').feedNotAdded(params)).toMatch(/這個網站會阻擋機器人，擷取設定檔或 RSSHub 或許有幫助/);
    expect(messages('zh-CN').feedNotAdded(params)).toMatch(/该网站会拦截机器人，抓取配置或 RSSHub 也许有帮助/);
  });
});
