// Runs the deliver stage once for one channel, from the test build of the source (dist/, see build-dist.ts), with the
// configuration in its environment: `node test/support/deliver-channel.mjs <channelId>`. A test kills it with SIGKILL
// at a chosen moment, as a worker dies.
import { loadConfig } from '../../dist/src/config.js';
import { buildDeps } from '../../dist/src/deps.js';
import { deliverChannel } from '../../dist/src/pipeline/deliver/deliver.js';

const deps = await buildDeps(loadConfig(process.env));
const result = await deliverChannel(deps, process.argv[2]);
process.stdout.write(`${JSON.stringify(result)}\n`);
await deps.discordLimit?.close();
await deps.store.close();
