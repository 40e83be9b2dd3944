import { describe, expect, it } from 'vitest';
import { ConfigError, discordProblems, loadConfig } from '../../src/config.js';
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
    expect(config.FEED_POLL_MIN_INTERVAL_SECONDS).toBe(120);
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

  it('refuses a poll interval below its floor', () => {
    expect(problemsOf({ FEED_POLL_INTERVAL_SECONDS: '60', FEED_POLL_MIN_INTERVAL_SECONDS: '120' })[0]).toMatch(
      /^FEED_POLL_INTERVAL_SECONDS: expected at least/,
    );
  });

  it('reads LLM_TOPICS as a closed list: trimmed, repeats dropped, the news sections by default', () => {
    expect(loadConfig({}).LLM_TOPICS).toEqual(DEFAULT_TOPICS);
    expect(loadConfig({ LLM_TOPICS: ' ' }).LLM_TOPICS).toEqual(DEFAULT_TOPICS);
    expect(loadConfig({ LLM_TOPICS: 'Chips, 半導體,,chips , AI' }).LLM_TOPICS).toEqual(['Chips', '半導體', 'AI']);
    expect(problemsOf({ LLM_TOPICS: ', ,' })[0]).toMatch(/^LLM_TOPICS: expected 1 to 100 comma-separated topic labels/);
    expect(problemsOf({ LLM_TOPICS: `ok,${'x'.repeat(61)}` })[0]).toMatch(/^LLM_TOPICS: .*at most 60 characters/);
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
