import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttp } from '../../src/app/http.js';
import { createMetrics } from '../../src/metrics.js';
import { DestinationUnavailable, deliverChannel } from '../../src/pipeline/deliver/deliver.js';
import { pollFeed } from '../../src/pipeline/poll/poll.js';
import { summarizeArticle } from '../../src/pipeline/summarize/summarize.js';
import { utcDay } from '../../src/pipeline/summarize/summarize-setup.js';
import { addFeed } from '../../src/pipeline/use-cases/add-feed.js';
import { searchArchive } from '../../src/search/archive.js';
import { createCircuitBreaker } from '../../src/summarize/circuit-breaker.js';
import { type FakeRssItem, type FeedServer, startFeedServer } from '../fakes/feed-server.js';
import { type FakeOpenAiServer, reply, startFakeOpenAiServer } from '../fakes/openai-server.js';
import { type BotHarness, databasesUnderTest, startBotHarness, type TestDatabase } from '../support/bot-harness.js';

const GUILD = '910000000000000001';
const NEWS = '920000000000000001';
const GONE = '920000000000000002';
const MODEL = 'metrics-test-model';

/** The samples of a Prometheus text exposition, keyed by name and labels as printed (`name{a="x"}`). */
function samples(text: string): Map<string, number> {
  const map = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    map.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return map;
}

const STORIES: FakeRssItem[] = [
  ['alpha', 'The harbour authority opened a new ferry terminal on the east side of the bay.'],
  ['bravo', 'Farmers in the valley reported an early apple harvest after a warm spring.'],
  ['charlie', 'The city orchestra announced a season of open-air concerts in the old park.'],
  ['delta', 'Engineers finished repairing the mountain railway after last winter storms.'],
].map(([id, text], i) => ({
  guid: id,
  title: `News about ${id}`,
  pubDate: new Date(Date.UTC(2024, 4, 1, 9, i)).toUTCString(),
  description: `${text} Residents welcomed the news. Officials said more details would follow soon.`,
}));

describe('the /metrics of a process that polls, summarizes and delivers', () => {
  let feeds: FeedServer;
  let llm: FakeOpenAiServer;
  let db: TestDatabase;
  let bot: BotHarness;
  let http: Server;
  let scrape: () => Promise<Map<string, number>>;

  beforeAll(async () => {
    feeds = await startFeedServer();
    llm = await startFakeOpenAiServer();
    db = await databasesUnderTest()[0]!.open();
    bot = await startBotHarness({
      databaseUrl: db.url,
      guilds: [
        {
          id: GUILD,
          name: 'One',
          channels: [
            { id: NEWS, name: 'news', type: 0 },
            { id: GONE, name: 'gone', type: 0 },
          ],
        },
      ],
      env: {
        OPENAI_API_KEY: llm.apiKey,
        OPENAI_BASE_URL: llm.baseURL,
        OPENAI_MODEL: MODEL,
        // Fall back at once instead of waiting for the LLM, and open the breaker at the first outage.
        LLM_FALLBACK_WAIT_SECONDS: '0',
        LLM_BREAKER_FAILURES: '1',
      },
    });
    // What `herald start` serves: the registry of the process's deps.
    http = await startHttp(0, 'worker', { checks: [], registry: bot.deps.metrics.registry });
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/metrics`;
    scrape = async () => samples(await (await fetch(url)).text());
  });
  afterAll(async () => {
    http?.close();
    await bot?.close();
    await llm?.close();
    await feeds?.close();
    await db?.dispose();
  });

  it('counts polls by outcome, feed failures and the new items found', async () => {
    const rss = (items: FakeRssItem[]) => ({ title: 'Valley News', link: 'https://valley.example/', items });
    feeds.setRss('/news.xml', rss(STORIES.slice(0, 1)));
    for (const channelId of [NEWS, GONE]) {
      await addFeed(bot.deps, { url: feeds.url('/news.xml'), guildId: GUILD, guildLocale: null, channelId });
    }
    const feed = (await bot.deps.store.feeds.byUrl(feeds.url('/news.xml')))!;

    feeds.setRss('/news.xml', rss(STORIES));
    expect(await pollFeed(bot.deps, feed.id)).toMatchObject({ status: 'polled', changed: true });
    expect(await pollFeed(bot.deps, feed.id)).toMatchObject({ status: 'polled', changed: false });
    feeds.setFeed('/news.xml', { status: 404, body: 'gone', contentType: 'text/plain' });
    expect(await pollFeed(bot.deps, feed.id)).toMatchObject({ status: 'failed' });

    const m = await scrape();
    expect(m.get('herald_polls_total{outcome="new_items"}')).toBe(1);
    expect(m.get('herald_items_discovered_total')).toBe(3);
    expect(m.get('herald_polls_total{outcome="unchanged"}')).toBe(1);
    expect(m.get('herald_polls_total{outcome="failed"}')).toBe(1);
    expect(m.get('herald_feed_failures_total{kind="http"}')).toBe(1);
  });

  it('counts LLM requests by outcome, tokens, latency and each extractive fallback with its reason', async () => {
    const feed = (await bot.deps.store.feeds.byUrl(feeds.url('/news.xml')))!;
    const ids = (await bot.deps.store.articles.listNew(feed.id)).map((a) => a.id);
    expect(ids).toHaveLength(3);
    const [bravo, charlie, delta] = ids as [number, number, number];

    await summarizeArticle(bot.deps, bravo); // the fake's default reply: a usable summary
    llm.respondWith([reply.text('not json'), reply.text('{"still": "not a summary"}')]);
    await summarizeArticle(bot.deps, charlie);
    // A 500 and the SDK's one retry: one failed request, which opens the breaker (LLM_BREAKER_FAILURES=1).
    llm.respondWith([reply.serverError(), reply.serverError()]);
    await summarizeArticle(bot.deps, delta);

    const m = await scrape();
    const requests = (outcome: string) => m.get(`herald_llm_requests_total{model="${MODEL}",outcome="${outcome}"}`);
    expect(requests('ok')).toBe(1);
    expect(requests('invalid_json')).toBe(2);
    expect(requests('error')).toBe(1);
    expect(m.get('herald_llm_request_seconds_count')).toBe(4);
    expect(m.get('herald_summaries_total{source="llm"}')).toBe(1);
    expect(m.get('herald_summaries_total{source="extractive",reason="invalid"}')).toBe(1);
    expect(m.get('herald_summaries_total{source="extractive",reason="waited_too_long"}')).toBe(1);
    expect(m.get('herald_llm_circuit_open')).toBe(1);

    // The tokens Prometheus counted are the ones `herald stats` reads from the database.
    const prompt = m.get(`herald_llm_tokens_total{model="${MODEL}",kind="prompt"}`) ?? 0;
    const completion = m.get(`herald_llm_tokens_total{model="${MODEL}",kind="completion"}`) ?? 0;
    expect(prompt).toBeGreaterThan(0);
    expect(completion).toBeGreaterThan(0);
    expect(prompt + completion).toBe(await bot.deps.store.usage.tokensOn(utcDay(bot.deps.now())));

    // With the breaker open, a summary made now (here: /summarize's path, which never waits) skips the LLM.
    const before = llm.requests.length;
    await bot.deps.summarizer.summarize(
      { title: 'Echo', text: 'The museum reopened its doors.', language: 'en' },
      { language: 'en', style: 'standard' },
    );
    expect(llm.requests.length).toBe(before);
    expect((await scrape()).get('herald_summaries_total{source="extractive",reason="circuit_open"}')).toBe(1);
  });

  it("counts deliveries by outcome and Discord's rate limits by scope", async () => {
    const route = 'POST /channels/*/messages';
    // Discord down past the REST client's 3 retries: the job fails and BullMQ retries it later.
    bot.discord.failNext(route, 503, 4);
    await expect(deliverChannel(bot.deps, NEWS)).rejects.toBeInstanceOf(DestinationUnavailable);
    // Discord refuses the first post's payload; the other two go out, the third waiting for the channel's bucket.
    bot.discord.failNext(route, 400, 1);
    bot.discord.setRateLimit({ perChannelPerSecond: 1 });
    expect(await deliverChannel(bot.deps, NEWS)).toMatchObject({ sent: 2, failed: 1 });
    bot.discord.deleteChannel(GONE);
    expect(await deliverChannel(bot.deps, GONE)).toMatchObject({ sent: 0, failed: 1, paused: 1 });

    // One request a second across the bot: the second is answered 429 with X-RateLimit-Global.
    bot.discord.setRateLimit({ globalPerSecond: 1 });
    for (const disabledAt of [1, 2]) {
      // Two messages through the process's own publisher (a notice is one request), with a nonce each.
      await bot.deps.publisher!.announceFeedDisabled({
        guildId: GUILD,
        channelId: NEWS,
        feed: { id: 999, url: 'https://probe.example/feed', title: 'rate limit probe', lastError: null },
        disabledAt,
        failures: 11,
        language: null,
      });
    }
    bot.discord.setRateLimit(null);

    const m = await scrape();
    expect(m.get('herald_deliveries_total{outcome="retried"}')).toBe(1);
    expect(m.get('herald_deliveries_total{outcome="rejected"}')).toBe(1);
    expect(m.get('herald_deliveries_total{outcome="posted"}')).toBe(2);
    expect(m.get('herald_deliveries_total{outcome="no_access"}')).toBe(1);
    // The channel's bucket made the REST client wait before the third post; the global limit answered 429.
    expect(m.get('herald_discord_rate_limit_waits_total{scope="route"}')).toBeGreaterThan(0);
    expect(m.get('herald_discord_rate_limited_total{scope="global"}')).toBeGreaterThan(0);
    expect(bot.discord.messages(NEWS).filter((message) => message.content?.includes('rate limit probe'))).toHaveLength(
      2,
    );
  });

  it('observes the latency of each archive search', async () => {
    const page = await searchArchive(bot.deps, { guildId: GUILD, query: 'harvest' });
    expect(page.total).toBe(1);
    expect((await scrape()).get('herald_search_seconds_count')).toBe(1);
  });
});

describe('the herald_llm_circuit_open gauge', () => {
  it('reads 1 from the failure that opens the breaker, through a failed trial, until a success closes it', async () => {
    const metrics = createMetrics();
    let clock = 0;
    const breaker = createCircuitBreaker({
      failures: 2,
      cooldownMs: 1_000,
      now: () => clock,
      openGauge: metrics.llmCircuitOpen,
    });
    const gauge = async () => (await metrics.llmCircuitOpen.get()).values[0]?.value;

    breaker.failure();
    expect(await gauge()).toBe(0);
    breaker.failure();
    expect(await gauge()).toBe(1);
    clock += 1_000;
    expect(breaker.allow()).toBe(true);
    breaker.failure();
    expect(await gauge()).toBe(1);
    clock += 1_000;
    expect(breaker.allow()).toBe(true);
    breaker.success();
    expect(await gauge()).toBe(0);
  });
});
