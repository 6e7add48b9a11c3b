import { sql, type Migration } from 'kysely';
import type { TableNames } from '../names.js';

/** The FTS5 search indexes the store merges while it has no writes to do (see `search-index-merge.ts`). */
export const mergedSearchIndexes = (n: TableNames): string[] => [n.ticket_words, n.ticket_search];

/**
 * FTS5 writes each transaction's index entries as a new segment, and a search reads every segment
 * of each term: at 20,000 tickets written over HTTP the word index held 15 segments, and finding
 * the newest matches took three times as long as over one. The store now merges segments while it
 * is idle (an FTS5 `merge` step at a time). `usermerge = 2` lets a step merge two segments of a
 * level (default: four), so idle merging leaves at most one segment per level.
 */
export const searchIndexMerging = (n: TableNames): Migration => ({
  async up(db) {
    for (const index of mergedSearchIndexes(n)) {
      await sql.raw(`INSERT INTO ${index} (${index}, rank) VALUES ('usermerge', 2)`).execute(db);
    }
  },
  async down(db) {
    for (const index of mergedSearchIndexes(n)) {
      await sql.raw(`INSERT INTO ${index} (${index}, rank) VALUES ('usermerge', 4)`).execute(db);
    }
  },
});
