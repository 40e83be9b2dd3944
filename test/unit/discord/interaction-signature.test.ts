import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runStart } from '../../../src/cli/start.js';
import { ConfigError, interactionsProblems, loadConfig } from '../../../src/config.js';
import { interactionPublicKey, isSignedByDiscord } from '../../../src/discord/interaction-signature.js';

const pair = generateKeyPairSync('ed25519');
const hex = pair.publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
const body = Buffer.from('{"type":1}', 'utf8');
const signature = (timestamp: string, signed = body, key = pair.privateKey) =>
  sign(null, Buffer.concat([Buffer.from(timestamp), signed]), key).toString('hex');

describe('the Ed25519 check of an interaction request', () => {
  const key = interactionPublicKey(hex);

  it('accepts Discord’s signature of the timestamp followed by the raw body, in either hex case', () => {
    expect(isSignedByDiscord(key, '1700000000', body, signature('1700000000'))).toBe(true);
    expect(isSignedByDiscord(key, '1700000000', body, signature('1700000000').toUpperCase())).toBe(true);
  });

  it('refuses another timestamp, another body, another key, and missing or malformed headers', () => {
    const good = signature('1700000000');
    expect(isSignedByDiscord(key, '1700000001', body, good)).toBe(false);
    expect(isSignedByDiscord(key, '1700000000', Buffer.from('{"type":2}'), good)).toBe(false);
    const other = generateKeyPairSync('ed25519').privateKey;
    expect(isSignedByDiscord(key, '1700000000', body, signature('1700000000', body, other))).toBe(false);
    expect(isSignedByDiscord(key, undefined, body, good)).toBe(false);
    expect(isSignedByDiscord(key, '1700000000', body, undefined)).toBe(false);
    expect(isSignedByDiscord(key, '1700000000', body, good.slice(2))).toBe(false);
    expect(isSignedByDiscord(key, '1700000000', body, `zz${good.slice(2)}`)).toBe(false);
  });

  it('takes the public key as the developer portal shows it, 64 hex digits', () => {
    expect(() => interactionPublicKey(hex.slice(2))).toThrow('64 hex digits');
    expect(() => loadConfig({ DISCORD_PUBLIC_KEY: 'not-a-key' })).toThrow(ConfigError);
    expect(loadConfig({ DISCORD_PUBLIC_KEY: hex }).DISCORD_PUBLIC_KEY).toBe(hex);
  });

  it('asks --role interactions for the public key and the HTTP port', () => {
    expect(interactionsProblems(loadConfig({}))).toEqual([
      "DISCORD_PUBLIC_KEY: required for --role interactions (the application's public key)",
      'HTTP_PORT: required for --role interactions (Discord POSTs interactions to /interactions on it)',
    ]);
    expect(interactionsProblems(loadConfig({ DISCORD_PUBLIC_KEY: hex, HTTP_PORT: '8080' }))).toEqual([]);
  });

  it('has `herald start --role interactions` refuse to start without them, before connecting to anything', async () => {
    const config = loadConfig({ DISCORD_TOKEN: 'a-token', DISCORD_APPLICATION_ID: '1100000000000000009' });
    const refused = await runStart(config, 'interactions').catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(ConfigError);
    expect((refused as ConfigError).problems.map((p) => p.split(':')[0])).toEqual(['DISCORD_PUBLIC_KEY', 'HTTP_PORT']);
    await expect(runStart(config, 'gateway')).rejects.toThrow('--role must be one of bot, worker, all, interactions');
  });
});
