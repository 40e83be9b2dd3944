import { type RunnableWorker, runnable } from '../src/queue/worker-def.js';
import briefing from './briefing.js';
import deliver from './deliver.js';
import maintenance from './maintenance.js';
import poll from './poll.js';
import summarize from './summarize.js';
import tick from './tick.js';

/** Every processor the `worker` role runs. */
export const workers: readonly RunnableWorker[] = [
  runnable(tick),
  runnable(poll),
  runnable(summarize),
  runnable(deliver),
  runnable(maintenance),
  runnable(briefing),
];
