/**
 * What Herald reads of one feed document. Past `maxDepth` a document is refused as a parse error; the others are
 * applied by the parser itself.
 */
export const FEED_LIMITS = {
  /**
   * Element nesting. libxml2 refuses documents deeper than 256 by default; real feeds nest a dozen levels, Atom
   * XHTML content a few dozen more.
   */
  maxDepth: 256,
} as const;
