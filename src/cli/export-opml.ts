import type { Config } from '../config.js';
import { exportFeeds } from '../pipeline/use-cases/export-feeds.js';
import { openMigratedStore } from '../store/open.js';
import { snowflakeOption } from './import-opml.js';

/** `herald export-opml --guild ID`: the server's feeds as OPML 2.0 on stdout, as `/feed export` attaches it. */
export async function runExportOpml(config: Config, opts: { guild: string | undefined }): Promise<number> {
  const guildId = snowflakeOption('guild', opts.guild, 'usage: herald export-opml --guild ID > feeds.opml');
  const { store } = await openMigratedStore(config.DATABASE_URL);
  try {
    const { opml, count } = await exportFeeds({ store, now: Date.now }, guildId);
    process.stdout.write(opml);
    process.stderr.write(`exported ${count} feed${count === 1 ? '' : 's'}\n`);
    return 0;
  } finally {
    await store.close();
  }
}
