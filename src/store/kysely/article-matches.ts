import type { Store } from '../store.js';
import type { StoreContext } from './context.js';

/** Values per `IN (…)` list: far below SQLite's and PostgreSQL's parameter limits. */
const CHUNK = 500;

function chunks<T>(values: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += CHUNK) out.push(values.slice(i, i + CHUNK));
  return out;
}

/** Recognizing items already stored under another identity (feed ingestion). */
export function articleMatchMethods({ db }: StoreContext): Pick<Store, 'matchExistingArticles'> {
  return {
    async matchExistingArticles(feedId, probe) {
      const keys = new Set<string>();
      const links = new Set<string>();
      const titleTexts = new Set<string>();
      for (const part of chunks([...new Set(probe.keys)])) {
        const rows = await db
          .selectFrom('articles')
          .select('item_key')
          .where('feed_id', '=', feedId)
          .where('item_key', 'in', part)
          .execute();
        for (const r of rows) keys.add(r.item_key);
      }
      for (const part of chunks([...new Set(probe.links)])) {
        const rows = await db
          .selectFrom('articles')
          .select('link')
          .where('feed_id', '=', feedId)
          .where('link', 'in', part)
          .execute();
        for (const r of rows) if (r.link !== null) links.add(r.link);
      }
      for (const part of chunks([...new Set(probe.titles)])) {
        const rows = await db
          .selectFrom('articles')
          .select(['title', 'content_text'])
          .where('feed_id', '=', feedId)
          .where('title', 'in', part)
          .execute();
        for (const r of rows) titleTexts.add(`${r.title}\n\n${r.content_text}`);
      }
      return { keys, links, titleTexts };
    },
  };
}
