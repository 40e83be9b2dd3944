import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeDiscord } from '../fakes/discord/index.js';
import { runHerald } from '../support/herald-process.js';

const REDIS = '127.0.0.1:6379';
const POSTGRES = '127.0.0.1:5432';
const PASSWORD = 'hunter2-secret';
const DISCORD = { DISCORD_TOKEN: 'not.a.real-token', DISCORD_APPLICATION_ID: '1100000000000000009' };
// Ten seconds of connect timeout plus a loaded machine's start-up of Node.
const BOUND_MS = 60_000;

/**
 * Runs `herald <args>` to its end; a process still running after the bound is killed and the test fails, since a
 * misconfiguration must stop the process rather than retry.
 */
async function herald(args: string[], env: Record<string, string>) {
  const proc = runHerald(args, {
    LOG_LEVEL: 'warn',
    REDIS_KEY_PREFIX: `herald-boot-${randomBytes(4).toString('hex')}`,
    ...env,
  });
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<'running'>((resolve) => {
    timer = setTimeout(() => resolve('running'), BOUND_MS - 5_000);
  });
  const code = await Promise.race([proc.exited, bound]);
  clearTimeout(timer);
  if (code === 'running') {
    await proc.kill();
    throw new Error(`herald ${args.join(' ')} was still running: ${proc.stderrText()}`);
  }
  const lines = proc
    .stderrText()
    .split('\n')
    .filter((l) => l.startsWith('herald: '));
  return { code, lines, stderr: proc.stderrText(), logs: proc.logs };
}

/** A TCP server that accepts connections and never says a word. */
async function silentServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

// Every test starts a process of its own that exits at once: side by side, their start-ups overlap.
describe.concurrent('herald boot failures: one line naming the variable, then exit', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'herald-boot-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(
    'stops before starting workers when REDIS_URL names a database Redis does not have',
    async () => {
      const { code, lines, logs } = await herald(['start', '--role', 'worker'], {
        ...DISCORD,
        DATABASE_URL: 'sqlite::memory:',
        REDIS_URL: `redis://${REDIS}/99`,
      });
      expect(code).toBe(1);
      expect(lines).toEqual([
        `herald: cannot use Redis at redis://${REDIS}/99 (REDIS_URL): ERR DB index is out of range`,
      ]);
      expect(logs.map((l) => l.msg)).not.toContain('workers started');
    },
    BOUND_MS,
  );

  it.each([
    ['a refused port', `postgres://postgres:${PASSWORD}@127.0.0.1:1/herald`, /ECONNREFUSED/],
    ['a role that does not exist', `postgres://no_such_role:${PASSWORD}@${POSTGRES}/test`, /role "no_such_role"/],
  ])(
    'stops migrate on %s, naming DATABASE_URL without the password',
    async (_, url, reason) => {
      const { code, lines, stderr } = await herald(['migrate'], { DATABASE_URL: url });
      expect(code).toBe(1);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^herald: cannot open the database at postgres:\/\/[a-z_]+:\*\*\*@127\.0\.0\.1:\d+\/\w+ \(DATABASE_URL\): /,
      );
      expect(lines[0]).toMatch(reason);
      expect(stderr).not.toContain(PASSWORD);
    },
    BOUND_MS,
  );

  it(
    'refuses a DATABASE_URL whose port is not a port, as a configuration problem',
    async () => {
      const { code, lines, stderr } = await herald(['migrate'], {
        DATABASE_URL: `postgres://postgres:${PASSWORD}@127.0.0.1:99999/herald`,
      });
      expect(code).toBe(2);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^herald: DATABASE_URL: .*port from 1 to 65535/);
      expect(stderr).not.toContain(PASSWORD);
    },
    BOUND_MS,
  );

  it(
    'refuses an explicit SQLite path whose directory is missing instead of creating it',
    async () => {
      const missing = join(dir, 'missing', 'nested');
      const { code, lines } = await herald(['migrate'], { DATABASE_URL: `sqlite:${missing}/herald.db` });
      expect(code).toBe(1);
      expect(lines).toEqual([
        `herald: cannot open the database at sqlite:${missing}/herald.db (DATABASE_URL): the directory ${missing} does not exist (create it first; only the default ./data is created)`,
      ]);
      expect(existsSync(join(dir, 'missing'))).toBe(false);
    },
    BOUND_MS,
  );

  it.each([
    ['start', '--role', 'worker'],
    ['search', '--', 'taiwan'],
    ['stats'],
    ['reindex'],
    ['export-opml', '--guild', '1200000000000000001'],
    ['import-opml', 'OPML', '--guild', '1200000000000000001', '--channel', '1300000000000000001'],
  ])(
    'names DATABASE_URL when `herald %s` cannot reach the database',
    async (...args) => {
      const opml = join(dir, 'feeds.opml');
      writeFileSync(opml, '<opml version="2.0"><body><outline xmlUrl="https://example.org/feed.xml"/></body></opml>');
      const { code, lines } = await herald(
        args.map((a) => (a === 'OPML' ? opml : a)),
        {
          ...DISCORD,
          DATABASE_URL: `postgres://postgres:${PASSWORD}@127.0.0.1:1/herald`,
        },
      );
      expect(code).toBe(1);
      expect(lines).toEqual([
        'herald: cannot open the database at postgres://postgres:***@127.0.0.1:1/herald (DATABASE_URL): connect ECONNREFUSED 127.0.0.1:1',
      ]);
    },
    BOUND_MS,
  );
});

// Each of these waits out the 10 s connect timeout; side by side they cost one wait.
describe.concurrent('herald boot against a server that never completes the handshake', () => {
  it(
    'stops when REDIS_URL asks for TLS from a plain Redis',
    async () => {
      const { code, lines } = await herald(['start', '--role', 'worker'], {
        ...DISCORD,
        DATABASE_URL: 'sqlite::memory:',
        REDIS_URL: `rediss://${REDIS}`,
      });
      expect(code).toBe(1);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^herald: cannot use Redis at rediss:\/\/127\.0\.0\.1:6379 \(REDIS_URL\): .*TLS/);
    },
    BOUND_MS,
  );

  it(
    'stops when Redis accepts the connection and never answers, without printing its password',
    async () => {
      const silent = await silentServer();
      try {
        const { code, lines, stderr } = await herald(['start', '--role', 'worker'], {
          ...DISCORD,
          DATABASE_URL: 'sqlite::memory:',
          REDIS_URL: `redis://:${PASSWORD}@127.0.0.1:${silent.port}`,
        });
        expect(code).toBe(1);
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(
          /^herald: cannot use Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+ \(REDIS_URL\): no answer within 10 s$/,
        );
        expect(stderr).not.toContain(PASSWORD);
      } finally {
        await silent.close();
      }
    },
    BOUND_MS,
  );

  it(
    'stops when PostgreSQL accepts the connection and never answers',
    async () => {
      const silent = await silentServer();
      try {
        const { code, lines, stderr } = await herald(['migrate'], {
          DATABASE_URL: `postgres://postgres:${PASSWORD}@127.0.0.1:${silent.port}/herald`,
        });
        expect(code).toBe(1);
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(/\(DATABASE_URL\): no answer within 10 s$/);
        expect(stderr).not.toContain(PASSWORD);
      } finally {
        await silent.close();
      }
    },
    BOUND_MS,
  );
});

describe.concurrent('herald deploy-commands and start without a working Discord', () => {
  it(
    'names DISCORD_API_URL when nothing answers there',
    async () => {
      const { code, lines } = await herald(['deploy-commands'], {
        ...DISCORD,
        DISCORD_API_URL: 'http://127.0.0.1:1/api',
      });
      expect(code).toBe(1);
      expect(lines).toEqual([
        'herald: cannot reach Discord at http://127.0.0.1:1/api (DISCORD_API_URL): connect ECONNREFUSED 127.0.0.1:1',
      ]);
    },
    BOUND_MS,
  );

  it(
    'names DISCORD_API_URL when `herald start` cannot reach Discord',
    async () => {
      const { code, lines } = await herald(['start', '--role', 'bot'], {
        ...DISCORD,
        DATABASE_URL: 'sqlite::memory:',
        DISCORD_API_URL: 'http://127.0.0.1:1/api',
      });
      expect(code).toBe(1);
      expect(lines).toEqual([
        'herald: cannot reach Discord at http://127.0.0.1:1/api (DISCORD_API_URL): connect ECONNREFUSED 127.0.0.1:1',
      ]);
    },
    BOUND_MS,
  );

  it(
    'names DISCORD_TOKEN when Discord refuses the token, and the invitation when a server refuses the commands',
    async () => {
      const discord = await startFakeDiscord({
        botToken: 'the.right-token',
        applicationId: DISCORD.DISCORD_APPLICATION_ID,
        guilds: [],
      });
      try {
        const refused = await herald(['deploy-commands'], { ...DISCORD, DISCORD_API_URL: discord.apiUrl });
        expect(refused.code).toBe(1);
        expect(refused.lines).toHaveLength(1);
        expect(refused.lines[0]).toMatch(/^herald: Discord refused the bot token \(DISCORD_TOKEN\): .*401/);
        expect(refused.stderr).not.toContain(DISCORD.DISCORD_TOKEN);

        const elsewhere = await herald(['deploy-commands', '--guild', '1200000000000000001'], {
          ...DISCORD,
          DISCORD_TOKEN: 'the.right-token',
          DISCORD_API_URL: discord.apiUrl,
        });
        expect(elsewhere.code).toBe(1);
        expect(elsewhere.lines).toEqual([
          'herald: Discord refused: Unknown Guild (is the bot in server 1200000000000000001, invited with the applications.commands scope?)',
        ]);
      } finally {
        await discord.close();
      }
    },
    BOUND_MS,
  );
});
