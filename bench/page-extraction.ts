/**
 * What Readability on linkedom costs on hostile page shapes: `npx tsx bench/page-extraction.ts`. For each generated
 * shape (chains of nested `<div>`s, a paragraph at every level, text directly in nested divs, one deep article, nested
 * tables, a flat article of linked paragraphs, nested inline tags), sized to the largest page {@link PAGE_LIMITS} lets
 * through, it prints the scan's figures and how long the scan and the extraction take on this thread (wall clock, and
 * CPU time, which a busy machine does not inflate). `--depth N` and `--elements N` size the shapes for other limits;
 * `--over 1` times them at the limits' size even when the scan refuses them (slow: minutes).
 */

import { PAGE_LIMITS } from '../src/html/page-limits.js';
import { scanPageShape } from '../src/html/page-shape.js';
import { extractArticle } from '../src/html/readable.js';
import { numericFlags } from './cluster.js';

const WORDS = 'The harbour authority approved a new pier on Monday after months of debate among residents and others.';
const P = `<p>${WORDS}</p>`;
const page = (body: string) => `<html><head><title>Bench</title></head><body>${body}</body></html>`;
const times = (n: number) => Math.max(1, Math.floor(n));

/** Each shape as a page of about `elements` elements nested `depth` deep. */
const SHAPES: Record<string, (depth: number, elements: number) => string> = {
  'div chains': (d, n) => page(`${'<div>'.repeat(d)}${P}${'</div>'.repeat(d)}`.repeat(times(n / (d + 1)))),
  'p at every level': (d, n) => page(`${`<div>${P}`.repeat(d)}${'</div>'.repeat(d)}`.repeat(times(n / (2 * d)))),
  'text in nested divs': (d, n) => page(`${`<div>${WORDS}`.repeat(d)}${'</div>'.repeat(d)}`.repeat(times(n / d))),
  'deep article': (d, n) => page(`${'<div>'.repeat(d - 1)}${P.repeat(times(n - d))}${'</div>'.repeat(d - 1)}`),
  'nested tables': (d, n) => {
    const levels = times(d / 3);
    return page(`${'<table><tr><td>'.repeat(levels)}${P}${'</td></tr></table>'.repeat(levels)}`.repeat(times(n / d)));
  },
  'linked paragraphs': (_d, n) =>
    page(`<article>${`<p><a href="/more">${WORDS}</a></p>`.repeat(times(n / 2))}</article>`),
  'nested inline': (d, n) => page(`<p>${'<b>'.repeat(d - 1)}${WORDS}${'</b>'.repeat(d - 1)}</p>`.repeat(times(n / d))),
};

const flags = numericFlags({ depth: PAGE_LIMITS.maxDepth, elements: PAGE_LIMITS.maxElements, over: 0 });
const limits = { ...PAGE_LIMITS, maxDepth: flags.depth, maxElements: flags.elements };
console.log(`limits: depth ${limits.maxDepth}, elements ${limits.maxElements}, text weight ${limits.maxTextWeight}`);
/** The shape at the depth and size of the limits, shrunk by tenths until the scan accepts it (unless `--over`). */
function largestAccepted(build: (depth: number, elements: number) => string): string {
  // `<html>`, `<body>` and the innermost element are three levels; `<html><head><title><body>` four elements.
  let elements = limits.maxElements - 4;
  let html = build(limits.maxDepth - 3, elements);
  while (!flags.over && scanPageShape(html, limits).refusal && elements > 100) {
    elements = Math.floor(elements * 0.9);
    html = build(limits.maxDepth - 3, elements);
  }
  return html;
}

for (const [name, build] of Object.entries(SHAPES)) {
  const html = largestAccepted(build);
  const t0 = performance.now();
  const shape = scanPageShape(html, limits);
  const scanMs = performance.now() - t0;
  const figures = `${(html.length / 1024).toFixed(0)} KB, depth ${shape.depth}, ${shape.elements} elements, weight ${shape.textWeight}`;
  const t1 = performance.now();
  const cpu = process.cpuUsage();
  const article = extractArticle(html);
  const extractMs = performance.now() - t1;
  const { user, system } = process.cpuUsage(cpu);
  const verdict = shape.refusal ? `refused (${shape.refusal})` : 'accepted';
  console.log(
    `${name}: ${figures}: ${verdict}; scan ${scanMs.toFixed(0)} ms, extraction ${extractMs.toFixed(0)} ms (CPU ${((user + system) / 1000).toFixed(0)} ms), ${article?.text.length ?? 0} chars`,
  );
}
