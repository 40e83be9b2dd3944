import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/wait.js';
import { clusterDatabase } from '../support/worker-cluster.js';
import {
  type ChaosWorker,
  type ChaosWorld,
  expectEveryStoryOncePerChannel,
  startChaosWorld,
  waitForEveryPost,
} from './support.js';

// Each kill lands while posts are flowing (after 1/5, 2/5 and 3/5 of them), whatever the total, and the test checks
// that posts were still due when it did: 500 posts give the three kills work in flight to interrupt, as 2,000 and
// 10,000 did, at a quarter of the posting.
const CHANNELS = 20;
const ARTICLES = 25;
const WORKERS = 3;
const KILLS = 3;

/**
 * Several worker processes share one Redis and one database; one of them is killed with SIGKILL at random moments
 * while 25 articles go out to 20 channels. Every (article, channel) pair must end up with exactly one message.
 */
describe(`workers killed mid-delivery (${clusterDatabase.name})`, () => {
  let world: ChaosWorld;

  beforeAll(async () => {
    world = await startChaosWorld({ channels: CHANNELS });
  });

  afterAll(async () => {
    await world?.close();
  });

  it('delivers every article to every channel exactly once, in order', async () => {
    const workers: ChaosWorker[] = [];
    for (let i = 0; i < WORKERS; i++) workers.push(await world.startWorker());
    await Promise.all(workers.map((w) => w.ready()));
    world.publish(ARTICLES);

    const expected = ARTICLES * CHANNELS;
    for (let kill = 0; kill < KILLS; kill++) {
      // Kill at a random moment while posts are flowing, then start a replacement.
      const floor = Math.floor((expected * (kill + 1)) / (KILLS + 2));
      await waitFor('posts to flow', () => world.discord.allMessages().length >= floor, 60_000, 20);
      const victim = Math.floor(Math.random() * workers.length);
      await workers[victim]!.process.kill();
      // The kill interrupted a delivery still under way, not one already over.
      expect(world.discord.allMessages().length).toBeLessThan(expected);
      workers[victim] = await world.startWorker();
    }

    await waitForEveryPost(world, ARTICLES, 120_000);
    // Let the restarted workers finish any job they recovered: nothing more may appear.
    await world.settle();
    expectEveryStoryOncePerChannel(world, ARTICLES);
  }, 240_000);
});
