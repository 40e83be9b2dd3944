import type { Config } from '../config.js';
import { UserError } from '../domain.js';
import { toContractJson } from '../feeds/json-output.js';
import { loadFeed } from '../feeds/load.js';

/** `herald parse-feed <url-or-file> [--json]`. */
export async function runParseFeed(config: Config, source: string | undefined, json: boolean): Promise<number> {
  if (!source) throw new UserError('parse-feed needs a feed URL or a file path');
  const feed = await loadFeed(source, { allowPrivate: config.FEED_ALLOW_PRIVATE });
  if (json) {
    process.stdout.write(`${JSON.stringify(toContractJson(feed), null, 2)}\n`);
    return 0;
  }
  process.stdout.write(`${feed.feed.title}${feed.feed.link ? ` <${feed.feed.link}>` : ''}\n`);
  for (const item of feed.items) {
    process.stdout.write(`- ${item.published ?? 'undated'}  ${item.title}\n    ${item.link ?? item.key}\n`);
  }
  process.stdout.write(`${feed.items.length} items\n`);
  return 0;
}
