import type { NormalizedFeed, NormalizedItem } from '../domain.js';

/** One item of `herald parse-feed --json`: the normalized item without its HTML (the key order is set below). */
export type ContractItem = Omit<NormalizedItem, 'contentHtml'>;

/** The document `herald parse-feed --json` prints. */
export interface ContractFeed {
  feed: { title: string; link: string | null; language: string | null };
  items: ContractItem[];
}

/**
 * The `herald parse-feed --json` shape of a feed (DESIGN.md, Contracts): keys in the documented order, items in
 * feed order, `contentHtml` left out.
 */
export function toContractJson(feed: NormalizedFeed): ContractFeed {
  return {
    feed: { title: feed.feed.title, link: feed.feed.link, language: feed.feed.language },
    items: feed.items.map((item) => ({
      key: item.key,
      guid: item.guid,
      title: item.title,
      link: item.link,
      published: item.published,
      author: item.author,
      imageUrl: item.imageUrl,
      contentText: item.contentText,
      categories: [...item.categories],
    })),
  };
}
