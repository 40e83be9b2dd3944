import type { Config } from '../config.js';
import { USER_AGENT } from '../feeds/fetch.js';
import { describeProfile, profileFor } from '../feeds/fetch-profiles.js';
import { stripControlChars } from '../text/control.js';
import { UsageError } from './usage-error.js';

/**
 * `herald fetch-profile <url> [--json]`: what Herald sends when it fetches `url` — user agent, proxy, extra headers,
 * cookie names, and which rules gave them — without the secrets: the proxy's credentials, cookie values and the values
 * of headers that may carry a token are hidden.
 */
export async function runFetchProfile(config: Config, url: string | undefined, json: boolean): Promise<number> {
  if (!url || !/^https?:\/\//i.test(url) || !URL.canParse(url)) {
    throw new UsageError(
      'fetch-profile needs an http(s) URL, such as herald fetch-profile https://example.org/feed.xml',
    );
  }
  const shown = describeProfile(profileFor(config.fetchProfiles, url), USER_AGENT);
  const file = config.fetchProfiles.path;
  if (json) {
    process.stdout.write(`${JSON.stringify({ url, file, ...shown }, null, 2)}\n`);
    return 0;
  }
  const headers = Object.entries(shown.headers as Record<string, string>).map(([name, value]) => `${name}: ${value}`);
  const cookies = shown.cookies as string[];
  const from = shown.from as string[];
  const lines = [
    `url:        ${url}`,
    `file:       ${file ?? '(none: FEED_FETCH_PROFILES is unset)'}`,
    `user agent: ${shown.userAgent}`,
    `proxy:      ${shown.proxy}`,
    `headers:    ${headers.length > 0 ? headers.join(', ') : '(none)'}`,
    `cookies:    ${cookies.length > 0 ? `${cookies.join(', ')} (values hidden)` : '(none)'}`,
    `from:       ${from.length > 0 ? from.join(', ') : "(no rule: Herald's defaults)"}`,
  ];
  process.stdout.write(`${stripControlChars(lines.join('\n'))}\n`);
  return 0;
}
