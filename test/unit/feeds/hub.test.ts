import { describe, expect, it } from 'vitest';
import { requestHub } from '../../../src/feeds/hub.js';

const req = {
  mode: 'subscribe' as const,
  topic: 'https://a.example/feed',
  callback: 'https://herald.example/websub/x',
};

describe('hub requests', () => {
  it('refuses a hub on a private or loopback address, as feeds are, without sending anything', async () => {
    for (const hub of [
      'http://127.0.0.1:9/hub',
      'http://169.254.169.254/latest',
      'http://[::1]/hub',
      'file:///etc/passwd',
    ]) {
      const answer = await requestHub(hub, req, { allowPrivate: false });
      expect(answer.accepted).toBe(false);
      expect(answer.accepted === false && answer.error).toMatch(/^hub request failed: refused /);
    }
  });
});
