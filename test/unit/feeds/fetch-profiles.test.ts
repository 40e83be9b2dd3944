import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config.js';
import {
  cookieHeader,
  describeProfile,
  FetchProfilesError,
  parseFetchProfiles,
  profileFor,
} from '../../../src/feeds/fetch-profiles.js';

const dir = mkdtempSync(join(tmpdir(), 'herald-profiles-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function problems(json: unknown): string[] {
  try {
    parseFetchProfiles(JSON.stringify(json), '/etc/herald/profiles.json', undefined);
  } catch (err) {
    if (err instanceof FetchProfilesError) return err.problems;
    throw err;
  }
  return [];
}

const SET = parseFetchProfiles(
  JSON.stringify({
    hosts: {
      '*.example.com': { userAgent: 'UA-wild', headers: { 'X-Tier': 'wild' }, proxy: 'socks5://10.0.0.5:1080' },
      '*.news.example.com': { headers: { 'X-Tier': 'deeper' } },
      'news.example.com': { cookies: { consent: 'yes' } },
      'direct.example.com': { proxy: 'direct' },
    },
    feeds: {
      'https://news.example.com/members.xml#top': { cookies: { session: 'abc' }, userAgent: 'UA-feed' },
    },
  }),
  'p.json',
  'http://user:pw@proxy.lan:3128',
);

describe('profileFor', () => {
  it('applies the default proxy, then host patterns from the widest, the exact host, then the feed', () => {
    const p = profileFor(SET, 'https://news.example.com/members.xml');
    expect(p.userAgent).toBe('UA-feed');
    expect(p.headers).toEqual({ 'x-tier': 'wild' });
    expect(p.cookies).toEqual({ consent: 'yes', session: 'abc' });
    expect(p.proxy).toBe('socks5://10.0.0.5:1080');
    expect(p.sources).toEqual([
      'FEED_PROXY_URL',
      'hosts["*.example.com"]',
      'hosts["news.example.com"]',
      'feeds["https://news.example.com/members.xml"]',
    ]);
    expect(cookieHeader(p)).toBe('consent=yes; session=abc');
  });

  it('lets a longer pattern override a shorter one, and matches no apex with a *. pattern', () => {
    expect(profileFor(SET, 'https://a.news.example.com/x').headers).toEqual({ 'x-tier': 'deeper' });
    const apex = profileFor(SET, 'https://example.com/feed');
    expect(apex.userAgent).toBeNull();
    expect(apex.proxy).toBe('http://user:pw@proxy.lan:3128');
    expect(profileFor(SET, 'https://notexample.com/feed').sources).toEqual(['FEED_PROXY_URL']);
  });

  it('"direct" turns the proxy off; matching ignores case and a trailing dot', () => {
    expect(profileFor(SET, 'https://DIRECT.example.com./feed').proxy).toBeNull();
  });

  it("applies a feed's rule on a redirect within its host only", () => {
    const feed = 'https://news.example.com/members.xml';
    expect(profileFor(SET, 'https://news.example.com/new.xml', feed).cookies).toHaveProperty('session', 'abc');
    expect(profileFor(SET, 'https://cdn.other.org/new.xml', feed).cookies).toEqual({});
  });

  it('describes a profile without its secrets', () => {
    const p = profileFor(
      parseFetchProfiles(
        JSON.stringify({
          hosts: { 'a.org': { headers: { Authorization: 'Bearer t0ken', Referer: 'https://a.org/' } } },
        }),
        'p.json',
        'http://user:pw-secret@proxy.lan:3128',
      ),
      'https://a.org/feed',
    );
    p.cookies = { session: 'cookie-secret' };
    const text = JSON.stringify(describeProfile(p, 'Herald/x'));
    expect(text).not.toMatch(/pw-secret|t0ken|cookie-secret/);
    expect(describeProfile(p, 'Herald/x')).toEqual({
      userAgent: 'Herald/x',
      proxy: 'http://***@proxy.lan:3128/',
      headers: { authorization: '(hidden)', referer: 'https://a.org/' },
      cookies: ['session'],
      from: ['FEED_PROXY_URL', 'hosts["a.org"]'],
    });
  });
});

describe('validation', () => {
  it('names the file and each bad entry, never its value', () => {
    const found = problems({
      hosts: {
        'https://example.com': {},
        'a.org': { proxy: 'ftp://user:hunter2@x', headers: { Cookie: 'x=1', 'Bad Name': 'v' }, colour: 'red' },
      },
      feeds: { 'not a url': {} },
    });
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^\/etc\/herald\/profiles\.json: hosts\["https:\/\/example\.com"\]: expected a lower-case/,
        ),
        expect.stringMatching(/^\/etc\/herald\/profiles\.json: hosts\["a\.org"\]\.proxy|hosts\["a\.org"\]\["proxy"\]/),
        expect.stringMatching(
          /hosts\["a\.org"\]\["headers"\]\["Cookie"\]: not allowed here: set cookies with "cookies"/,
        ),
        expect.stringMatching(/\["Bad Name"\]: expected a header name/),
        expect.stringMatching(/colour/),
        expect.stringMatching(/feeds\["not a url"\]: expected an http\(s\) feed URL/),
      ]),
    );
    expect(found.join('\n')).not.toContain('hunter2');
  });

  it('refuses line breaks in a header (header smuggling) and bad cookie values', () => {
    expect(problems({ hosts: { 'a.org': { headers: { 'X-A': 'v\r\nHost: evil' } } } })[0]).toMatch(/line breaks/);
    expect(problems({ hosts: { 'a.org': { cookies: { s: 'a; b=c' } } } })[0]).toMatch(/cookie value/);
  });

  it('says when the file is not JSON', () => {
    expect(() => parseFetchProfiles('{ hosts: ', 'p.json', undefined)).toThrow(/^p\.json: not valid JSON/);
  });
});

describe('loadConfig with fetch profiles', () => {
  it('reads FEED_FETCH_PROFILES at boot and stops with a line naming the file and the bad entry', () => {
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify({ hosts: { 'example.org': { userAgent: 'UA' } } }));
    const config = loadConfig({ FEED_FETCH_PROFILES: good, FEED_PROXY_URL: 'socks5://127.0.0.1:1080' });
    expect(config.fetchProfiles.path).toBe(good);
    expect(profileFor(config.fetchProfiles, 'https://example.org/').userAgent).toBe('UA');
    expect(profileFor(config.fetchProfiles, 'https://example.org/').proxy).toBe('socks5://127.0.0.1:1080');

    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ hosts: { 'example.org': { proxy: 'gopher://x' } } }));
    const err = (() => {
      try {
        loadConfig({ FEED_FETCH_PROFILES: bad });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).problems).toEqual([
      `FEED_FETCH_PROFILES: ${bad}: hosts["example.org"]["proxy"]: expected an http://, https:// or socks5:// proxy URL, or "direct" for none`,
    ]);
  });

  it('names a missing file, and refuses a proxy URL of another scheme without echoing it', () => {
    expect(() => loadConfig({ FEED_FETCH_PROFILES: join(dir, 'missing.json') })).toThrow(
      /missing\.json: cannot be read \(ENOENT\)/,
    );
    try {
      loadConfig({ FEED_PROXY_URL: 'ftp://u:hunter2@proxy' });
      expect.unreachable();
    } catch (err) {
      expect((err as ConfigError).problems).toEqual([
        'FEED_PROXY_URL: expected an http://, https:// or socks5:// proxy URL such as http://proxy.lan:3128',
      ]);
    }
    expect(loadConfig({}).fetchProfiles.defaultProxy).toBeNull();
  });

  it('accepts RSSHUB_URL only as an http(s) URL', () => {
    expect(loadConfig({ RSSHUB_URL: 'https://rsshub.example' }).RSSHUB_URL).toBe('https://rsshub.example');
    expect(() => loadConfig({ RSSHUB_URL: 'rsshub.example' })).toThrow(/RSSHUB_URL: expected an http\(s\) URL/);
  });
});

describe('the README example', () => {
  it('is a valid profile file that means what the README says', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('### Fetching through profiles and proxies'));
    const json = /```json\n([\s\S]*?)```/.exec(section)?.[1];
    expect(json).toBeDefined();
    const set = parseFetchProfiles(json!, 'README.md', 'http://proxy.lan:3128');
    expect(profileFor(set, 'https://www.reddit.com/r/taiwan/.rss').userAgent).toMatch(/^Mozilla/);
    expect(profileFor(set, 'https://feeds.example.com/a.xml').proxy).toBe('socks5://127.0.0.1:1080');
    expect(profileFor(set, 'https://intranet.example.org/a.xml').proxy).toBeNull();
    expect(profileFor(set, 'https://members.example.net/feed.xml').cookies).toHaveProperty('session');
  });
});
