import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('WebSub configuration', () => {
  it('is off by default and polls pushed feeds hourly', () => {
    const config = loadConfig({});
    expect(config.PUBLIC_URL).toBeUndefined();
    expect(config.WEBSUB_SAFETY_INTERVAL_SECONDS).toBe(3600);
  });

  it('takes an http(s) PUBLIC_URL without its trailing slash', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://herald.example.org/' }).PUBLIC_URL).toBe('https://herald.example.org');
    expect(loadConfig({ PUBLIC_URL: 'http://10.0.0.2:8080' }).PUBLIC_URL).toBe('http://10.0.0.2:8080');
  });

  it('refuses a PUBLIC_URL that is not http(s) and a safety interval under a minute, naming them', () => {
    expect(() => loadConfig({ PUBLIC_URL: 'herald.example.org' })).toThrow(ConfigError);
    expect(() => loadConfig({ PUBLIC_URL: 'https://herald.example.org/?x=1' })).toThrow(/without \? or #/);
    try {
      loadConfig({ PUBLIC_URL: 'ftp://herald.example.org', WEBSUB_SAFETY_INTERVAL_SECONDS: '10' });
    } catch (err) {
      expect((err as ConfigError).problems).toEqual([
        'PUBLIC_URL: expected the http(s) URL at which the internet reaches HTTP_PORT',
        'WEBSUB_SAFETY_INTERVAL_SECONDS: expected a whole number of seconds, at least 60',
      ]);
      return;
    }
    expect.unreachable('a bad PUBLIC_URL was accepted');
  });
});
