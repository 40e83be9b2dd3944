import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, redactUrl } from '../../src/log.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { stream, lines };
}

describe('logger', () => {
  it('never writes tokens or API keys, wherever they sit in a logged object', async () => {
    const { stream, lines } = capture();
    const log = createLogger('info', stream);
    log.info(
      {
        token: 'discord-secret',
        apiKey: 'sk-secret',
        config: { DISCORD_TOKEN: 'discord-secret-2', OPENAI_API_KEY: 'sk-secret-2', REDIS_URL: 'redis://x' },
        request: { headers: { authorization: 'Bot discord-secret-3' } },
      },
      'starting',
    );
    log.flush();
    const out = lines.join('');
    expect(out).toContain('"msg":"starting"');
    expect(out).toContain('redis://x');
    for (const secret of ['discord-secret', 'sk-secret', 'discord-secret-2', 'sk-secret-2', 'discord-secret-3']) {
      expect(out).not.toContain(secret);
    }
  });

  it('never writes a proxy URL, which may carry its credentials', () => {
    const { stream, lines } = capture();
    const log = createLogger('info', stream);
    log.info({ config: { FEED_PROXY_URL: 'http://u:proxy-secret@proxy.lan:3128' } }, 'starting');
    log.warn({ feedId: 1, proxy: 'socks5://u:proxy-secret-2@10.0.0.9:1080' }, 'feed poll failed');
    log.flush();
    const out = lines.join('');
    expect(out).toContain('feed poll failed');
    expect(out).not.toMatch(/proxy-secret/);
  });

  it('strips the password from a connection URL', () => {
    expect(redactUrl('postgres://herald:hunter2@db:5432/herald')).toBe('postgres://herald:***@db:5432/herald');
    expect(redactUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
    expect(redactUrl('redis://:hunter2@cache:6379/2')).toBe('redis://:***@cache:6379/2');
    expect(redactUrl('postgres://herald@db/herald')).toBe('postgres://herald@db/herald');
  });

  it('hides a password that holds an unencoded @ or / whole', () => {
    expect(redactUrl('postgres://herald:hun@ter/2@db:99999/herald')).toBe('postgres://herald:***@db:99999/herald');
  });
});
