/**
 * Poll throughput: Herald's `pollFeed` (guarded fetch, decode, parse, identity, SQLite) against a bare baseline
 * (conditional GET with undici + rss-parser `parseString`, nothing stored) over the same local feeds, in one run.
 *
 *   npx tsx bench/poll.ts            # 200 feeds × 50 items
 *   npx tsx bench/poll.ts --full     # 2,000 feeds × 50 items
 *   BENCH_FEEDS=500 BENCH_CONCURRENCY=16 BENCH_ROUNDS=5 npx tsx bench/poll.ts
 *
 * Phases: the first fetch (200, every item stored as seen), the 304 steady state (the server honours
 * If-None-Match), and the unchanged-200 state (the server ignores validators; Herald's body hash skips the parse,
 * the baseline parses again).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Parser from 'rss-parser';
import { Agent, fetch } from 'undici';
import { loadConfig } from '../src/config.js';
import { buildDeps } from '../src/deps.js';
import { createLogger } from '../src/log.js';
import { pollFeed } from '../src/pipeline/poll/poll.js';

const full = process.argv.includes('--full');
const FEEDS = Number(process.env.BENCH_FEEDS ?? (full ? 2000 : 200));
const ITEMS = Number(process.env.BENCH_ITEMS ?? 50);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);

function feedXml(feed: number): string {
  const items = Array.from({ length: ITEMS }, (_, i) => {
    const n = ITEMS - i;
    return (
      `<item><guid isPermaLink="false">urn:bench:${feed}:${n}</guid><title>Feed ${feed} story ${n} &amp; more</title>` +
      `<link>https://bench.example/${feed}/${n}?utm_source=rss</link>` +
      `<pubDate>${new Date(Date.UTC(2024, 0, 1) + n * 60_000).toUTCString()}</pubDate>` +
      `<description>&lt;p&gt;Paragraph one of story ${n} in feed ${feed}, long enough to look like a teaser of a real ` +
      `article with a few clauses.&lt;/p&gt;&lt;p&gt;A second paragraph.&lt;/p&gt;</description></item>`
    );
  });
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Bench feed ${feed}</title><link>https://bench.example/${feed}/</link>${items.join('')}</channel></rss>`;
}

// The server: one prepared body and ETag per feed; `honourValidators` switches between the 304 and unchanged-200 states.
const bodies = Array.from({ length: FEEDS }, (_, i) => Buffer.from(feedXml(i)));
const etags = bodies.map((b) => `"${createHash('sha1').update(b).digest('hex')}"`);
let honourValidators = true;
const server = createServer((req, res) => {
  const i = Number(/^\/f\/(\d+)\.xml$/.exec(req.url ?? '')?.[1] ?? -1);
  const body = bodies[i];
  if (!body) {
    res.writeHead(404).end();
    return;
  }
  if (honourValidators && req.headers['if-none-match'] === etags[i]) {
    res.writeHead(304, { etag: etags[i] }).end();
    return;
  }
  res.writeHead(200, {
    'content-type': 'application/rss+xml; charset=utf-8',
    'content-length': body.length,
    ...(honourValidators ? { etag: etags[i] } : {}),
  });
  res.end(body);
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const urls = bodies.map((_, i) => `${base}/f/${i}.xml`);

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 20);

async function runAll(count: number, task: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) await task(next++);
    }),
  );
  return count / ((performance.now() - started) / 1000);
}

// Herald on SQLite.
const dir = mkdtempSync(join(tmpdir(), 'herald-bench-poll-'));
const config = loadConfig({ DATABASE_URL: `sqlite:${join(dir, 'bench.db')}`, FEED_ALLOW_PRIVATE: 'true' });
// Every feed is on one local server: a throughput bench measures polls, not per-host politeness.
const deps = await buildDeps(config, { log: createLogger('silent'), hostLimit: null });
const feedIds: number[] = [];
for (const [i, url] of urls.entries()) {
  const feed = await deps.store.feeds.upsert({
    url,
    title: null,
    siteLink: null,
    language: null,
    intervalSeconds: 600,
    nextPollAt: 0,
  });
  await deps.store.subscriptions.create(
    { guildId: 'g', channelId: `c${i % 50}`, feedId: feed.id, mentionRoleId: null },
    0,
  );
  feedIds.push(feed.id);
}
const heraldPoll = (expect: 'ok' | 'unchanged') => async (i: number) => {
  const outcome = await pollFeed(deps, feedIds[i] as number);
  if (outcome.status !== 'polled' || outcome.changed !== (expect === 'ok')) {
    throw new Error(`feed ${i}: unexpected outcome ${JSON.stringify(outcome)}`);
  }
};

// The bare baseline: one keep-alive agent, conditional GET, parseString on every 200.
const agent = new Agent({ connections: CONCURRENCY });
const baselineEtags = new Map<number, string>();
const baselinePoll = async (i: number) => {
  const etag = baselineEtags.get(i);
  const res = await fetch(urls[i] as string, { dispatcher: agent, headers: etag ? { 'if-none-match': etag } : {} });
  if (res.status === 304) {
    await res.arrayBuffer();
    return;
  }
  const text = await res.text();
  const next = res.headers.get('etag');
  if (next) baselineEtags.set(i, next);
  const feed = await new Parser().parseString(text);
  if (feed.items.length !== ITEMS) throw new Error(`baseline feed ${i}: ${feed.items.length} items`);
};

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const rows: Array<[string, number, number]> = [];
/** Alternates baseline and Herald `rounds` times and keeps the medians, so load on the machine hits both alike. */
async function phase(name: string, herald: (i: number) => Promise<void>, rounds: number) {
  const ours: number[] = [];
  const baseline: number[] = [];
  for (let r = 0; r < rounds; r++) {
    baseline.push(await runAll(FEEDS, baselinePoll));
    ours.push(await runAll(FEEDS, herald));
  }
  rows.push([name, median(ours), median(baseline)]);
}

// The first fetch happens once per feed by definition: one round.
await phase('first fetch (200, parse, store)', heraldPoll('ok'), 1);
await phase('304 steady state', heraldPoll('unchanged'), ROUNDS);
honourValidators = false;
await phase('unchanged 200 (body hash)', heraldPoll('unchanged'), ROUNDS);

clearInterval(sampler);
const stored = await deps.store.articles.latest(feedIds[0] as number, ITEMS + 1);
console.log(
  `bench/poll: ${FEEDS} feeds × ${ITEMS} items, concurrency ${CONCURRENCY}, SQLite, Node ${process.version}, median of ${ROUNDS} rounds (first fetch: 1)`,
);
console.log(
  `(feed 0 has ${stored.length} stored articles, all ${stored.every((a) => a.state === 'seen') ? 'seen' : 'NOT seen'})`,
);
console.log('phase                              herald polls/s   baseline polls/s   herald/baseline');
for (const [name, ours, baseline] of rows) {
  console.log(
    `${name.padEnd(35)}${ours.toFixed(0).padStart(14)}${baseline.toFixed(0).padStart(19)}${(ours / baseline).toFixed(2).padStart(18)}`,
  );
}
console.log(
  `peak RSS (sampled): ${(peakRss / 1024 / 1024).toFixed(0)} MiB; max RSS (OS): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`,
);

await deps.store.close();
await agent.close();
server.closeAllConnections();
server.close();
rmSync(dir, { recursive: true, force: true });
