export type { Subcommand } from './command.js';
