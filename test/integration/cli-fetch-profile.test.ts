import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';

const dir = mkdtempSync(join(tmpdir(), 'herald-fetch-profile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function inProcess(args: string[], env: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  for (const [key, value] of Object.entries({ LOG_LEVEL: 'error', ...env })) vi.stubEnv(key, value);
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => out.push(String(chunk)) > 0);
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => err.push(String(chunk)) > 0);
  try {
    const code = await main(args);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  }
}

const SECRETS = /hunter2|s3ssion-value|Bearer t0ken/;

describe('herald fetch-profile', () => {
  const file = join(dir, 'profiles.json');
  writeFileSync(
    file,
    JSON.stringify({
      hosts: {
        '*.example.org': { userAgent: 'Mozilla/5.0 (compatible; Herald)', proxy: 'socks5://tor:hunter2@10.0.0.9:9050' },
      },
      feeds: {
        'https://news.example.org/feed.xml': {
          headers: { Authorization: 'Bearer t0ken', 'Accept-Language': 'zh-TW' },
          cookies: { session: 's3ssion-value' },
        },
      },
    }),
  );
  const env = { FEED_FETCH_PROFILES: file, FEED_PROXY_URL: 'http://me:hunter2@proxy.lan:3128' };

  it('prints the effective profile of a URL without its secrets', async () => {
    const { code, stdout } = await inProcess(['fetch-profile', 'https://news.example.org/feed.xml'], env);
    expect(code).toBe(0);
    expect(stdout).not.toMatch(SECRETS);
    expect(stdout).toContain('user agent: Mozilla/5.0 (compatible; Herald)');
    expect(stdout).toContain('proxy:      socks5://***@10.0.0.9:9050');
    expect(stdout).toContain('headers:    authorization: (hidden), accept-language: zh-TW');
    expect(stdout).toContain('cookies:    session (values hidden)');
    expect(stdout).toContain(
      'from:       FEED_PROXY_URL, hosts["*.example.org"], feeds["https://news.example.org/feed.xml"]',
    );
  });

  it('shows the defaults for a URL no rule matches, as JSON too', async () => {
    const { code, stdout } = await inProcess(['fetch-profile', 'https://elsewhere.example/rss', '--json'], env);
    expect(code).toBe(0);
    expect(stdout).not.toMatch(SECRETS);
    expect(JSON.parse(stdout)).toEqual({
      url: 'https://elsewhere.example/rss',
      file,
      userAgent: expect.stringMatching(/^Herald\//),
      proxy: 'http://***@proxy.lan:3128/',
      headers: {},
      cookies: [],
      from: ['FEED_PROXY_URL'],
    });
  });

  it('stops at boot on a bad profile file, naming it and the entry', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ hosts: { 'example.org': { cookies: { s: 'a;b' } } } }));
    const { code, stderr } = await inProcess(['fetch-profile', 'https://example.org/'], { FEED_FETCH_PROFILES: bad });
    expect(code).toBe(2);
    expect(stderr).toBe(
      `herald: FEED_FETCH_PROFILES: ${bad}: hosts["example.org"]["cookies"]["s"]: expected a cookie value without ; , " \\ or spaces\n`,
    );
  });

  it('asks for a URL', async () => {
    const { code, stderr } = await inProcess(['fetch-profile'], {});
    expect(code).toBe(1);
    expect(stderr).toMatch(/^herald: fetch-profile needs an http\(s\) URL/);
  });
});
