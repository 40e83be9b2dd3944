import type { NormalizedFeed } from '../domain.js';

/** One item of `herald parse-feed --json`, keys in the documented order. */
export interface ContractItem {
  key: string;
  guid: string | null;
  title: string;
  link: string | null;
  published: string | null;
  author: string | null;
  imageUrl: string | null;
  contentText: string;
  categories: string[];
}

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
