import { parentPort, workerData } from 'node:worker_threads';
import type { PageLimits } from './page-limits.js';
import { scanPageShape } from './page-shape.js';

/**
 * Entry point of the extraction thread (see `extract-off-thread.ts`): scans the page's shape, and only when it is within
 * the limits loads linkedom and Readability and extracts the article. Answers once.
 */
const { html, limits } = workerData as { html: string; limits: PageLimits };
const shape = scanPageShape(html, limits);
if (shape.refusal) {
  const limit = {
    'too-deep': limits.maxDepth,
    'too-many-nodes': limits.maxElements,
    'too-much-text': limits.maxTextWeight,
  }[shape.refusal];
  parentPort?.postMessage({ ok: false, reason: shape.refusal, limit });
} else {
  const { extractArticle } = await import('./readable.js');
  parentPort?.postMessage({ ok: true, article: extractArticle(html) });
}
