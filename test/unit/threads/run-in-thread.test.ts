import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runInThread, threadEntry } from '../../../src/threads/run-in-thread.js';

const dir = mkdtempSync(join(tmpdir(), 'herald-threads-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A worker module with `body` (plain JavaScript: the thread runs it as is). */
function module(name: string, body: string): URL {
  const path = join(dir, `${name}.mjs`);
  writeFileSync(path, `import { parentPort, workerData } from 'node:worker_threads';\n${body}\n`);
  return pathToFileURL(path);
}

describe('runInThread', () => {
  it('hands the module its workerData and settles with its first message', async () => {
    const threads: number[] = [];
    const outcome = await runInThread({
      entry: module('echo', 'parentPort.postMessage({ doubled: workerData.n * 2 }); parentPort.postMessage("late");'),
      workerData: { n: 21 },
      timeoutMs: 30_000,
      onThread: (id) => threads.push(id),
    });
    expect(outcome).toEqual({ kind: 'message', message: { doubled: 42 } });
    expect(threads).toHaveLength(1);
  });

  it('terminates a thread stuck in synchronous code once its time is up, without blocking this thread', async () => {
    const order: string[] = [];
    const stuck = runInThread({ entry: module('spin', 'for (;;) {}'), workerData: null, timeoutMs: 1_500 }).then(
      (outcome) => {
        order.push('thread');
        return outcome;
      },
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    order.push('timer');
    expect(await stuck).toEqual({ kind: 'timeout' });
    expect(order).toEqual(['timer', 'thread']);
  });

  it('reports a thrown error, an exit without an answer, and running out of heap', async () => {
    const thrown = await runInThread({
      entry: module('throw', 'throw new Error("boom");'),
      workerData: null,
      timeoutMs: 30_000,
    });
    expect(thrown).toMatchObject({ kind: 'error', error: { message: 'boom' } });
    const exited = await runInThread({
      entry: module('exit', 'process.exit(3);'),
      workerData: null,
      timeoutMs: 30_000,
    });
    expect(exited).toEqual({ kind: 'exit', code: 3 });
    const hungry = await runInThread({
      entry: module('hog', 'const keep = []; for (;;) keep.push(new Array(1e5).fill(keep.length));'),
      workerData: null,
      resourceLimits: { maxOldGenerationSizeMb: 32 },
      timeoutMs: 60_000,
    });
    expect(hungry).toMatchObject({ kind: 'error', error: { code: 'ERR_WORKER_OUT_OF_MEMORY' } });
  }, 90_000);
});

describe('threadEntry', () => {
  it('names the TypeScript sibling from source and the JavaScript one when built', () => {
    expect(threadEntry('./parse-worker', 'file:///app/src/feeds/parse-off-thread.ts').href).toBe(
      'file:///app/src/feeds/parse-worker.ts',
    );
    expect(threadEntry('./parse-worker', 'file:///app/dist/src/feeds/parse-off-thread.js').href).toBe(
      'file:///app/dist/src/feeds/parse-worker.js',
    );
  });
});
