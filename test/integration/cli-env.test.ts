import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeDiscord } from '../fakes/discord/index.js';
import { runHerald } from '../support/herald-process.js';

const EXAMPLE = new URL('../../.env.example', import.meta.url);
const APP_ID = '1100000000000000009';
const TOKEN = 'dotenv.bot-token.for-test';

describe('herald reads .env from its working directory', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'herald-dotenv-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function herald(args: string[], env: Record<string, string> = {}) {
    const proc = runHerald(args, env, { cwd: dir, base: false });
    const code = await proc.exited;
    return { code, stdout: proc.stdoutText(), stderr: proc.stderrText() };
  }

  it('takes a setting from .env', async () => {
    writeFileSync(join(dir, '.env'), '# a comment\nDATABASE_URL=sqlite:./from-dotenv.db\nOPENAI_API_KEY=\n');
    const { code, stdout } = await herald(['migrate']);
    expect(code).toBe(0);
    expect(stdout).toBe('migrated sqlite:./from-dotenv.db\n');
    expect(existsSync(join(dir, 'from-dotenv.db'))).toBe(true);
  });

  it('lets a variable given to the process win over .env', async () => {
    writeFileSync(join(dir, '.env'), 'DATABASE_URL=sqlite:./from-dotenv.db\n');
    const { code, stdout } = await herald(['migrate'], { DATABASE_URL: 'sqlite:./from-env.db' });
    expect(code).toBe(0);
    expect(stdout).toBe('migrated sqlite:./from-env.db\n');
    expect(existsSync(join(dir, 'from-dotenv.db'))).toBe(false);
  });

  it('runs on its defaults without a .env', async () => {
    const { code, stdout } = await herald(['migrate']);
    expect(code).toBe(0);
    expect(stdout).toBe('migrated sqlite:./data/herald.db\n');
    expect(existsSync(join(dir, 'data', 'herald.db'))).toBe(true);
  });

  it('asks for the Discord credentials when .env is .env.example as copied (README step 3)', async () => {
    copyFileSync(EXAMPLE, join(dir, '.env'));
    const { code, stderr } = await herald(['start']);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toEqual([
      'herald: DISCORD_TOKEN: required to connect to Discord (the bot token)',
      'herald: DISCORD_APPLICATION_ID: required to connect to Discord (the application id)',
    ]);
  });

  it('registers the commands with the credentials set in the copied .env.example (README steps 3 and 4)', async () => {
    const discord = await startFakeDiscord({ botToken: TOKEN, applicationId: APP_ID, guilds: [] });
    try {
      const example = readFileSync(EXAMPLE, 'utf8')
        .replace(/^DISCORD_TOKEN=$/m, `DISCORD_TOKEN=${TOKEN}`)
        .replace(/^DISCORD_APPLICATION_ID=$/m, `DISCORD_APPLICATION_ID=${APP_ID}`);
      writeFileSync(join(dir, '.env'), `${example}\nDISCORD_API_URL=${discord.apiUrl}\n`);
      const { code, stdout, stderr } = await herald(['deploy-commands']);
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(stdout).toMatch(/^registered \d+ commands globally\n$/);
      expect(discord.commands().length).toBeGreaterThan(0);
    } finally {
      await discord.close();
    }
  });
});
