import type { Poster } from '../../../src/discord/poster.js';
import type { MessageBody } from '../../../src/discord/render.js';
import { databasesUnderTest } from '../../support/bot-harness.js';

export { testDeps } from '../../support/bot-harness.js';

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
