export type { PageRefusal } from '../domain.js';

/** Bounds on the work of extracting one page's article; see {@link PAGE_LIMITS}. */
export interface PageLimits {
  /** Deepest element nesting accepted. */
  maxDepth: number;
  /** Most elements accepted. */
  maxElements: number;
  /** Most text accepted, each character counted once per element it sits in (what Readability reads over and over). */
  maxTextWeight: number;
  /** Wall-clock budget of the extraction thread, start-up included. */
  timeoutMs: number;
  /** Heap of the extraction thread. */
  heapMb: number;
}

/**
 * Herald's page limits, measured with Readability 0.6 on linkedom 0.18 (`npx tsx bench/page-extraction.ts`, shared
 * 2-core machine). Extraction's cost grows with depth times size: a single chain of `<div>`s 256 deep took 0.2 s, 512
 * deep 1 s, 1,000 deep 10 s, 2,000 deep minutes. A page at 10,000 elements or at text weight 4 million takes up to
 * 1.8 s of CPU in the worst shapes measured (nested tables, thousands of short `<div>` chains), under 1 s in the
 * others. Real article pages are under 60 deep with a few thousand elements and a text weight under 1.5 million (a
 * long article, 30 KB of text at depth 15, weighs 0.45 million). The time limit stops whatever the scan cannot
 * foresee; 128 MB of heap is over twice what the largest page the limits let through (3 MB, mostly scripts) needs.
 */
export const PAGE_LIMITS: Readonly<PageLimits> = Object.freeze({
  maxDepth: 128,
  maxElements: 10_000,
  maxTextWeight: 4_000_000,
  timeoutMs: 5_000,
  heapMb: 128,
});
