import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openMigratedStore, openStore } from '../../src/store/open.js';
import { articleContract } from './store-contract/articles.js';
import { deliveryContract } from './store-contract/deliveries.js';
import { feedContract } from './store-contract/feeds.js';
import { type Adapter, adaptersUnderTest, newFeed } from './store-contract/harness.js';

/** The behaviour every Store adapter must have, registered once per adapter. */
function storeContract(adapter: Adapter): void {
  feedContract(adapter);
  articleContract(adapter);
  deliveryContract(adapter);
}

// Built at load time so that an unset TEST_DATABASE_URL leaves no skipped PostgreSQL test behind.
describe.each(adaptersUnderTest())('Store on $name', storeContract);

describe('openStore', () => {
  it('opens SQLite at a sqlite: path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'herald-open-'));
    try {
      const path = join(dir, 'herald.db');
      const store = openStore(`sqlite:${path}`);
      await store.migrate();
      expect((await store.upsertFeed(newFeed('https://a.example/'))).id).toBe(1);
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
