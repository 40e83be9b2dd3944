import { createHash } from 'node:crypto';

/**
 * The identity of a story for summary caching: the same title and opening text give the same key, whichever feed
 * carried them, so a wire story in several feeds is summarized once. Whitespace, case and width are ignored.
 */
export function storyKey(article: { title: string; contentText: string }): string {
  const norm = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
  const digest = createHash('sha256')
    .update(norm(article.title))
    .update('\u0000')
    .update(norm(article.contentText).slice(0, 500))
    .digest('hex');
  return `s1-${digest.slice(0, 32)}`;
}
