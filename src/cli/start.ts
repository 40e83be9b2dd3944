import { type Role, start } from '../app/start.js';
import { type Config, ConfigError, discordProblems, interactionsProblems } from '../config.js';
import { buildDeps } from '../deps.js';
import { UsageError } from './usage-error.js';

const ROLES: Role[] = ['bot', 'worker', 'all', 'interactions'];

/**
 * `herald start`: runs until SIGTERM/SIGINT, then shuts down gracefully: active jobs get `SHUTDOWN_GRACE_SECONDS` to
 * finish, and the process then ends even if a job cut off at the deadline still holds a socket or a timer.
 */
export async function runStart(config: Config, role: string): Promise<number> {
  if (!ROLES.includes(role as Role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}, not "${role}"`);
  const problems = [...discordProblems(config), ...(role === 'interactions' ? interactionsProblems(config) : [])];
  if (problems.length > 0) throw new ConfigError(problems);
  // discord.js's Client reads SHARD_COUNT from the environment (how its ShardingManager briefs child processes) and
  // would turn Herald's `SHARD_COUNT=auto` into NaN; Herald's value is in `config` and reaches the client from there.
  delete process.env.SHARD_COUNT;
  const deps = await buildDeps(config);
  const app = await start(deps, role as Role);
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  await app.stop();
  // Everything Herald opened is closed; a job abandoned at the deadline may still hold the event loop open.
  setTimeout(() => process.exit(0), 1_000).unref();
  return 0;
}
