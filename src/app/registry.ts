/**
 * The one file under src/ that reaches the top-level `commands/` and `workers/` folders: the composition root
 * (`start.ts`) hands them to the bot and the workers, and `herald deploy-commands` registers the same commands.
 * Everything else in src/ stays below them (checked by dependency-cruiser in `npm test`).
 */
export { commands } from '../../commands/index.js';
export { workers } from '../../workers/index.js';
