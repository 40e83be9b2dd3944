import { type Role, start } from '../app/start.js';
import { type Config, ConfigError, discordProblems } from '../config.js';
import { buildDeps } from '../deps.js';
import { UserError } from '../domain.js';

const ROLES: Role[] = ['bot', 'worker', 'all'];

/** `herald start`: runs until SIGTERM/SIGINT, then shuts down gracefully. */
export async function runStart(config: Config, role: string): Promise<number> {
  if (!ROLES.includes(role as Role)) throw new UserError(`--role must be one of ${ROLES.join(', ')}, not "${role}"`);
  const problems = discordProblems(config);
  if (problems.length > 0) throw new ConfigError(problems);
  const deps = await buildDeps(config);
  const app = await start(deps, role as Role);
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  await app.stop();
  return 0;
}
