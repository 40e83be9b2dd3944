import type { Config } from '../config.js';
import { toContractJson } from '../feeds/json-output.js';
import { loadFeed } from '../feeds/load.js';
import { messages } from '../i18n/messages.js';
import { stripControlChars } from '../text/control.js';
import { UsageError } from './usage-error.js';

/** Characters JSON.stringify leaves as they are that a terminal may act on: DEL, C1 controls, bidi overrides. */
const UNESCAPED_CONTROLS = /[\u007f-\u009f\u202d\u202e]/g;

/**
 * JSON for a terminal: JSON.stringify escapes C0 controls only, so the rest of what `stripControlChars` removes is
 * written as `\uXXXX` too. The document means the same; a guid that carries them is printed, not obeyed.
 */
export function terminalSafeJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    UNESCAPED_CONTROLS,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * `herald parse-feed <url-or-file> [--json]`: the feed on stdout; on stderr, one line when it was read only in part
 * (past the feed limits).
 */
export async function runParseFeed(config: Config, source: string | undefined, json: boolean): Promise<number> {
  if (!source) throw new UsageError('parse-feed needs a feed URL or a file path');
  const feed = await loadFeed(source, { allowPrivate: config.FEED_ALLOW_PRIVATE, profiles: config.fetchProfiles });
  if (feed.truncated) {
    const { itemsKept: kept, itemsInDocument: total, itemsTextCut: textCut } = feed.truncated;
    process.stderr.write(`herald: ${messages('en-US').feedTruncated({ kept, total, textCut })}\n`);
  }
  if (json) {
    process.stdout.write(`${terminalSafeJson(toContractJson(feed))}\n`);
    return 0;
  }
  // Normalized text is clean already; keys and guids are kept as the feed wrote them, so everything is stripped here.
  const line = (text: string) => process.stdout.write(`${stripControlChars(text)}\n`);
  line(`${feed.feed.title}${feed.feed.link ? ` <${feed.feed.link}>` : ''}`);
  for (const item of feed.items) {
    line(`- ${item.published ?? 'undated'}  ${item.title}\n    ${item.link ?? item.key}`);
  }
  line(`${feed.items.length} items`);
  return 0;
}
