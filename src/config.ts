import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import { type FetchProfiles, FetchProfilesError, loadFetchProfiles, PROXY_PROTOCOLS } from './feeds/fetch-profiles.js';
import { DEFAULT_TOPICS, MAX_TOPIC_LABEL, MAX_TOPIC_LABELS, parseTopicList } from './summarize/topic-labels.js';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'expected true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/**
 * A whole number from `min` to `max` (no upper bound when `max` is omitted) of `unit`. Every failure — not a number,
 * a fraction, out of range — gets the same message naming the range, so a value that is merely too large is not
 * reported as "not a number".
 */
const wholeNumber = (unit: string | null, min: number, max?: number, note?: string) => {
  const range = max === undefined ? `at least ${min}` : `from ${min} to ${max}`;
  const error = `expected a whole number${unit ? ` of ${unit}` : ''}, ${range}${note ? ` (${note})` : ''}`;
  const atLeast = z.coerce.number({ error }).int({ error }).min(min, { error });
  return max === undefined ? atLeast : atLeast.max(max, { error });
};

const seconds = (min: number) => wholeNumber('seconds', min);

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const url = (protocols: string[], hint: string) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    { error: hint },
  );

const schema = z.object({
  DISCORD_TOKEN: optionalText,
  DISCORD_APPLICATION_ID: optionalText.refine((v) => v === undefined || /^\d{15,21}$/.test(v), {
    error: 'expected a Discord application id (a snowflake, digits only)',
  }),
  // the application's public key (General Information → Public Key), for `herald start --role interactions`
  DISCORD_PUBLIC_KEY: optionalText.refine((v) => v === undefined || /^[0-9a-fA-F]{64}$/.test(v), {
    error: "expected the application's public key: 64 hex digits (General Information → Public Key)",
  }),
  DISCORD_API_URL: url(['http:', 'https:'], 'expected an http(s) URL such as https://discord.com/api').default(
    'https://discord.com/api',
  ),
  // Discord's global limit per bot (50 requests/s unless Discord raised it), shared by every process through Redis
  DISCORD_GLOBAL_RPS: wholeNumber('requests per second', 1).default(50),
  OPENAI_BASE_URL: url(['http:', 'https:'], 'expected an http(s) URL such as https://api.openai.com/v1').optional(),
  OPENAI_API_KEY: optionalText,
  OPENAI_MODEL: z.string().min(1).default('gpt-4o-mini'),
  // an embeddings model (e.g. text-embedding-3-small): stories in different languages are then matched by the
  // embeddings of their summaries; unset, by the English names of their entities
  OPENAI_EMBEDDINGS_MODEL: optionalText,
  // where that model is served, when not at OPENAI_BASE_URL (an OpenAI-compatible base URL ending in /v1)
  OPENAI_EMBEDDINGS_URL: url(
    ['http:', 'https:'],
    'expected an http(s) URL such as http://localhost:11434/v1',
  ).optional(),
  LLM_FALLBACK_WAIT_SECONDS: seconds(0).default(600),
  // how long a story waiting for an unavailable LLM waits between tries (a Retry-After or open breaker may ask more)
  LLM_RETRY_SECONDS: seconds(1).default(15),
  // summaries: cost and failure control of the LLM
  LLM_MAX_REQUESTS_PER_MINUTE: wholeNumber('requests per minute', 1).default(60),
  LLM_CONCURRENCY: wholeNumber('jobs at once', 1, 256).default(4),
  LLM_DAILY_TOKEN_BUDGET: wholeNumber('tokens', 0, undefined, '0 = no limit').default(0),
  LLM_INPUT_TOKEN_BUDGET: wholeNumber('tokens', 200).default(3000),
  LLM_BREAKER_FAILURES: wholeNumber('failures', 1).default(5),
  LLM_BREAKER_COOLDOWN_SECONDS: seconds(1).default(60),
  // the closed list of topic labels the LLM picks from, comma-separated (unset or empty: the default news sections)
  LLM_TOPICS: optionalText
    .transform((v) => (v === undefined ? [...DEFAULT_TOPICS] : parseTopicList(v)))
    .refine((list) => list.length >= 1 && list.length <= MAX_TOPIC_LABELS, {
      error: `expected 1 to ${MAX_TOPIC_LABELS} comma-separated topic labels, e.g. politics,business,sports`,
    })
    .refine((list) => list.every((label) => label.length <= MAX_TOPIC_LABEL), {
      error: `expected topic labels of at most ${MAX_TOPIC_LABEL} characters`,
    }),
  ARTICLE_FETCH_FULL_TEXT: bool.default(true),
  SUMMARIZE_URL_USER_LIMIT: wholeNumber('requests', 0, undefined, '0 turns /summarize off').default(5),
  SUMMARIZE_URL_SERVER_LIMIT: wholeNumber('requests', 0, undefined, '0 turns /summarize off').default(20),
  REDIS_URL: url(['redis:', 'rediss:'], 'expected a redis:// or rediss:// URL').default('redis://127.0.0.1:6379'),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_{}.-]{1,64}$/, { error: 'expected 1-64 letters, digits, _ . - { }' })
    .refine(balancedHashTag, {
      error: 'expected balanced braces around a non-empty hash tag, such as {herald} for a Redis Cluster',
    })
    .default('herald'),
  DATABASE_URL: optionalText
    .refine((v) => v === undefined || /^sqlite:.+/.test(v) || /^postgres(ql)?:\/\/[^/]+/.test(v), {
      error: 'expected sqlite:<path> or postgres://user@host:port/database (unset = SQLite at ./data/herald.db)',
    })
    .refine((v) => v === undefined || !/^postgres/.test(v) || URL.canParse(v), {
      error:
        'expected a postgres:// URL that parses: a port from 1 to 65535, and %-encoded @ : / ? # in the user name and password',
    }),
  FEED_ALLOW_PRIVATE: bool.default(false),
  // fetch profiles: a JSON file of per-host and per-feed user agents, headers, cookies and proxies; the default proxy
  FEED_FETCH_PROFILES: optionalText,
  FEED_PROXY_URL: url(
    PROXY_PROTOCOLS as string[],
    'expected an http://, https:// or socks5:// proxy URL such as http://proxy.lan:3128',
  ).optional(),
  // a self-hosted or public RSSHub instance, for /feed add rsshub://<route>
  RSSHUB_URL: url(['http:', 'https:'], 'expected an http(s) URL such as https://rsshub.app').optional(),
  FEED_POLL_INTERVAL_SECONDS: seconds(1).default(600),
  FEED_POLL_MIN_INTERVAL_SECONDS: seconds(1).default(60),
  // adaptive polling: each feed's interval follows how often it publishes, between the floor and this ceiling
  FEED_POLL_ADAPTIVE: bool.default(true),
  // (unset: 6 × FEED_POLL_INTERVAL_SECONDS, an hour at the default)
  FEED_POLL_ADAPTIVE_CEILING_SECONDS: seconds(1).optional(),
  // requests per minute all feeds together may use (unset: what polling every feed at FEED_POLL_INTERVAL_SECONDS would)
  FEED_POLL_BUDGET_PER_MINUTE: wholeNumber('requests per minute', 1).optional(),
  // the lag within which adaptive polling tries to find as many new items as its budget allows
  FEED_POLL_TARGET_LAG_SECONDS: seconds(1).default(300),
  // the longest interval `/feed interval` may set (a day)
  FEED_POLL_MAX_INTERVAL_SECONDS: seconds(1).default(86_400),
  SCHEDULER_TICK_SECONDS: seconds(1).default(30),
  // per-host politeness, across every worker process: fetches of one host at once, and requests to it per minute
  FEED_HOST_MAX_CONCURRENT: wholeNumber('fetches', 1, 100).default(2),
  FEED_HOST_MAX_PER_MINUTE: wholeNumber('requests per minute', 1, 6000).default(60),
  // archive: articles older than this are pruned daily; 0 keeps them forever
  ARTICLE_RETENTION_DAYS: wholeNumber('days', 0, undefined, '0 keeps articles forever').default(365),
  JOB_LOCK_SECONDS: seconds(1).default(30),
  HTTP_PORT: wholeNumber(null, 0, 65535, 'a TCP port; 0 picks a free one').optional(),
  // WebSub: where hubs reach Herald's HTTP server from the internet (unset: no push subscriptions, only polling)
  PUBLIC_URL: url(['http:', 'https:'], 'expected the http(s) URL at which the internet reaches HTTP_PORT')
    .refine((v) => !/[?#]/.test(v), { error: 'expected a URL without ? or # (callbacks are added as a path below it)' })
    .transform((v) => v.replace(/\/+$/, ''))
    .optional(),
  WEBSUB_SAFETY_INTERVAL_SECONDS: seconds(60).default(3600),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // operations
  LOG_FORMAT: z.enum(['json', 'pretty'], { error: 'expected json or pretty' }).default('json'),
  ADMIN_TOKEN: optionalText.refine((v) => v === undefined || v.length >= 16, {
    error: 'expected at least 16 characters (openssl rand -hex 24 makes one); unset turns the dashboard off',
  }),
  SHARD_COUNT: optionalText
    .refine((v) => v === undefined || v === 'auto' || /^[1-9]\d{0,3}$/.test(v), {
      error: 'expected auto or a number of shards from 1 to 9999 (unset: no sharding)',
    })
    .transform((v): number | 'auto' | undefined => (v === undefined || v === 'auto' ? v : Number(v))),
  SHUTDOWN_GRACE_SECONDS: seconds(0).default(30),
});

/**
 * A Redis Cluster hashes only the part of a key between the first `{` and the next `}`, so a prefix such as
 * `{herald}` puts every key of a BullMQ queue in one slot, as its Lua scripts require. Braces must pair up, not nest,
 * and enclose something (an empty `{}` would hash the whole key).
 */
function balancedHashTag(prefix: string): boolean {
  return /^[^{}]*(\{[^{}]+\}[^{}]*)*$/.test(prefix);
}

/**
 * Herald's configuration, parsed once from the environment, with the fetch profiles read from `FEED_FETCH_PROFILES`
 * (and `FEED_PROXY_URL`).
 */
export type Config = Readonly<z.infer<typeof schema> & { fetchProfiles: FetchProfiles }>;

/** Thrown when the environment is invalid; `problems` holds one line per bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses the environment; throws a `ConfigError` naming every bad variable. A variable set to nothing (or only
 * spaces), as `.env.example` leaves most of them, counts as unset and gets its default.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''));
  const parsed = schema.safeParse(set);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`));
  }
  const values = parsed.data;
  let fetchProfiles: FetchProfiles;
  try {
    fetchProfiles = loadFetchProfiles(values.FEED_FETCH_PROFILES, values.FEED_PROXY_URL);
  } catch (err) {
    if (err instanceof FetchProfilesError) throw new ConfigError(err.problems.map((p) => `FEED_FETCH_PROFILES: ${p}`));
    throw err;
  }
  const config = { ...values, fetchProfiles };
  if (config.FEED_POLL_INTERVAL_SECONDS < config.FEED_POLL_MIN_INTERVAL_SECONDS) {
    throw new ConfigError([
      `FEED_POLL_INTERVAL_SECONDS: expected at least FEED_POLL_MIN_INTERVAL_SECONDS (${config.FEED_POLL_MIN_INTERVAL_SECONDS})`,
    ]);
  }
  if (
    config.FEED_POLL_ADAPTIVE_CEILING_SECONDS !== undefined &&
    config.FEED_POLL_ADAPTIVE_CEILING_SECONDS < config.FEED_POLL_INTERVAL_SECONDS
  ) {
    throw new ConfigError([
      `FEED_POLL_ADAPTIVE_CEILING_SECONDS: expected at least FEED_POLL_INTERVAL_SECONDS (${config.FEED_POLL_INTERVAL_SECONDS})`,
    ]);
  }
  if (config.FEED_POLL_MAX_INTERVAL_SECONDS < config.FEED_POLL_MIN_INTERVAL_SECONDS) {
    throw new ConfigError([
      `FEED_POLL_MAX_INTERVAL_SECONDS: expected at least FEED_POLL_MIN_INTERVAL_SECONDS (${config.FEED_POLL_MIN_INTERVAL_SECONDS})`,
    ]);
  }
  return Object.freeze(config);
}

/** Extra checks for a role that talks to Discord; returns one line per missing variable. */
export function discordProblems(config: Config): string[] {
  const problems: string[] = [];
  if (!config.DISCORD_TOKEN) problems.push('DISCORD_TOKEN: required to connect to Discord (the bot token)');
  if (!config.DISCORD_APPLICATION_ID) {
    problems.push('DISCORD_APPLICATION_ID: required to connect to Discord (the application id)');
  }
  return problems;
}

/** Extra checks for the interactions endpoint (`--role interactions`); returns one line per missing variable. */
export function interactionsProblems(config: Config): string[] {
  const problems: string[] = [];
  if (!config.DISCORD_PUBLIC_KEY) {
    problems.push("DISCORD_PUBLIC_KEY: required for --role interactions (the application's public key)");
  }
  if (config.HTTP_PORT === undefined) {
    problems.push('HTTP_PORT: required for --role interactions (Discord POSTs interactions to /interactions on it)');
  }
  return problems;
}

/**
 * Adds the variables of an env file such as `.env` to `env`, so that a `herald` started by hand reads the same file
 * Docker Compose does. A variable `env` already holds wins, even when set to nothing, as with Compose: what the
 * process was given is the operator's last word. Returns false when the file does not exist.
 * @throws Error naming the file when it exists but cannot be read
 */
export function loadEnvFile(path: string, env: Record<string, string | undefined> = process.env): boolean {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return false;
    throw new Error(`cannot read ${path} (${code ?? (err as Error).message})`);
  }
  for (const [key, value] of Object.entries(parseEnv(text))) {
    if (value !== undefined && !Object.hasOwn(env, key)) env[key] = value;
  }
  return true;
}
