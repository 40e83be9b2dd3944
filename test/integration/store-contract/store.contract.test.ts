import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openMigratedStore, openStore } from '../../../src/store/open.js';
import { adaptersUnderTest, coverageOf, itCalledEveryMethod, newFeed, useFixture } from './harness.js';

// Built at load time so that an unset TEST_DATABASE_URL leaves no skipped PostgreSQL test behind.
describe.each(adaptersUnderTest())('store lifecycle on $name', (adapter) => {
  const coverage = coverageOf('lifecycle');
  const fx = useFixture(adapter, coverage);

  it('migrates again, from the same and from a new connection, without touching the data', async () => {
    const { db, store } = fx();
    const feed = await store.feeds.upsert(newFeed('https://a.example/feed'));
    expect(await store.migrate()).toEqual([]);
    const other = db.open();
    expect(await other.migrate()).toEqual([]);
    expect(await other.feeds.get(feed.id)).toEqual(feed);
  });

  it('lets several stores migrate one fresh database at the same time, each migration running once', async () => {
    const db = coverage.watch(await adapter.createDatabase());
    try {
      const stores = db.openConcurrent(4);
      const ran = await Promise.all(stores.map((s) => s.migrate()));
      const names = ran.flat();
      expect(names.length).toBeGreaterThan(0);
      expect(new Set(names).size).toBe(names.length);
      const feed = await stores[0]!.feeds.upsert(newFeed('https://a.example/feed'));
      expect(await stores[3]!.feeds.byUrl(feed.url)).toEqual(feed);
      expect(await db.tables().selectFrom('feeds').select('id').execute()).toHaveLength(1);
    } finally {
      await db.dispose();
    }
  });

  it('answers a ping while open, and nothing once closed', async () => {
    const { db } = fx();
    const store = db.open();
    await expect(store.ping()).resolves.toBeUndefined();
    await store.close();
    await expect(store.ping()).rejects.toThrow();
    await expect(store.feeds.get(1)).rejects.toThrow();
  });

  it('has a contract file for each of its repositories', async () => {
    const { store } = fx();
    const repositories = Object.keys(store).filter((key) => typeof store[key as keyof typeof store] === 'object');
    const contracts = readdirSync(dirname(fileURLToPath(import.meta.url)))
      .filter((file) => file.endsWith('.contract.test.ts') && file !== 'store.contract.test.ts')
      // feeds.contract.test.ts → feeds, disable-notices.contract.test.ts → disableNotices
      .map((file) => file.replace('.contract.test.ts', '').replace(/-(\w)/g, (_, c: string) => c.toUpperCase()));
    expect(contracts.sort()).toEqual(repositories.sort());
  });

  itCalledEveryMethod(coverage);
});

describe('openStore', () => {
  it('opens SQLite at a sqlite: path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'herald-open-'));
    try {
      const path = join(dir, 'herald.db');
      const store = openStore(`sqlite:${path}`);
      await store.migrate();
      expect((await store.feeds.upsert(newFeed('https://a.example/'))).id).toBe(1);
      await store.close();
      expect(existsSync(path)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a sqlite: path whose directory is missing rather than creating it, naming DATABASE_URL', () => {
    const dir = mkdtempSync(join(tmpdir(), 'herald-open-'));
    try {
      const path = join(dir, 'a', 'b', 'herald.db');
      expect(() => openStore(`sqlite:${path}`)).toThrow(/\(DATABASE_URL\): the directory .*\/a\/b does not exist/);
      expect(existsSync(join(dir, 'a'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('creates the directory of the default database, however it is spelled', async () => {
    const cwd = process.cwd();
    const dir = mkdtempSync(join(tmpdir(), 'herald-open-'));
    try {
      process.chdir(dir);
      for (const url of [undefined, 'sqlite:./data/herald.db', 'sqlite:data/herald.db']) {
        const { store } = await openMigratedStore(url);
        await store.close();
        expect(existsSync(join(dir, 'data', 'herald.db'))).toBe(true);
        rmSync(join(dir, 'data'), { recursive: true });
      }
    } finally {
      process.chdir(cwd);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects URLs it does not know with one line naming what it accepts', () => {
    expect(() => openStore('mysql://localhost/herald')).toThrow(/^DATABASE_URL must be .*sqlite:<path>.*postgres:\/\//);
    expect(() => openStore('sqlite:')).toThrow(/needs a path/);
  });
});
