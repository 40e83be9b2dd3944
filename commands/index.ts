import { validateCommands } from '../src/discord/command.js';
import feed from './feed/index.js';
import search from './search.js';
import subscriptions from './subscriptions.js';

/** Every slash command, checked once at load (unique names, an `execute` each). */
export const commands = validateCommands([feed, subscriptions, search]);
