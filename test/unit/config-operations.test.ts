import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

function problemOf(env: Record<string, string>): string | undefined {
  try {
    loadConfig(env);
    return undefined;
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.join('\n');
    throw err;
  }
}

describe('operations settings', () => {
  it('accepts a Redis key prefix with a hash tag, for a Redis Cluster', () => {
    expect(loadConfig({ REDIS_KEY_PREFIX: '{herald}' }).REDIS_KEY_PREFIX).toBe('{herald}');
    expect(loadConfig({ REDIS_KEY_PREFIX: 'prod-{herald}' }).REDIS_KEY_PREFIX).toBe('prod-{herald}');
    expect(loadConfig({}).REDIS_KEY_PREFIX).toBe('herald');
  });

  it.each(['{herald', 'herald}', '}herald{', '{{herald}}', '{}', 'a{b}c{d'])(
    'refuses the prefix %s, whose braces do not pair up around a hash tag',
    (prefix) => {
      expect(problemOf({ REDIS_KEY_PREFIX: prefix })).toMatch(/^REDIS_KEY_PREFIX: expected balanced braces/);
    },
  );

  it('reads SHARD_COUNT as no sharding, a number of shards, or auto', () => {
    expect(loadConfig({}).SHARD_COUNT).toBeUndefined();
    expect(loadConfig({ SHARD_COUNT: '' }).SHARD_COUNT).toBeUndefined();
    expect(loadConfig({ SHARD_COUNT: '12' }).SHARD_COUNT).toBe(12);
    expect(loadConfig({ SHARD_COUNT: 'auto' }).SHARD_COUNT).toBe('auto');
    for (const bad of ['0', '-1', 'two', '1.5']) expect(problemOf({ SHARD_COUNT: bad })).toMatch(/^SHARD_COUNT: /);
  });

  it('defaults the shutdown grace to 30 s, logs to JSON, and the dashboard to off', () => {
    const config = loadConfig({});
    expect(config.SHUTDOWN_GRACE_SECONDS).toBe(30);
    expect(config.LOG_FORMAT).toBe('json');
    expect(config.ADMIN_TOKEN).toBeUndefined();
    expect(loadConfig({ LOG_FORMAT: 'pretty', SHUTDOWN_GRACE_SECONDS: '0' })).toMatchObject({
      LOG_FORMAT: 'pretty',
      SHUTDOWN_GRACE_SECONDS: 0,
    });
    expect(problemOf({ LOG_FORMAT: 'text' })).toMatch(/^LOG_FORMAT: expected json or pretty/);
  });

  it('refuses an admin token too short to resist guessing', () => {
    expect(problemOf({ ADMIN_TOKEN: 'hunter2' })).toMatch(/^ADMIN_TOKEN: expected at least 16 characters/);
    expect(loadConfig({ ADMIN_TOKEN: '0123456789abcdef' }).ADMIN_TOKEN).toBe('0123456789abcdef');
  });
});
