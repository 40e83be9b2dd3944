import { decodeEntities } from './entities.js';
import { type HtmlElement, type HtmlNode, parseHtml } from './tree.js';

/** Elements dropped with everything inside them: code, media, captions, forms, page furniture. */
const DROPPED = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'title',
  'head',
  'iframe',
  'object',
  'embed',
  'svg',
  'math',
  'canvas',
  'img',
  'picture',
  'video',
  'audio',
  'source',
  'figure',
  'figcaption',
  'form',
  'button',
  'input',
  'select',
  'textarea',
  'nav',
]);

/** Elements that stand on their own line(s): each becomes (or ends) a paragraph. */
const BLOCKS = new Set([
  'p',
  'div',
  'section',
  'article',
  'main',
  'header',
  'footer',
  'aside',
  'blockquote',
  'pre',
  'address',
  'ul',
  'ol',
  'li',
  'dl',
  'dt',
  'dd',
  'table',
  'thead',
  'tbody',
  'tr',
  'td',
  'th',
  'caption',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
]);

const FURNITURE = /share|sharing|related|social/i;
const MAX_CAPTION_CHARS = 300;
const MAX_CAPTION_ELEMENTS = 64;
const MAX_FOOTER_CHARS = 400;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const COPYRIGHT = /^©|版權聲明|版权声明|all rights reserved|copyright/i;

function isFurniture(element: HtmlElement): boolean {
  return FURNITURE.test(`${element.attrs.get('class') ?? ''} ${element.attrs.get('id') ?? ''}`);
}

/**
 * A caption as feeds render them: a short `<div>` or `<small>` right after an image, without paragraphs inside.
 * Walked without recursion, and given up on past {@link MAX_CAPTION_ELEMENTS}: a caption is a few elements, and
 * walking the whole of a deep block after each image would cost the square of the document.
 */
function isCaption(element: HtmlElement): boolean {
  if (element.name !== 'div' && element.name !== 'small') return false;
  const pending: HtmlNode[] = [...element.children].reverse();
  let elements = 0;
  let length = 0;
  let first = -1;
  let last = -1;
  for (let node = pending.pop(); node; node = pending.pop()) {
    if (node.type === 'element') {
      if (node.name === 'p' || ++elements > MAX_CAPTION_ELEMENTS) return false;
      for (let i = node.children.length - 1; i >= 0; i--) pending.push(node.children[i] as HtmlNode);
      continue;
    }
    // The trimmed length of the text so far: from its first to its last non-space character.
    const lead = node.value.search(/\S/);
    if (lead >= 0) {
      if (first < 0) first = length + lead;
      last = length + node.value.trimEnd().length - 1;
      if (last - first + 1 > MAX_CAPTION_CHARS) return false;
    }
    length += node.value.length;
  }
  return true;
}

/** The children worth reading: furniture dropped, and the caption that follows each image. */
function keptChildren(element: HtmlElement): HtmlNode[] {
  const kept: HtmlNode[] = [];
  let afterImage = false;
  for (const child of element.children) {
    if (child.type === 'text') {
      kept.push(child);
      if (child.value.trim()) afterImage = false;
      continue;
    }
    const wasAfterImage = afterImage;
    afterImage = child.name === 'img' || child.name === 'picture';
    if (DROPPED.has(child.name) || isFurniture(child)) continue;
    if (wasAfterImage && isCaption(child)) continue;
    kept.push(child);
  }
  return kept;
}

/** Marks where a block element ends in {@link render}'s work list. */
const BLOCK_END = Symbol('block end');

/**
 * Appends the element's text to `out`: one entry per paragraph, `\n` for `<br>`. Walks the tree with a work list
 * instead of recursion, so that no nesting depth overflows the stack.
 */
function render(root: HtmlElement, out: string[]): void {
  const work: Array<HtmlNode | typeof BLOCK_END> = [root];
  for (let item = work.pop(); item !== undefined; item = work.pop()) {
    if (item === BLOCK_END) {
      out.push('');
    } else if (item.type === 'text') {
      out[out.length - 1] += item.value.replace(/[ \t\n\r\f]+/g, ' ');
    } else if (item.name === 'br') {
      out[out.length - 1] += '\n';
    } else {
      if (BLOCKS.has(item.name)) {
        out.push('');
        work.push(BLOCK_END);
      }
      const kept = keptChildren(item);
      for (let i = kept.length - 1; i >= 0; i--) work.push(kept[i] as HtmlNode);
    }
  }
}

/** A tag, comment, doctype or processing instruction: text without any is plain text, not HTML. */
const MARKUP = /<[a-z!/?]/i;

function tidy(paragraph: string): string {
  return paragraph
    .replace(/\u00a0/g, ' ')
    .split('\n')
    .map((line) => line.replace(/ {2,}/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
}

/**
 * Article HTML → clean text, paragraphs separated by a blank line (`\n\n`), a `<br>` kept as a line break. Text
 * without markup keeps its own blank lines and line breaks.
 * Drops scripts, styles, media, captions (DW's `<img><div><small>caption</small></div>` shape), share/related/social
 * blocks, a leading date-only block and trailing copyright footers; keeps link text (not URLs) and blockquotes.
 */
export function articleText(html: string): string {
  let paragraphs: string[];
  if (MARKUP.test(html)) {
    const out = [''];
    render(parseHtml(html), out);
    paragraphs = out.map(tidy).filter(Boolean);
  } else {
    // Plain text, as many feeds put in <description>: its blank lines are its paragraphs, its line breaks kept.
    paragraphs = decodeEntities(html)
      .replace(/\r\n?/g, '\n')
      .split(/\n[ \t\f\u00a0]*\n\s*/)
      .map((p) => tidy(p.replace(/[\t\f]/g, ' ')))
      .filter(Boolean);
  }
  if (paragraphs[0] && DATE_ONLY.test(paragraphs[0])) paragraphs.shift();
  while (paragraphs.length > 0) {
    const last = paragraphs[paragraphs.length - 1] ?? '';
    if (last.length > MAX_FOOTER_CHARS || !COPYRIGHT.test(last)) break;
    paragraphs.pop();
  }
  return paragraphs.join('\n\n');
}
