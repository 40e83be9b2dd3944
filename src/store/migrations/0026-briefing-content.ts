import type { Kysely, Migration } from 'kysely';

/**
 * What a briefing says for a period (its opening and stories, as JSON), composed once and kept with the period's run:
 * a retry posts the remaining parts of that same text without asking the LLM again.
 */
export function briefingContent(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('briefing_runs').addColumn('content', 'text').execute();
    },
  };
}
