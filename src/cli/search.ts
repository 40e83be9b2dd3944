import type { Config } from '../config.js';
import { searchArchive } from '../search/archive.js';
import { openMigratedStore } from '../store/open.js';
import { UsageError } from './usage-error.js';

/**
 * `herald search <query> [--guild ID] [--page N] [--json]`: the archive search `/search` runs, from the shell;
 * without `--guild` it searches every feed.
 */
export async function runSearch(
  config: Config,
  query: string | undefined,
  opts: { guild: string | undefined; page: string | undefined; json: boolean },
): Promise<number> {
  if (!query?.trim()) throw new UsageError('usage: herald search <query> [--guild ID] [--page N] [--json]');
  const page = opts.page === undefined ? 1 : Number(opts.page);
  const { store } = await openMigratedStore(config.DATABASE_URL);
  try {
    const result = await searchArchive({ store, now: Date.now }, { guildId: opts.guild ?? null, query, page });
    if (opts.json) {
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      return 0;
    }
    const more = result.totalCapped ? '+' : '';
    const lines = [
      `${result.total}${more} result${result.total === 1 ? '' : 's'} (page ${result.page} of ${Math.max(1, result.pages)}${more})`,
    ];
    result.hits.forEach((hit, i) => {
      const date = hit.publishedAt === null ? '' : ` · ${new Date(hit.publishedAt).toISOString().slice(0, 10)}`;
      lines.push('', `${(result.page - 1) * 5 + i + 1}. ${hit.headline ?? hit.title}`);
      lines.push(`   ${hit.feedTitle ?? 'untitled feed'}${date}`, `   ${hit.snippet}`);
      if (hit.link) lines.push(`   ${hit.link}`);
    });
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } finally {
    await store.close();
  }
}
