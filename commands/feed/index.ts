import { adminCommandGroup, type Subcommand } from '../../src/discord/subcommand.js';
import add from './add.js';
import exportFeeds from './export.js';
import history from './history.js';
import importFeeds from './import.js';
import interval from './interval.js';
import list from './list.js';
import move from './move.js';
import remove from './remove.js';
import retry from './retry.js';
import why from './why.js';

const subcommands: Subcommand[] = [add, remove, list, retry, importFeeds, exportFeeds, why, history, interval, move];

export default adminCommandGroup('feed', 'Manage the feeds this server follows', subcommands);
