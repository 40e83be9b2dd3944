import { commands } from '../app/registry.js';
import { type Config, ConfigError, discordProblems } from '../config.js';
import { deployCommands } from '../discord/deploy.js';
import { discordUnavailable } from '../unavailable.js';

/** `herald deploy-commands [--guild ID]`: registers the slash commands (globally, or in one server at once). */
export async function runDeployCommands(config: Config, guildId: string | undefined): Promise<number> {
  const problems = discordProblems(config);
  if (problems.length > 0) throw new ConfigError(problems);
  const count = await deployCommands(commands.values(), {
    token: config.DISCORD_TOKEN!,
    api: config.DISCORD_API_URL,
    applicationId: config.DISCORD_APPLICATION_ID!,
    ...(guildId ? { guildId } : {}),
  }).catch((err: unknown) => Promise.reject(discordUnavailable(config.DISCORD_API_URL, err, guildId)));
  process.stdout.write(`registered ${count} commands ${guildId ? `in server ${guildId}` : 'globally'}\n`);
  return 0;
}
