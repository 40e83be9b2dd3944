import { adminCommandGroup, type Subcommand } from '../../src/discord/subcommand.js';
import exportBackup from './export.js';
import importBackup from './import.js';

const subcommands: Subcommand[] = [exportBackup, importBackup];

export default adminCommandGroup('backup', "Save this server's Herald setup to a file, or restore one", subcommands);
