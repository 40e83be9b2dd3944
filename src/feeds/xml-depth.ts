const GT = 0x3e;
const SLASH = 0x2f;
const QUESTION = 0x3f;
const BANG = 0x21;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;

/** Whether a character code can start an element name (ASCII letters, `_`, `:`, or any non-ASCII character). */
function isNameStart(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x3a || c >= 0x80;
}

/** Index of the `>` that ends the tag or declaration starting at `from`, skipping quoted values; -1 when none. */
function tagEnd(xml: string, from: number): number {
  let quote = 0;
  for (let i = from + 1; i < xml.length; i++) {
    const c = xml.charCodeAt(i);
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) quote = c;
    else if (c === GT) return i;
  }
  return -1;
}

/** Index of the last character of `terminator` after `from`, or -1 when the document ends first. */
function endOf(xml: string, terminator: string, from: number): number {
  const at = xml.indexOf(terminator, from);
  return at < 0 ? -1 : at + terminator.length - 1;
}

/**
 * True when the XML document nests elements more than `max` levels deep. A linear scan of the markup (comments,
 * CDATA, processing instructions and declarations skipped; `>` inside quoted attribute values ignored) that runs
 * before the parser: xml2js keeps every open element on its stack, so a 10 MB document of nested tags costs
 * hundreds of megabytes before any walker sees it. Markup the parser would reject anyway (an unterminated tag)
 * ends the scan with false and is left to the parser to report.
 */
export function nestsDeeperThan(xml: string, max: number): boolean {
  let depth = 0;
  for (let i = xml.indexOf('<'); i >= 0 && i < xml.length; ) {
    const next = xml.charCodeAt(i + 1);
    let end: number;
    if (next === SLASH) {
      end = tagEnd(xml, i);
      depth = Math.max(0, depth - 1);
    } else if (next === QUESTION) {
      end = endOf(xml, '?>', i + 2);
    } else if (next === BANG) {
      if (xml.startsWith('<!--', i)) end = endOf(xml, '-->', i + 4);
      else if (xml.startsWith('<![CDATA[', i)) end = endOf(xml, ']]>', i + 9);
      else end = tagEnd(xml, i);
    } else if (!isNameStart(next)) {
      // Not a tag (a stray `<` in text, or the end of the document): the parser reports it if it matters.
      end = i;
    } else {
      end = tagEnd(xml, i);
      if (end >= 0 && xml.charCodeAt(end - 1) !== SLASH) {
        depth += 1;
        if (depth > max) return true;
      }
    }
    if (end < 0) return false;
    i = xml.indexOf('<', end + 1);
  }
  return false;
}
