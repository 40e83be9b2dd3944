import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';

describe('LOG_FORMAT=pretty', () => {
  it('prints readable lines, not JSON, with secrets still redacted', async () => {
    let out = '';
    const stream = new Writable({
      write(chunk, _enc, done) {
        out += String(chunk);
        done();
      },
    });
    const log = createLogger('info', stream, 'pretty');
    log.info(
      {
        feedId: 12,
        token: 'discord-secret',
        config: { ADMIN_TOKEN: 'admin-secret-0123456789', OPENAI_API_KEY: 'sk-secret' },
        request: { headers: { authorization: 'Bearer admin-secret-2', cookie: 'herald_admin=admin-secret-3' } },
      },
      'feed polled',
    );
    log.debug('not at this level');
    await new Promise((resolve) => setImmediate(resolve));

    const [first, ...fields] = out.trimEnd().split('\n');
    expect(first).toMatch(/^\[\d{2}:\d{2}:\d{2}\.\d{3}\] INFO \(\d+\): feed polled$/);
    expect(fields).toContain('    feedId: 12');
    expect(() => JSON.parse(out)).toThrow();
    expect(out).toContain('[redacted]');
    expect(out).not.toContain('not at this level');
    for (const secret of ['discord-secret', 'admin-secret', 'sk-secret']) expect(out).not.toContain(secret);
  });
});
