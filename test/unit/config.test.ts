import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, discordProblems, loadConfig, loadEnvFile } from '../../src/config.js';
import { DEFAULT_TOPICS } from '../../src/summarize/topic-labels.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('loadConfig', () => {
  it('runs on embedded defaults with an empty environment', () => {
    const config = loadConfig({});
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.FEED_POLL_INTERVAL_SECONDS).toBe(600);
    expect(config.FEED_POLL_MIN_INTERVAL_SECONDS).toBe(60);
    expect(config.SCHEDULER_TICK_SECONDS).toBe(30);
    expect(config.LLM_FALLBACK_WAIT_SECONDS).toBe(600);
    expect(config.FEED_ALLOW_PRIVATE).toBe(false);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('names every bad variable on its own line, with what it expects', () => {
    const problems = problemsOf({
      DATABASE_URL: 'mysql://localhost/db',
      REDIS_URL: 'localhost:6379',
      FEED_POLL_INTERVAL_SECONDS: 'ten',
      FEED_ALLOW_PRIVATE: 'maybe',
    });
    expect(problems).toHaveLength(4);
    expect(problems.find((p) => p.startsWith('DATABASE_URL:'))).toMatch(/sqlite:<path> or postgres:\/\//);
    expect(problems.find((p) => p.startsWith('REDIS_URL:'))).toMatch(/redis:\/\//);
    expect(problems.find((p) => p.startsWith('FEED_POLL_INTERVAL_SECONDS:'))).toMatch(/number/);
    expect(problems.find((p) => p.startsWith('FEED_ALLOW_PRIVATE:'))).toMatch(/true or false/);
  });

  it('accepts sqlite: and postgres:// database URLs', () => {
    expect(loadConfig({ DATABASE_URL: 'sqlite:/tmp/h.db' }).DATABASE_URL).toBe('sqlite:/tmp/h.db');
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/herald' }).DATABASE_URL).toBe(
      'postgres://u:p@db:5432/herald',
    );
  });

  it('refuses a postgres URL that no driver could parse, without echoing it', () => {
    for (const url of ['postgres://u:hunter2@db:99999/herald', 'postgres://u:hunter2@db:port/herald']) {
      const problems = problemsOf({ DATABASE_URL: url });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^DATABASE_URL: expected a postgres:\/\/ URL that parses: a port from 1 to 65535/);
      expect(problems[0]).not.toContain('hunter2');
    }
  });

  it('refuses a poll interval below its floor', () => {
    expect(problemsOf({ FEED_POLL_INTERVAL_SECONDS: '60', FEED_POLL_MIN_INTERVAL_SECONDS: '120' })[0]).toMatch(
      /^FEED_POLL_INTERVAL_SECONDS: expected at least/,
    );
  });

  it('refuses an adaptive ceiling below the default interval, and leaves the budget and ceiling unset by default', () => {
    expect(problemsOf({ FEED_POLL_INTERVAL_SECONDS: '600', FEED_POLL_ADAPTIVE_CEILING_SECONDS: '300' })[0]).toMatch(
      /^FEED_POLL_ADAPTIVE_CEILING_SECONDS: expected at least FEED_POLL_INTERVAL_SECONDS \(600\)/,
    );
    const config = loadConfig({});
    expect(config.FEED_POLL_ADAPTIVE).toBe(true);
    expect(config.FEED_POLL_ADAPTIVE_CEILING_SECONDS).toBeUndefined();
    expect(config.FEED_POLL_BUDGET_PER_MINUTE).toBeUndefined();
  });

  it('limits each host to 2 fetches at once and 60 a minute by default, and refuses a limit of 0', () => {
    const config = loadConfig({});
    expect([config.FEED_HOST_MAX_CONCURRENT, config.FEED_HOST_MAX_PER_MINUTE]).toEqual([2, 60]);
    expect(loadConfig({ FEED_HOST_MAX_CONCURRENT: '4', FEED_HOST_MAX_PER_MINUTE: '600' })).toMatchObject({
      FEED_HOST_MAX_CONCURRENT: 4,
      FEED_HOST_MAX_PER_MINUTE: 600,
    });
    expect(problemsOf({ FEED_HOST_MAX_CONCURRENT: '0', FEED_HOST_MAX_PER_MINUTE: 'many' })).toEqual([
      expect.stringMatching(/^FEED_HOST_MAX_CONCURRENT: expected a whole number of fetches, from 1 to 100/),
      expect.stringMatching(
        /^FEED_HOST_MAX_PER_MINUTE: expected a whole number of requests per minute, from 1 to 6000/,
      ),
    ]);
  });

  it('defaults the /feed interval ceiling to a day and refuses one below the floor', () => {
    expect(loadConfig({}).FEED_POLL_MAX_INTERVAL_SECONDS).toBe(86_400);
    expect(problemsOf({ FEED_POLL_MAX_INTERVAL_SECONDS: '60', FEED_POLL_MIN_INTERVAL_SECONDS: '120' })[0]).toMatch(
      /^FEED_POLL_MAX_INTERVAL_SECONDS: expected at least FEED_POLL_MIN_INTERVAL_SECONDS \(120\)/,
    );
  });

  it('reads LLM_TOPICS as a closed list: trimmed, repeats dropped, the news sections by default', () => {
    expect(loadConfig({}).LLM_TOPICS).toEqual(DEFAULT_TOPICS);
    expect(loadConfig({ LLM_TOPICS: ' ' }).LLM_TOPICS).toEqual(DEFAULT_TOPICS);
    expect(loadConfig({ LLM_TOPICS: 'Chips, 半導體,,chips , AI' }).LLM_TOPICS).toEqual(['Chips', '半導體', 'AI']);
    expect(problemsOf({ LLM_TOPICS: ', ,' })[0]).toMatch(/^LLM_TOPICS: expected 1 to 100 comma-separated topic labels/);
    expect(problemsOf({ LLM_TOPICS: `ok,${'x'.repeat(61)}` })[0]).toMatch(/^LLM_TOPICS: .*at most 60 characters/);
  });

  it.each([
    ['LLM_CONCURRENCY', '1000', 'from 1 to 256'],
    ['LLM_CONCURRENCY', '0', 'from 1 to 256'],
    ['LLM_CONCURRENCY', 'four', 'from 1 to 256'],
    ['LLM_CONCURRENCY', '2.5', 'from 1 to 256'],
    ['HTTP_PORT', '70000', 'from 0 to 65535'],
    ['HTTP_PORT', '-1', 'from 0 to 65535'],
    ['LLM_INPUT_TOKEN_BUDGET', '100', 'at least 200'],
    ['LLM_MAX_REQUESTS_PER_MINUTE', 'lots', 'at least 1'],
    ['LLM_BREAKER_FAILURES', '0', 'at least 1'],
    ['LLM_DAILY_TOKEN_BUDGET', '-5', 'at least 0'],
    ['DISCORD_GLOBAL_RPS', '0', 'at least 1'],
    ['SUMMARIZE_URL_USER_LIMIT', '-1', 'at least 0'],
    ['SUMMARIZE_URL_SERVER_LIMIT', '1.5', 'at least 0'],
    ['ARTICLE_RETENTION_DAYS', 'forever', 'at least 0'],
    ['SCHEDULER_TICK_SECONDS', '0', 'at least 1'],
    ['JOB_LOCK_SECONDS', 'half a minute', 'at least 1'],
  ])('names the range of %s when it is %j', (key, value, range) => {
    const problems = problemsOf({ [key]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${key}: expected a whole number.*${range}`));
  });

  it('names the range of every numeric key of .env.example when the value is out of it', () => {
    const example = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
    const keys = [...example.matchAll(/^#? ?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]!);
    expect(keys).toContain('HTTP_PORT');
    const numeric = keys.filter((key) => problemsOf({ [key]: '-1' }).some((p) => /number/.test(p)));
    expect(numeric.length).toBeGreaterThanOrEqual(15);
    for (const key of numeric) {
      for (const value of ['-1', '99999999999', 'x']) {
        // A cross-key check (the poll interval below its floor) may speak instead; only the key's own line counts.
        const problem = problemsOf({ [key]: value }).find((p) => p.startsWith(`${key}:`)) ?? '';
        if (value === '99999999999' && problem === '') continue; // no upper bound
        expect(problem).toMatch(new RegExp(`^${key}: .*(from \\d+ to \\d+|at least \\d+)`));
      }
    }
  });

  it('reads an empty or blank variable as unset, so it takes its default', () => {
    const blank = {
      HTTP_PORT: '',
      LLM_CONCURRENCY: ' ',
      ARTICLE_RETENTION_DAYS: '',
      SHUTDOWN_GRACE_SECONDS: '',
      FEED_ALLOW_PRIVATE: '',
      REDIS_URL: '',
      REDIS_KEY_PREFIX: '',
      LOG_LEVEL: '',
      OPENAI_API_KEY: '',
      OPENAI_BASE_URL: '',
      DISCORD_TOKEN: '',
      DATABASE_URL: '',
    };
    const config = loadConfig(blank);
    expect(config).toMatchObject({
      LLM_CONCURRENCY: 4,
      ARTICLE_RETENTION_DAYS: 365,
      SHUTDOWN_GRACE_SECONDS: 30,
      FEED_ALLOW_PRIVATE: false,
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_KEY_PREFIX: 'herald',
      LOG_LEVEL: 'info',
    });
    expect(config.HTTP_PORT).toBeUndefined();
    expect(config.OPENAI_API_KEY).toBeUndefined();
    expect(config.OPENAI_BASE_URL).toBeUndefined();
    expect(config.DISCORD_TOKEN).toBeUndefined();
    expect(config.DATABASE_URL).toBeUndefined();
    expect(loadConfig({ HTTP_PORT: '0' }).HTTP_PORT).toBe(0);
  });

  it('reads every key of .env.example as it stands without a problem', () => {
    const example = parseEnv(readFileSync(new URL('../../.env.example', import.meta.url), 'utf8'));
    expect(problemsOf(example as Record<string, string>)).toEqual([]);
  });

  it('reports missing Discord credentials for the roles that need them', () => {
    expect(discordProblems(loadConfig({}))).toEqual([
      'DISCORD_TOKEN: required to connect to Discord (the bot token)',
      'DISCORD_APPLICATION_ID: required to connect to Discord (the application id)',
    ]);
    expect(discordProblems(loadConfig({ DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: '123456789012345678' }))).toEqual(
      [],
    );
  });
});

describe('loadEnvFile', () => {
  function withFile(content: string, run: (path: string) => void): void {
    const dir = mkdtempSync(join(tmpdir(), 'herald-envfile-'));
    try {
      const path = join(dir, '.env');
      writeFileSync(path, content);
      run(path);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('adds what the environment leaves unset and keeps what it sets, even to nothing', () => {
    withFile('A=from-file\nB=from-file\nC=from-file\nD="quoted value" # comment\nexport E=exported\n', (path) => {
      const env: Record<string, string | undefined> = { A: 'from-env', B: '' };
      expect(loadEnvFile(path, env)).toBe(true);
      expect(env).toEqual({ A: 'from-env', B: '', C: 'from-file', D: 'quoted value', E: 'exported' });
    });
  });

  it('is content without a file, and names a file it cannot read', () => {
    const env = {};
    expect(loadEnvFile('/nonexistent-herald-dir/.env', env)).toBe(false);
    expect(env).toEqual({});
    const dir = mkdtempSync(join(tmpdir(), 'herald-envfile-'));
    try {
      expect(() => loadEnvFile(dir, {})).toThrow(`cannot read ${dir} (EISDIR)`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
