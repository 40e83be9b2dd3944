import { loadConfig } from '../../../src/config.js';
import { buildDeps, type Deps } from '../../../src/deps.js';
import type { Poster } from '../../../src/discord/poster.js';
import type { MessageBody } from '../../../src/discord/render.js';
import { databasesUnderTest } from '../../support/bot-harness.js';

/** SQLite always, and PostgreSQL when TEST_DATABASE_URL is set. */
export const databases = databasesUnderTest();

/** A poster that records every post it is asked to make, as the real one would send them. */
export function recordingPoster(): Poster & { posts: Array<{ channelId: string; body: MessageBody; nonce: string }> } {
  const posts: Array<{ channelId: string; body: MessageBody; nonce: string }> = [];
  return {
    posts,
    async post(channelId, body, nonce) {
      posts.push({ channelId, body, nonce });
      return String(1_000_000 + posts.length);
    },
  };
}

/** Real deps (store, summarizer from the config, logger) on `databaseUrl`, with `env` on top of test defaults. */
export async function testDeps(
  databaseUrl: string,
  env: Record<string, string>,
  overrides: Partial<Deps> = {},
): Promise<Deps> {
  const config = loadConfig({ DATABASE_URL: databaseUrl, FEED_ALLOW_PRIVATE: 'true', LOG_LEVEL: 'silent', ...env });
  return buildDeps(config, overrides);
}
