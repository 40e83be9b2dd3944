import { ConfigError, discordProblems, interactionsProblems } from '../config.js';
import type { Deps } from '../deps.js';
import { startBot } from '../discord/bot.js';
import { createInteractionsEndpoint, type InteractionsEndpoint } from '../discord/http-interactions.js';
import { interactionPublicKey } from '../discord/interaction-signature.js';
import { createRedis, probeRedis } from '../queue/connection.js';
import { refreshQueueMetrics } from '../queue/queue-metrics.js';
import { createQueues, QUEUE_NAMES } from '../queue/queues.js';
import { redisReplayGuard } from '../queue/replay-guard.js';
import { runWorkers } from '../queue/run-workers.js';
import { discordUnavailable } from '../unavailable.js';
import { createAdminDashboard } from './admin.js';
import { gatewayEvents } from './gateway-events.js';
import { type ReadinessCheck, startHttp } from './http.js';
import { commands, workers } from './registry.js';
import { createWebSubHandler } from './websub-endpoint.js';

export type Role = 'bot' | 'worker' | 'all' | 'interactions';

/**
 * Runs the bot, the workers, both, or the HTTP interactions endpoint, until `stop()` is called (SIGTERM/SIGINT in the
 * CLI). Stopping closes the gateway, gives the workers' active jobs `SHUTDOWN_GRACE_SECONDS` to finish (a job cut
 * short is handed back by BullMQ's stalled-job check), then closes Redis and the database. If starting fails
 * half-way, what was started is stopped before the error propagates, so the process can exit.
 */
export async function start(deps: Deps, role: Role): Promise<{ stop(): Promise<void> }> {
  const { config, log } = deps;
  const problems = [...discordProblems(config), ...(role === 'interactions' ? interactionsProblems(config) : [])];
  if (problems.length > 0) throw new ConfigError(problems);

  // Undone in reverse order by stop().
  const cleanup: Array<() => Promise<unknown> | unknown> = [
    () => deps.store.close(),
    () => deps.discordLimit?.close(),
    () => deps.hostLimit?.close(),
  ];
  const stop = async () => {
    for (const step of cleanup.reverse().splice(0)) {
      await Promise.resolve()
        .then(step)
        .catch((err: unknown) => log.warn({ err }, 'error while shutting down'));
    }
  };

  try {
    await probeRedis(config.REDIS_URL);
    const producer = createRedis(config.REDIS_URL, 'producer', log);
    cleanup.push(() => producer.disconnect());
    const queues = createQueues(producer, config.REDIS_KEY_PREFIX);
    cleanup.push(() => queues.close());

    if (role === 'worker' || role === 'all') {
      const connection = createRedis(config.REDIS_URL, 'worker', log);
      cleanup.push(() => connection.disconnect());
      await queues.scheduleTick(config.SCHEDULER_TICK_SECONDS * 1000);
      await queues.scheduleMaintenance(24 * 3600 * 1000);
      const running = runWorkers(workers, { deps, queues, connection, prefix: config.REDIS_KEY_PREFIX });
      cleanup.push(() => running.close(config.SHUTDOWN_GRACE_SECONDS * 1000));
      log.info({ role }, 'workers started');
    }
    const checks: ReadinessCheck[] = [
      ['redis', () => producer.ping()],
      ['database', () => deps.store.ping()],
    ];
    let interactions: InteractionsEndpoint | undefined;
    if (role === 'interactions') {
      const endpoint = await createInteractionsEndpoint(deps, commands, {
        token: config.DISCORD_TOKEN!,
        applicationId: config.DISCORD_APPLICATION_ID!,
        api: config.DISCORD_API_URL,
        publicKey: interactionPublicKey(config.DISCORD_PUBLIC_KEY!),
        replay: redisReplayGuard(producer, config.REDIS_KEY_PREFIX),
      }).catch((err: unknown) => Promise.reject(discordUnavailable(config.DISCORD_API_URL, err)));
      interactions = endpoint;
      cleanup.push(() => endpoint.close());
    }
    if (role === 'bot' || role === 'all') {
      const client = await startBot(deps, commands, {
        token: config.DISCORD_TOKEN!,
        api: config.DISCORD_API_URL,
        shards: config.SHARD_COUNT,
        events: gatewayEvents(deps),
      }).catch((err: unknown) => Promise.reject(discordUnavailable(config.DISCORD_API_URL, err)));
      cleanup.push(() => client.destroy());
      checks.push([
        'discord',
        async () => (client.isReady() ? undefined : Promise.reject(new Error('gateway not ready'))),
      ]);
    }
    if (config.HTTP_PORT !== undefined) {
      const http = await startHttp(config.HTTP_PORT, role, {
        checks,
        registry: deps.metrics.registry,
        beforeScrape: () => refreshQueueMetrics(queues, deps.metrics),
        admin: config.ADMIN_TOKEN
          ? createAdminDashboard(
              QUEUE_NAMES.map((name) => queues.queue(name)),
              config.ADMIN_TOKEN,
            )
          : undefined,
        interactions: interactions?.handle,
        websub: config.PUBLIC_URL ? createWebSubHandler(deps, queues) : undefined,
      });
      cleanup.push(() => new Promise((resolve) => http.close(resolve)));
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    async stop() {
      log.info({ role }, 'shutting down');
      await stop();
    },
  };
}
