import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runReindex } from '../../../src/cli/reindex.js';
import { runSearch } from '../../../src/cli/search.js';
import { loadConfig } from '../../../src/config.js';
import { createSqliteStore } from '../../../src/store/sqlite.js';
import { newArticle, newFeed, T0 } from '../store-contract/harness.js';

describe('herald search and herald reindex', () => {
  let dir: string;
  let out: string[];
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'herald-search-cli-'));
    out = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    const store = createSqliteStore(join(dir, 'herald.db'));
    await store.migrate();
    const a = await store.feeds.upsert(newFeed('https://a.example/', { title: 'DW 中文' }));
    const b = await store.feeds.upsert(newFeed('https://b.example/', { title: 'Other' }));
    await store.subscriptions.create({ guildId: 'g1', channelId: 'c1', feedId: a.id, mentionRoleId: null }, T0);
    await store.subscriptions.create({ guildId: 'g2', channelId: 'c2', feedId: b.id, mentionRoleId: null }, T0);
    await store.articles.insert(
      a.id,
      [newArticle('a1', { title: '台灣海峽局勢', contentText: '德國關注。' })],
      'seen',
      T0,
    );
    await store.articles.insert(
      b.id,
      [newArticle('b1', { title: '台湾新闻', contentText: '另一个服务器。' })],
      'seen',
      T0,
    );
    await store.close();
  });
  afterEach(() => {
    vi.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });
  const config = () => loadConfig({ DATABASE_URL: `sqlite:${join(dir, 'herald.db')}` });

  it('searches every feed without --guild, one server’s feeds with it, as text or JSON', async () => {
    expect(await runSearch(config(), '台湾', { guild: undefined, page: undefined, json: false })).toBe(0);
    expect(out.join('')).toMatch(/^2 results \(page 1 of 1\)/);
    out.length = 0;
    expect(await runSearch(config(), '台湾', { guild: 'g1', page: undefined, json: true })).toBe(0);
    const page = JSON.parse(out.join(''));
    expect(page).toMatchObject({
      total: 1,
      page: 1,
      pages: 1,
      hits: [{ title: '台灣海峽局勢', feedTitle: 'DW 中文' }],
    });
  });

  it('rebuilds the index with progress on stderr and the total on stdout', async () => {
    const err: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => err.push(String(chunk)) > 0);
    expect(await runReindex(config())).toBe(0);
    expect(err.join('')).toMatch(/indexed 2\/2\n$/);
    expect(out.join('')).toMatch(/^reindexed 2 articles in [\d.]+ s\n$/);
  });

  it('rejects a malformed query with the syntax help', async () => {
    await expect(runSearch(config(), '"open', { guild: undefined, page: undefined, json: false })).rejects.toThrow(
      /quote is not closed/,
    );
  });
});
