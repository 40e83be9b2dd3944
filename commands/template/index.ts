import { adminCommandGroup, type Subcommand } from '../../src/discord/subcommand.js';
import list from './list.js';
import preview from './preview.js';
import remove from './remove.js';
import set from './set.js';

const subcommands: Subcommand[] = [set, list, remove, preview];

export default adminCommandGroup('template', 'Message templates: how posts look, beyond the presets', subcommands);
