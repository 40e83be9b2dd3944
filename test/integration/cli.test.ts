import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runHerald } from '../support/herald-process.js';

async function herald(args: string[], env: Record<string, string> = {}) {
  const proc = runHerald(args, { LOG_LEVEL: 'error', ...env });
  const code = await proc.exited;
  return { code, stdout: proc.stdoutText(), stderr: proc.stderrText() };
}

describe('herald CLI', () => {
  it('refuses to start without Discord credentials, one line per missing variable', async () => {
    const { code, stderr } = await herald(['start'], { DATABASE_URL: 'sqlite::memory:' });
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toEqual([
      'herald: DISCORD_TOKEN: required to connect to Discord (the bot token)',
      'herald: DISCORD_APPLICATION_ID: required to connect to Discord (the application id)',
    ]);
  });

  it('names a malformed DATABASE_URL and what it expects, without a stack trace', async () => {
    const { code, stderr } = await herald(['migrate'], { DATABASE_URL: 'mysql://localhost/herald' });
    expect(code).toBe(2);
    expect(stderr.trim()).toBe(
      'herald: DATABASE_URL: expected sqlite:<path> or postgres://user@host:port/database (unset = SQLite at ./data/herald.db)',
    );
  });

  it('says in one line when the database cannot be reached', async () => {
    const { code, stderr } = await herald(['migrate'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' });
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^herald: .*ECONNREFUSED/);
  });

  it('prints the parse-feed JSON contract for the bundled sample', async () => {
    const { code, stdout } = await herald(['parse-feed', 'samples/dw-zh.xml', '--json']);
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout) as { feed: object; items: Array<Record<string, unknown>> };
    expect(Object.keys(parsed.feed)).toEqual(['title', 'link', 'language']);
    expect(parsed.items).toHaveLength(3);
    expect(Object.keys(parsed.items[0]!)).toEqual([
      'key',
      'guid',
      'title',
      'link',
      'published',
      'author',
      'imageUrl',
      'contentText',
      'categories',
    ]);
    const dw = parsed.items.find((i) => i.published === '2024-04-26T08:47:03.000Z');
    expect(dw?.title).toBe('王毅稱中美關係企穩 布林肯強調外交「面對面」');
    expect(dw?.contentText).not.toContain('<');
    expect(dw?.contentText).not.toContain('版權聲明');
  });

  it('exits non-zero with one clear line for a file that is not a feed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'herald-cli-'));
    const page = join(dir, 'page.html');
    writeFileSync(page, '<!doctype html><html><body>hello</body></html>');
    const { code, stderr, stdout } = await herald(['parse-feed', page, '--json']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^herald: .*not a feed/i);
  });

  it('previews the bundled sample without Discord, Redis or an LLM key', async () => {
    const { code, stdout } = await herald(['preview'], { REDIS_URL: 'redis://127.0.0.1:1' });
    expect(code).toBe(0);
    expect(stdout).toContain('┌ 王毅稱中美關係企穩 布林肯強調外交「面對面」');
    expect(stdout).toContain('extractive summary');
    expect(stdout).toContain('image: https://images.weserv.nl/?url=static.dw.com/image/68924764_303.jpg');
    // Captions and the copyright footer never reach a post.
    expect(stdout).not.toContain('美國國務卿布林肯和中國外長王毅在北京會晤。');
    expect(stdout).not.toContain('版權聲明');
  });

  it('previews in Simplified Chinese when asked', async () => {
    const { code, stdout } = await herald(['preview', '--language', 'zh-CN']);
    expect(code).toBe(0);
    expect(stdout).toContain('王毅称中美关系企稳');
  });

  it('previews a preset and a custom template, and refuses a template with a wrong placeholder', async () => {
    const [headline, custom, bad] = await Promise.all([
      herald(['preview', '--layout', 'headline']),
      herald(['preview', '--template', '{"content":"📰 {headline} {published:f}","button":"Read more"}']),
      herald(['preview', '--template', '{"content":"{nope}"}']),
    ]);
    expect(headline.code).toBe(0);
    expect(headline.stdout).toContain('thumbnail: https://images.weserv.nl/?url=static.dw.com/image/68924764_303.jpg');
    expect(headline.stdout).not.toContain('美國國務卿布林肯');
    expect(custom.code).toBe(0);
    expect(custom.stdout).toContain('📰 王毅稱中美關係企穩 布林肯強調外交「面對面」 <t:1714121223:f>');
    expect(custom.stdout).toContain('[Read more](https://www.dw.com/zh/');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('{nope}** is not a placeholder');
  }, 60_000);
});
