import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { parseOpml } from '../../src/feeds/opml.js';
import { migrations } from '../../src/store/migrations/index.js';
import { openStore } from '../../src/store/open.js';
import { type FeedServer, startFeedServer } from '../fakes/feed-server.js';
import { databasesUnderTest, type TestDatabase } from '../support/bot-harness.js';
import { runHerald } from '../support/herald-process.js';

const GUILD = '1200000000000000001';
const OTHER_GUILD = '1200000000000000002';
const CHANNEL = '1300000000000000001';

let feeds: FeedServer;
let dir: string;

beforeAll(async () => {
  feeds = await startFeedServer();
  for (const site of ['one', 'two', 'three']) {
    feeds.setRss(`/${site}.xml`, {
      title: `${site} News`,
      link: `https://${site}.example/`,
      items: [1, 2].map((n) => ({ guid: `${site}-${n}`, title: `${site} ${n}`, link: `https://${site}.example/${n}` })),
    });
  }
});
afterAll(async () => {
  await feeds?.close();
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-cli-opml-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** Runs `herald <args>` in this process (what bin.ts calls), with `env` as the environment, capturing its output. */
async function inProcess(args: string[], env: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  for (const [key, value] of Object.entries({ LOG_LEVEL: 'error', ...env })) vi.stubEnv(key, value);
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => out.push(String(chunk)) > 0);
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => err.push(String(chunk)) > 0);
  // Output captured here is not a terminal, whatever the test runner's stderr is.
  const tty = Object.getOwnPropertyDescriptor(process.stderr, 'isTTY');
  Object.defineProperty(process.stderr, 'isTTY', { value: false, configurable: true });
  try {
    const code = await main(args);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    if (tty) Object.defineProperty(process.stderr, 'isTTY', tty);
    else delete (process.stderr as { isTTY?: boolean }).isTTY;
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  }
}

function opml(urls: string[]): string {
  const outlines = urls.map((u, i) => `<outline type="rss" text="Feed ${i}" xmlUrl="${u}"/>`).join('\n      ');
  return `<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>Export</title></head><body>
    <outline text="News">
      ${outlines}
    </outline>
</body></opml>`;
}

describe.each(databasesUnderTest())('herald import-opml and export-opml on $name', (database) => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await database.open();
  });
  afterEach(async () => {
    await db.dispose();
  });

  const herald = (args: string[]) => inProcess(args, { DATABASE_URL: db.url, FEED_ALLOW_PRIVATE: 'true' });

  it('imports the feeds with progress and failures on stderr, exports them, and imports the export elsewhere', async () => {
    const urls = ['/one.xml', '/two.xml', '/gone.xml', '/three.xml', '/one.xml'].map((p) => feeds.url(p));
    const imported = await herald(['import-opml', file('in.opml', opml(urls)), '--guild', GUILD, '--channel', CHANNEL]);
    expect(imported.code).toBe(1);
    expect(imported.stdout).toBe('3 added, 0 already followed, 1 failed (1 duplicates ignored)\n');
    const stderr = imported.stderr.trim().split('\n');
    expect(stderr.filter((l) => l.startsWith('failed: '))).toEqual([
      expect.stringMatching(new RegExp(`^failed: Could not add ${feeds.url('/gone.xml')}: .*404`)),
    ]);
    // Not a terminal: one line per tenth of the way, the last one the total.
    const progress = stderr.filter((l) => l.startsWith('imported '));
    expect(progress.at(-1)).toBe('imported 4/4');
    expect(new Set(progress).size).toBe(progress.length);

    const store = openStore(db.url);
    try {
      const subs = await store.subscriptions.ofGuild(GUILD);
      expect(subs.map((s) => [s.channelId, s.feedUrl]).sort()).toEqual(
        ['/one.xml', '/three.xml', '/two.xml'].map((p) => [CHANNEL, feeds.url(p)]),
      );
      for (const sub of subs) {
        expect((await store.articles.latest(sub.feedId, 10)).map((a) => a.state)).toEqual(['seen', 'seen']);
      }
      expect(await store.deliveries.pending(CHANNEL, 10)).toEqual([]);
    } finally {
      await store.close();
    }

    const exported = await herald(['export-opml', '--guild', GUILD]);
    expect(exported.code).toBe(0);
    expect(exported.stderr).toBe('exported 3 feeds\n');
    const doc = await parseOpml(Buffer.from(exported.stdout, 'utf8'));
    // In the order Herald stored them, which concurrent fetching makes any order.
    expect(doc.feeds.map((f) => [f.url, f.title, f.siteLink]).sort()).toEqual(
      ['one', 'three', 'two'].map((s) => [feeds.url(`/${s}.xml`), `${s} News`, `https://${s}.example/`]),
    );

    const fetchedBefore = feeds.requests.length;
    const again = await herald([
      'import-opml',
      file('exported.opml', exported.stdout),
      '--guild',
      OTHER_GUILD,
      '--channel',
      '1300000000000000002',
    ]);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('3 added, 0 already followed, 0 failed (0 duplicates ignored)\n');
    // Feeds Herald already polls are not fetched again for another server.
    expect(feeds.requests.length).toBe(fetchedBefore);
  });

  it('names each migration it applies, and says when there is none', async () => {
    const first = await herald(['migrate']);
    expect(first.code).toBe(0);
    expect(first.stderr.trim().split('\n')).toEqual(
      Object.keys(migrations('sqlite')).map((name) => `applied migration ${name}`),
    );
    const second = await herald(['migrate']);
    expect(second.stderr).toBe('no migration to apply: the schema is up to date\n');
  });
});

describe('herald import-opml refusals', () => {
  const herald = (args: string[]) => inProcess(args, { DATABASE_URL: `sqlite:${join(dir, 'herald.db')}` });

  it.each([
    ['no channel', (f: string) => ['import-opml', f, '--guild', GUILD], /^herald: usage: herald import-opml/],
    [
      'a guild that is not an id',
      (f: string) => ['import-opml', f, '--guild', 'news', '--channel', CHANNEL],
      /--guild must be a Discord id/,
    ],
    [
      'a missing file',
      () => ['import-opml', join(dir, 'none.opml'), '--guild', GUILD, '--channel', CHANNEL],
      /cannot read .*none\.opml \(ENOENT\)/,
    ],
    [
      'a feed instead of OPML',
      () => [
        'import-opml',
        file('feed.xml', '<rss version="2.0"><channel/></rss>'),
        '--guild',
        GUILD,
        '--channel',
        CHANNEL,
      ],
      /not OPML: its root element is <rss>/,
    ],
  ])('refuses %s in one line', async (_what, args, message) => {
    const { code, stdout, stderr } = await herald(args(file('ok.opml', opml([feeds.url('/one.xml')]))));
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(message);
  });
});

describe('herald import-opml as a process', () => {
  it('prints progress and the failure on stderr, the summary on stdout, and exits 1 for the failure', async () => {
    const path = file('in.opml', opml(['/one.xml', '/gone.xml'].map((p) => feeds.url(p))));
    const proc = runHerald(['import-opml', path, '--guild', GUILD, '--channel', CHANNEL], {
      LOG_LEVEL: 'error',
      DATABASE_URL: `sqlite:${join(dir, 'herald.db')}`,
      FEED_ALLOW_PRIVATE: 'true',
    });
    expect(await proc.exited).toBe(1);
    expect(proc.stdoutText()).toBe('1 added, 0 already followed, 1 failed (0 duplicates ignored)\n');
    const lines = proc.stderrText().trim().split('\n');
    expect(lines.filter((l) => l.startsWith('imported '))).toEqual(['imported 1/2', 'imported 2/2']);
    expect(lines.filter((l) => l.startsWith('failed: '))).toHaveLength(1);
  }, 60_000);
});
